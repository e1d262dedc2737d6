/**
 * What the org holds before we change anything, in one Metadata API retrieve (retrieve + status polls):
 * Ren's five ECA components (absent on a first run) and the two org settings the registration depends on.
 * Read-only. The result drives create-vs-update, "what changed", the org-switch preflight and a cheaper
 * read-back (the app id and the consumer id come with the retrieve, so no lookup calls are needed).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { ComponentSet, type FileProperties } from '@salesforce/source-deploy-retrieve';
import { typeLayout } from '../render/sdrRegistry.js';
import { pollOnSchedule, pollScheduleFor } from './pollSchedule.js';
import { sharedRegistry } from './sharedRegistry.js';
import { xmlFields } from './xmlFields.js';

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

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const walk = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
};

/** The MDAPI file name each requested component comes back as, e.g. 'externalClientApps/ren.eca', 'settings/OauthOidc.settings'. */
const mdapiFileName = (ref: ComponentRef): string => {
  const layout = typeLayout(ref.type);
  return `${layout.directoryName}/${ref.fullName}.${layout.suffix}`;
};

export const retrieveOrgState = async (conn: Connection, wanted: readonly ComponentRef[], apiVersion: string, pollIntervalMs?: number): Promise<OrgState> => {
  const refs: ComponentRef[] = [...wanted.map(({ type, fullName }) => ({ type, fullName })), ...Object.values(ORG_SWITCHES).map((s) => ({ type: 'Settings', fullName: s.member }))];
  const byFileName = new Map(refs.map((r) => [mdapiFileName(r), r]));
  const set = new ComponentSet(refs, sharedRegistry());
  set.sourceApiVersion = apiVersion;
  set.apiVersion = apiVersion;
  const output = await mkdtemp(join(tmpdir(), 'ren-eca-retrieve-'));
  try {
    const retrieve = await set.retrieve({ usernameOrConnection: conn, output, format: 'metadata', unzip: true, singlePackage: true });
    const result = await pollOnSchedule(retrieve, pollScheduleFor(pollIntervalMs), 600);
    const ids = new Map(asArray<FileProperties>(result.response.fileProperties).map((p) => [`${p.type}#${p.fullName}`, p.id]));
    const held: HeldComponent[] = [];
    for (const path of await walk(output)) {
      const ref = byFileName.get(path.slice(output.length + 1).split(/[\\/]/).slice(-2).join('/'));
      if (!ref) continue;
      held.push({ ...ref, id: ids.get(`${ref.type}#${ref.fullName}`), fields: xmlFields(await readFile(path, 'utf8')).fields });
    }
    const switchValue = (s: OrgSwitch): boolean | undefined => {
      const value = held.find((c) => c.type === 'Settings' && c.fullName === ORG_SWITCHES[s].member)?.fields[ORG_SWITCHES[s].field];
      return value === undefined ? undefined : value === 'true';
    };
    return {
      components: held.filter((c) => c.type !== 'Settings'),
      switches: { secretsViaRest: switchValue('secretsViaRest'), codeCredentialsFlow: switchValue('codeCredentialsFlow') },
    };
  } finally {
    await rm(output, { recursive: true, force: true });
  }
};
