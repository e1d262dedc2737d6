/**
 * Folders and suffixes of metadata types, read from SDR's own registry data
 * (`@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json`), never from literals of ours.
 *
 * We read the JSON instead of importing SDR's RegistryAccess because that import pulls in @salesforce/core
 * (~0.7 s); `render` and `--help` must start fast. Tests check this table against SDR's RegistryAccess.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type TypeLayout = { readonly name: string; readonly directoryName: string; readonly suffix: string };

type RegistryJson = { types: Record<string, { name: string; directoryName?: string; suffix?: string }> };

let registry: RegistryJson | undefined;

const loadRegistry = (): RegistryJson => {
  if (registry === undefined) {
    const require = createRequire(import.meta.url);
    const path = require.resolve('@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json');
    registry = JSON.parse(readFileSync(path, 'utf8')) as RegistryJson;
  }
  return registry;
};

/** The source-format folder and suffix of a metadata type, e.g. ExtlClntAppGlobalOauthSettings → extlClntAppGlobalOauthSets / ecaGlblOauth. */
export const typeLayout = (typeName: string): TypeLayout => {
  const entry = loadRegistry().types[typeName.toLowerCase()];
  if (entry?.directoryName === undefined || entry.suffix === undefined) {
    throw new Error(`SDR's registry has no folder or suffix for metadata type ${typeName}`);
  }
  return { name: entry.name, directoryName: entry.directoryName, suffix: entry.suffix };
};

/** Reverse lookup: which type a source file `<name>.<suffix>-meta.xml` belongs to. */
export const typeBySuffix = (suffix: string): TypeLayout | undefined => {
  const entry = Object.values(loadRegistry().types).find((t) => t.suffix === suffix);
  return entry?.directoryName === undefined || entry.suffix === undefined
    ? undefined
    : { name: entry.name, directoryName: entry.directoryName, suffix: entry.suffix };
};
