/**
 * The sfdx-project.json this tool renders for: its sourceApiVersion is the default target API version.
 * Looked up in the current directory first (the user's project), then in this package. The one reader of
 * sfdx-project.json: `render` and `deploy` both use it, so they always pick the same API version.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { cliError } from '../errors/index.js';
import { packageRoot } from './packageRoot.js';

const sfdxProjectSchema = z.looseObject({ sourceApiVersion: z.string().optional() });

const readProject = async (dir: string): Promise<{ path: string; sourceApiVersion?: string } | undefined> => {
  const path = join(dir, 'sfdx-project.json');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw cliError('ApiVersionInvalid', ['(unreadable)', `${path} is not valid JSON; fix it or pass --api-version`]);
  }
  const parsed = sfdxProjectSchema.safeParse(json);
  if (!parsed.success) throw cliError('ApiVersionInvalid', ['(unreadable)', `${path} has a sourceApiVersion that is not a string`]);
  return { path, ...(parsed.data.sourceApiVersion === undefined ? {} : { sourceApiVersion: parsed.data.sourceApiVersion }) };
};

/** sourceApiVersion of ./sfdx-project.json, else of this package's; undefined when neither sets one. */
export const projectApiVersion = async (cwd = process.cwd()): Promise<string | undefined> => {
  for (const dir of [cwd, packageRoot()]) {
    const project = await readProject(dir);
    if (project?.sourceApiVersion !== undefined) return project.sourceApiVersion;
  }
  return undefined;
};
