/**
 * Where this tool is installed (the folder of its package.json), so the checked-in spec and schema are found
 * whatever the current directory is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'ren-eca-provisioner';

let root: string | undefined;

export const packageRoot = (): string => {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
};

/** This tool's version (package.json's), whatever the current directory: `ren-eca --version` run from anywhere. */
export const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';

export const DEFAULT_SPEC_FILE = 'metadata-templates/ren.registration.json';
export const SCHEMA_FILE = 'metadata-templates/ren.registration.schema.json';

export const defaultSpecPath = (): string => join(packageRoot(), DEFAULT_SPEC_FILE);
export const schemaPath = (): string => join(packageRoot(), SCHEMA_FILE);
