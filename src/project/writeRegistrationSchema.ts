/** Writes (or checks) the generated JSON Schema file of the spec. */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { cliError } from '../errors/index.js';
import { registrationJsonSchemaText } from '../registration/index.js';
import { writeFileAtomic } from '../files/index.js';
import { schemaPath } from '../files/index.js';

export type SchemaResult = { path: string; written: boolean };

export const writeRegistrationSchema = async (options: { output?: string; check?: boolean }): Promise<SchemaResult> => {
  const text = registrationJsonSchemaText();
  const target = options.output ?? schemaPath();
  const shown = relative(process.cwd(), target).startsWith('..') ? target : relative(process.cwd(), target);
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (current === text) return { path: shown, written: false };
  if (options.check) {
    throw cliError('RenderedFilesOutdated', [shown, 1, `  - ${shown}: ${current === undefined ? 'missing' : 'differs'}`], {
      actions: ['Run "npm run schema" and commit the result.'],
    });
  }
  await writeFileAtomic(target, text);
  return { path: shown, written: true };
};
