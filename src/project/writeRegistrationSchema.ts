/** Writes (or checks) the generated JSON Schema file of the spec. */
import { readFile } from 'node:fs/promises';
import { cliError } from '../errors/cliError.js';
import { registrationJsonSchemaText } from '../spec/registrationJsonSchema.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { schemaPath } from './packageRoot.js';

export type SchemaResult = { path: string; written: boolean };

export const writeRegistrationSchema = async (options: {
  output?: string;
  check?: boolean;
  print?: (text: string) => void;
}): Promise<SchemaResult> => {
  const text = registrationJsonSchemaText();
  if (options.output === '-') {
    options.print?.(text);
    return { path: '-', written: false };
  }
  const path = options.output ?? schemaPath();
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === text) return { path, written: false };
  if (options.check) {
    throw cliError('RenderedFilesOutdated', [path, 1, `  - ${path}: ${current === undefined ? 'missing' : 'differs'}`], {
      actions: ['Run "npm run schema" and commit the result.'],
    });
  }
  await writeFileAtomic(path, text);
  return { path, written: true };
};
