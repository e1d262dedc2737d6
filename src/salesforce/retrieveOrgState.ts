/**
 * What the org holds before we change anything, through synchronous Metadata API calls sent in parallel (no
 * asynchronous retrieve, no status polls, nothing unzipped to disk): Ren's five ECA components (absent on a first run)
 * and the two org settings the registration depends on. Read-only. The result drives create-vs-update, "what changed",
 * the org-switch preflight and a cheaper read-back (the app id comes with listMetadata, so no lookup call is needed).
 *
 * Calls (one round trip of wall time): readMetadata per component type (up to 10 names each), readMetadata of each
 * settings type by its own name (ExternalClientAppSettings/ExternalClientApp — only package.xml uses the name
 * Settings), and listMetadata of the app type for its id. readMetadata answers a name the org lacks with an empty
 * record (no fullName), which is how a first run shows.
 */
import type { Connection } from '@salesforce/core';
import { canonical } from './xmlFields.js';

export type ComponentRef = { type: string; fullName: string };
export type HeldComponent = ComponentRef & { id?: string; fields: Record<string, string> };

/** Org-wide switches (salesforce-eca.md §1.7), as Settings members and fields. */
export const ORG_SWITCHES = {
  secretsViaRest: { member: 'ExternalClientApp', field: 'enableClientSecretInRestApiAccess' },
  codeCredentialsFlow: { member: 'OauthOidc', field: 'oAuthCdCrdtFlowEnable' },
} as const;
export type OrgSwitch = keyof typeof ORG_SWITCHES;

export type OrgState = {
  components: HeldComponent[];
  /** true/false when the org reported the setting; undefined when the retrieve did not return it. */
  switches: Record<OrgSwitch, boolean | undefined>;
};

const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** jsforce's readMetadata: one type, up to 10 names; answers one record or an array. */
const readMetadata = async (conn: Connection, type: string, fullNames: readonly string[]): Promise<Record<string, unknown>[]> =>
  asArray(await (conn.metadata.read as unknown as (t: string, names: string[]) => Promise<Record<string, unknown> | Record<string, unknown>[]>).call(conn.metadata, type, [...fullNames]));

/** A readMetadata record's top-level fields, as the same strings xmlFields gives for a retrieved file. */
const recordFields = (record: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(record)
    .filter(([k, v]) => k !== 'fullName' && k !== '$' && !k.startsWith('@_') && v !== null && v !== undefined)
    .map(([k, v]) => [k, canonical(v)]));

const MAX_READ_NAMES = 10;

export const retrieveOrgState = async (conn: Connection, wanted: readonly ComponentRef[], apiVersion: string): Promise<OrgState> => {
  const byType = new Map<string, string[]>();
  for (const { type, fullName } of wanted) byType.set(type, [...(byType.get(type) ?? []), fullName]);
  const reads = [...byType].flatMap(([type, names]) =>
    Array.from({ length: Math.ceil(names.length / MAX_READ_NAMES) }, (_, i) => ({ type, names: names.slice(i * MAX_READ_NAMES, (i + 1) * MAX_READ_NAMES) })));
  const switchNames = Object.keys(ORG_SWITCHES) as OrgSwitch[];
  const appTypes = [...byType.keys()].filter((t) => t === 'ExternalClientApplication');
  const [componentRecords, settingsRecords, listed] = await Promise.all([
    Promise.all(reads.map(async ({ type, names }) => (await readMetadata(conn, type, names)).map((r) => ({ type, r })))),
    Promise.all(switchNames.map(async (s) => (await readMetadata(conn, `${ORG_SWITCHES[s].member}Settings`, [ORG_SWITCHES[s].member]))[0])),
    appTypes.length === 0 ? Promise.resolve([]) : conn.metadata.list(appTypes.map((type) => ({ type })), apiVersion),
  ]);
  const ids = new Map(asArray(listed).map((p) => [`${p.type}#${p.fullName}`, p.id]));
  const wantedKeys = new Set(wanted.map((w) => `${w.type}#${w.fullName}`));
  const components: HeldComponent[] = componentRecords.flat()
    .filter(({ type, r }) => typeof r.fullName === 'string' && wantedKeys.has(`${type}#${r.fullName}`))
    .map(({ type, r }) => ({ type, fullName: r.fullName as string, id: ids.get(`${type}#${String(r.fullName)}`), fields: recordFields(r) }));
  const switchValue = (i: number): boolean | undefined => {
    const record = settingsRecords[i];
    const value = record === undefined || typeof record.fullName !== 'string' ? undefined : recordFields(record)[ORG_SWITCHES[switchNames[i] as OrgSwitch].field];
    return value === undefined ? undefined : value === 'true';
  };
  const switches = Object.fromEntries(switchNames.map((s, i) => [s, switchValue(i)])) as Record<OrgSwitch, boolean | undefined>;
  return { components, switches };
};
