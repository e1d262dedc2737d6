/**
 * Reads the registration spec (and optional tenant overrides) from disk and validates it. Every problem is
 * reported at once as `<json path>: <what is wrong> — <fix>` in one SpecInvalid error (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { z } from 'zod';
import { cliError } from '../errors/index.js';
import { defaultSpecPath } from '../files/index.js';
import { registrationSchema, type Registration } from './registrationSchema.js';
import { formatSpecIssues, parseJsonText } from './specIssues.js';
import { decodeSpecText } from './specText.js';
import { applyTenantOverrides, tenantOverridesSchema, type TenantOverrides } from './tenantOverrides.js';

export type LoadRegistrationOptions = {
  /** Defaults to metadata-templates/ren.registration.json of this package (not of the current directory). */
  specPath?: string;
  /** A JSON file matching tenantOverridesSchema. */
  overridesPath?: string;
  /** Overrides given in code (e.g. one tenant of a rollout); applied after overridesPath. */
  overrides?: TenantOverrides;
};

const displayPath = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
};

/** `what` names the file as the user knows it: the spec, or the overrides file given with --overrides. */
type JsonFileKind = 'spec' | 'overrides file';

const invalid = (file: string, problems: readonly string[], what: JsonFileKind) =>
  cliError('SpecInvalid', [what, file, problems.length, problems.map((p) => `  - ${p}`).join('\n')], { data: { file, problems } });

/** Reads and validates one JSON file against `schema`; SpecInvalid for unreadable files, bad JSON and bad values. */
export const loadJsonFile = async <S extends z.ZodType>(path: string, schema: S, what: JsonFileKind = 'spec'): Promise<z.infer<S>> => {
  const file = displayPath(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a directory' : `it cannot be read (${code})`;
    throw invalid(file, [`(file): ${why} — check the path`], what);
  }
  const decoded = decodeSpecText(bytes);
  if (!decoded.ok) throw invalid(file, [decoded.problem], what);
  const json = parseJsonText(decoded.text);
  if (!json.ok) throw invalid(file, [json.problem], what);
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) throw invalid(file, formatSpecIssues(parsed.error.issues), what);
  return parsed.data;
};

export const loadRegistration = async (options: LoadRegistrationOptions = {}): Promise<Registration> => {
  const specPath = options.specPath ?? defaultSpecPath();
  let registration = await loadJsonFile(specPath, registrationSchema);
  if (options.overridesPath !== undefined) {
    const fileOverrides = await loadJsonFile(options.overridesPath, tenantOverridesSchema, 'overrides file');
    registration = applyTenantOverrides(registration, fileOverrides, `${displayPath(specPath)} with overrides ${displayPath(options.overridesPath)}`);
  }
  if (options.overrides !== undefined) {
    registration = applyTenantOverrides(registration, options.overrides, `${displayPath(specPath)} with tenant overrides`);
  }
  return registration;
};
