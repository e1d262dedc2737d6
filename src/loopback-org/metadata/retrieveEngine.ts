/**
 * What the org returns for retrieve, listMetadata and readMetadata: its components shaped like real retrieved
 * files — alphabetical, defaults explicit, consumerKey on the Global OAuth settings, oauthLink and
 * orgScopedExternalApp filled in, fields limited to the requested API version, and never a consumer secret.
 */
import { typeLayout } from '../../render/sdrRegistry.js';
import { loadMetadataDefinitions } from './metadataDefinitions.js';
import type { OrgState } from '../orgState.js';
import type { ComponentFields, OrgComponent } from '../types.js';
import { versionNumber } from './apiVersions.js';
import { writeComponentXml } from './componentXml.js';
import { ECA_TYPES, RETRIEVE_DEFAULTS } from './ecaDefaults.js';
import { SETTINGS_SWITCHES, settingsFieldsForRetrieve, settingsRootElement } from './orgSettingsRules.js';
import type { PackageManifest } from './packageZip.js';
import { writeRetrieveZip } from './packageZip.js';
import { knownFieldsAt } from './schemaValidator.js';

export type FileProperties = {
  createdById: string; createdByName: string; createdDate: string; fileName: string; fullName: string; id: string;
  lastModifiedById: string; lastModifiedByName: string; lastModifiedDate: string; manageableState: string; type: string;
};

export type RetrieveOutcome = { zipFile: string; fileProperties: FileProperties[]; messages: { fileName: string; problem: string }[] };

/** A component's fields as the org shows them at an API version. */
export const shownFields = (state: OrgState, component: OrgComponent, apiVersion: number): ComponentFields => {
  const root = component.type === 'Settings' ? settingsRootElement(component.fullName) : component.type;
  const fields: ComponentFields = {
    ...RETRIEVE_DEFAULTS[component.type],
    ...(component.type === 'Settings' ? settingsFieldsForRetrieve(state, component.fullName) : component.fields),
  };
  if (component.type === ECA_TYPES.globalOauth) {
    const app = component.fields.externalClientApplication;
    const consumer = typeof app === 'string' ? state.consumerOf(app) : undefined;
    if (consumer !== undefined && state.switches.globalOauthShowsConsumerKey) fields.consumerKey = consumer.key;
  }
  delete fields.consumerSecret;
  const known = knownFieldsAt(loadMetadataDefinitions(), root, apiVersion);
  return Object.fromEntries(Object.entries(fields).filter(([k]) => known.has(k)));
};

const fileNameOf = (component: OrgComponent): string => {
  const layout = typeLayout(component.type);
  return `${layout.directoryName}/${component.fullName}.${layout.suffix}`;
};

const fileProperties = (state: OrgState, component: OrgComponent, fileName: string): FileProperties => ({
  createdById: state.userId, createdByName: 'Loopback Admin', createdDate: component.createdDate, fileName, fullName: component.fullName,
  id: component.id, lastModifiedById: state.userId, lastModifiedByName: 'Loopback Admin', lastModifiedDate: component.lastModifiedDate,
  manageableState: 'unmanaged', type: component.type,
});

/** Settings exist in every org even when never deployed. */
const settingsComponent = (state: OrgState, member: string): OrgComponent | undefined => {
  const stored = state.component('Settings', member);
  if (stored !== undefined) return stored;
  if (SETTINGS_SWITCHES[member] === undefined) return undefined;
  const epoch = new Date(0).toISOString();
  return { type: 'Settings', fullName: member, id: '', fields: {}, createdDate: epoch, lastModifiedDate: epoch };
};

export const findComponents = (state: OrgState, type: string, members: readonly string[]): { found: OrgComponent[]; missing: string[] } => {
  const found: OrgComponent[] = [];
  const missing: string[] = [];
  if (members.includes('*')) {
    const all = type === 'Settings'
      ? [...new Set([...Object.keys(SETTINGS_SWITCHES), ...state.componentsOfType('Settings').map((c) => c.fullName)])].map((m) => settingsComponent(state, m))
      : state.componentsOfType(type);
    return { found: all.filter((c): c is OrgComponent => c !== undefined), missing };
  }
  for (const member of members) {
    const c = type === 'Settings' ? settingsComponent(state, member) : state.component(type, member);
    if (c === undefined) missing.push(member);
    else found.push(c);
  }
  return { found, missing };
};

export const runRetrieve = async (state: OrgState, manifest: PackageManifest, requestApiVersion: string): Promise<RetrieveOutcome> => {
  const apiVersion = versionNumber(manifest.version ?? requestApiVersion);
  const files = new Map<string, string>();
  const props: FileProperties[] = [];
  const messages: { fileName: string; problem: string }[] = [];
  const manifestOut: PackageManifest = { types: [], version: manifest.version ?? requestApiVersion };
  for (const { name: type, members } of manifest.types) {
    let hasLayout = true;
    try {
      typeLayout(type);
    } catch {
      hasLayout = false;
    }
    if (!hasLayout) {
      messages.push({ fileName: 'unpackaged/package.xml', problem: `Unknown type name '${type}' specified in package.xml` });
      continue;
    }
    const { found, missing } = findComponents(state, type, members);
    for (const m of missing) messages.push({ fileName: 'unpackaged/package.xml', problem: `Entity of type '${type}' named '${m}' cannot be found` });
    if (found.length > 0) manifestOut.types.push({ name: type, members: found.map((c) => c.fullName).sort() });
    for (const c of found) {
      const fileName = fileNameOf(c);
      const root = type === 'Settings' ? settingsRootElement(c.fullName) : type;
      files.set(fileName, writeComponentXml(root, shownFields(state, c, apiVersion)));
      props.push(fileProperties(state, c, `unpackaged/${fileName}`));
    }
  }
  const zipFile = await writeRetrieveZip(manifestOut, files);
  const now = new Date().toISOString();
  props.push({
    createdById: state.userId, createdByName: 'Loopback Admin', createdDate: now, fileName: 'unpackaged/package.xml', fullName: 'unpackaged/package.xml',
    id: '', lastModifiedById: state.userId, lastModifiedByName: 'Loopback Admin', lastModifiedDate: now, manageableState: 'unmanaged', type: 'Package',
  });
  return { zipFile, fileProperties: props, messages };
};

/** listMetadata: FileProperties (fileName without the unpackaged/ root) of every component of the queried types. */
export const listMetadata = (state: OrgState, types: readonly string[]): FileProperties[] =>
  types.flatMap((type) => findComponents(state, type, ['*']).found.map((c) => fileProperties(state, c, fileNameOf(c))));
