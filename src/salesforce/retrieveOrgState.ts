/**
 * What the org holds before we change anything, through synchronous Metadata API calls sent in parallel (no
 * asynchronous retrieve, so no org job, no status polls and nothing unzipped to disk): Ren's five ECA components
 * (absent on a first run) and the two org settings the registration depends on. Read-only. The result drives
 * create-vs-update, "what changed", the org-switch preflight and a cheaper read-back (the app id comes with
 * listMetadata, so no lookup call is needed).
 *
 * Calls, all at once (one round trip of wall time): readMetadata per component type (CRUD-based calls are synchronous
 * and take any type that extends Metadata, up to 10 names a call), readMetadata of each settings type by its own name
 * (ExternalClientAppSettings / ExternalClientApp: only package.xml uses the name Settings), and listMetadata of the
 * app type for its id. readMetadata answers a name the org lacks with an empty record (no fullName): a first run.
 * Records go through the same reader as files (ecaComponentFromRecord), so the diff sees the same typed fields.
 */
import type { Connection } from '@salesforce/core';
import { ecaComponentFromRecord, isEcaTypeName, type EcaComponent } from '../render/index.js';

export type ComponentRef = { type: string; fullName: string };
/** A component the org holds, read with the one reader (typed fields), and the id the org gave it. */
export type HeldComponent = EcaComponent & { id?: string };

/** Org-wide switches (salesforce-eca.md §1.7), as Settings members and fields. */
export const ORG_SWITCHES = {
  secretsViaRest: { member: 'ExternalClientApp', field: 'enableClientSecretInRestApiAccess' },
  codeCredentialsFlow: { member: 'OauthOidc', field: 'oAuthCdCrdtFlowEnable' },
} as const;
export type OrgSwitch = keyof typeof ORG_SWITCHES;

export type OrgState = {
  components: HeldComponent[];
  /** true/false when the org reported the setting; undefined when it did not. */
  switches: Record<OrgSwitch, boolean | undefined>;
};

type MetadataRecord = Record<string, unknown>;

const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** readMetadata takes at most 10 full names a call. */
const MAX_READ_NAMES = 10;
const APP_TYPE = 'ExternalClientApplication';

/** jsforce's readMetadata for any type name (its typings list only the types it knows); one record or an array. */
const readMetadata = async (conn: Connection, type: string, fullNames: readonly string[]): Promise<MetadataRecord[]> =>
  asArray(await (conn.metadata.read as unknown as (t: string, names: string[]) => Promise<MetadataRecord | MetadataRecord[]>).call(conn.metadata, type, [...fullNames]));

const isHeld = (r: MetadataRecord): boolean => typeof r.fullName === 'string' && r.fullName !== '';

const switchValue = (record: MetadataRecord | undefined, field: string): boolean | undefined => {
  const value = record !== undefined && isHeld(record) ? record[field] : undefined;
  return value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;
};

export const retrieveOrgState = async (conn: Connection, wanted: readonly ComponentRef[], apiVersion: string): Promise<OrgState> => {
  const byType = new Map<string, string[]>();
  for (const { type, fullName } of wanted) byType.set(type, [...(byType.get(type) ?? []), fullName]);
  const reads = [...byType].flatMap(([type, names]) =>
    Array.from({ length: Math.ceil(names.length / MAX_READ_NAMES) }, (_, i) => ({ type, names: names.slice(i * MAX_READ_NAMES, (i + 1) * MAX_READ_NAMES) })));
  const switchNames = Object.keys(ORG_SWITCHES) as OrgSwitch[];
  const [componentRecords, settingsRecords, listed] = await Promise.all([
    Promise.all(reads.map(async ({ type, names }) => (await readMetadata(conn, type, names)).map((record) => ({ type, record })))),
    Promise.all(switchNames.map(async (s) => (await readMetadata(conn, `${ORG_SWITCHES[s].member}Settings`, [ORG_SWITCHES[s].member]))[0])),
    byType.has(APP_TYPE) ? conn.metadata.list([{ type: APP_TYPE }], apiVersion) : Promise.resolve([]),
  ]);
  const ids = new Map(asArray(listed).map((p) => [`${p.type}#${p.fullName}`, p.id]));
  const wantedKeys = new Set(wanted.map((w) => `${w.type}#${w.fullName}`));
  const components: HeldComponent[] = componentRecords
    .flat()
    .filter(({ type, record }) => isHeld(record) && isEcaTypeName(type) && wantedKeys.has(`${type}#${String(record.fullName)}`))
    .map(({ type, record }) => {
      const component = ecaComponentFromRecord(type as Parameters<typeof ecaComponentFromRecord>[0], record);
      const id = ids.get(`${type}#${component.fullName}`);
      return { ...component, ...(id ? { id } : {}) };
    });
  const switches = Object.fromEntries(switchNames.map((s, i) => [s, switchValue(settingsRecords[i], ORG_SWITCHES[s].field)])) as Record<OrgSwitch, boolean | undefined>;
  return { components, switches };
};
