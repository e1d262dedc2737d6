/**
 * Deploys hand-built Metadata API zips with jsforce's own `metadata.deploy` + `checkDeployStatus` (another
 * standard client), for tests that need many small variations of the Ren components without files on disk.
 */
import JSZip from 'jszip';
import type { Connection } from '@salesforce/core';
import { typeLayout } from '../render/sdrRegistry.js';
import { writeComponentXml } from './metadata/componentXml.js';
import { writeManifest } from './metadata/packageZip.js';
import type { ComponentFields } from './types.js';

export type MdapiFile = { type: string; fullName: string; fields: ComponentFields; root?: string; text?: string };
export type DeployOutcomeForTest = {
  status: string;
  success: boolean;
  problems: string[];
  /** `${componentType}:${fullName}` of every component failure. */
  failed: string[];
  succeeded: string[];
  /** `${componentType}:${fullName}:${state}` of every component success, state as SDR names it: Created, Changed, Deleted, Unchanged. */
  states: string[];
};

const stateOf = (m: { created?: boolean; changed?: boolean; deleted?: boolean }): string =>
  m.created === true ? 'Created' : m.deleted === true ? 'Deleted' : m.changed === true ? 'Changed' : 'Unchanged';

/** Zip path of a component from SDR's registry, e.g. externalClientApps/ren.eca. */
export const zipPath = (type: string, fullName: string): string => {
  const layout = typeLayout(type);
  return `${layout.directoryName}/${fullName}.${layout.suffix}`;
};

export const buildDeployZip = async (
  files: readonly MdapiFile[],
  version: string,
  extraManifestTypes: { name: string; members: string[] }[] = [],
  extraZipFiles: Record<string, string> = {},
): Promise<Buffer> => {
  const zip = new JSZip();
  for (const [path, text] of Object.entries(extraZipFiles)) zip.file(path, text);
  const byType = new Map<string, string[]>();
  for (const f of files) {
    zip.file(zipPath(f.type, f.fullName), f.text ?? writeComponentXml(f.root ?? (f.type === 'Settings' ? `${f.fullName}Settings` : f.type), f.fields));
    byType.set(f.type, [...(byType.get(f.type) ?? []), f.fullName]);
  }
  const types = [...[...byType].map(([name, members]) => ({ name, members })), ...extraManifestTypes];
  zip.file('package.xml', writeManifest({ types, version }));
  return zip.generateAsync({ type: 'nodebuffer' });
};

type DeployOptions = { checkOnly?: boolean; rollbackOnError?: boolean; ignoreWarnings?: boolean };

export const mdapiDeploy = async (
  conn: Connection,
  files: readonly MdapiFile[],
  options: DeployOptions & { version?: string; extraManifestTypes?: { name: string; members: string[] }[]; extraZipFiles?: Record<string, string> } = {},
): Promise<DeployOutcomeForTest> => {
  const { version = '66.0', extraManifestTypes, extraZipFiles, ...deployOptions } = options;
  const zip = await buildDeployZip(files, version, extraManifestTypes, extraZipFiles);
  const { id } = await conn.metadata.deploy(zip, { singlePackage: true, rollbackOnError: true, ...deployOptions });
  for (let i = 0; i < 100; i++) {
    const r = await conn.metadata.checkDeployStatus(id, true);
    if (r.done) {
      const failures = r.details?.componentFailures ?? [];
      const successes = r.details?.componentSuccesses ?? [];
      return {
        status: r.status,
        success: r.success,
        problems: failures.map((f) => f.problem ?? ''),
        failed: failures.map((f) => `${f.componentType}:${f.fullName}`),
        succeeded: successes.map((s) => `${s.componentType}:${s.fullName}`),
        states: successes.filter((s) => s.componentType !== '').map((s) => `${s.componentType}:${s.fullName}:${stateOf(s as { created?: boolean; changed?: boolean; deleted?: boolean })}`),
      };
    }
  }
  throw new Error(`deploy ${id} did not finish within 100 polls`);
};

/** Ren's three phase-1 components (salesforce-eca.md §2.3), as field maps tests can vary. */
export const renPhaseOne = (): MdapiFile[] => [
  {
    type: 'ExternalClientApplication', fullName: 'ren',
    fields: { contactEmail: 'support@rensystems.com', description: 'Sync Salesforce contacts to Ren', distributionState: 'Local', isProtected: 'false', label: 'Ren' },
  },
  { type: 'ExtlClntAppOauthSettings', fullName: 'renOauth', fields: { commaSeparatedOauthScopes: 'Basic, Api, RefreshToken', externalClientApplication: 'ren', label: 'renOauth' } },
  {
    type: 'ExtlClntAppGlobalOauthSettings', fullName: 'renGlblOauth',
    fields: {
      callbackUrl: 'https://app.rensystems.com/api/salesforce/auth_callback', externalClientApplication: 'ren', isConsumerSecretOptional: 'false',
      isPkceRequired: 'true', isSecretRequiredForRefreshToken: 'true', label: 'renGlblOauth',
    },
  },
];

/** Ren's phase-2 policies. */
export const renPolicies = (): MdapiFile[] => [
  {
    type: 'ExtlClntAppOauthConfigurablePolicies', fullName: 'renOauth_defaultPolicy',
    fields: {
      commaSeparatedProfile: 'Sales', externalClientApplication: 'ren', ipRelaxationPolicyType: 'Enforce', label: 'renOauth_defaultPolicy',
      permittedUsersPolicyType: 'AdminApprovedPreAuthorized', refreshTokenPolicyType: 'Infinite', requiredSessionLevel: 'STANDARD',
    },
  },
  { type: 'ExtlClntAppConfigurablePolicies', fullName: 'ren_defaultPolicy', fields: { externalClientApplication: 'ren', isEnabled: 'true', isOauthPluginEnabled: 'true', label: 'ren_defaultPolicy', startPage: 'None' } },
];

/** A copy of `files` with one component's fields changed (undefined removes a field). */
export const withFields = (files: readonly MdapiFile[], type: string, changes: Record<string, string | undefined>): MdapiFile[] =>
  files.map((f) => {
    if (f.type !== type) return f;
    const fields: ComponentFields = { ...f.fields };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete fields[k];
      else fields[k] = v;
    }
    return { ...f, fields };
  });
