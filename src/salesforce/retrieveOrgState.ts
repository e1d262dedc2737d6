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
import { cliError } from '../errors/index.js';
import { parseEcaComponentXml, parseMetadataXml, typeLayout, type EcaComponent } from '../render/index.js';
import { sharedRegistry } from './sharedRegistry.js';

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

/** Without a --wait (older callers): the fixed 10 minutes this retrieve always had. */
const DEFAULT_WAIT_MINUTES = 10;

/**
 * `waitMinutes` (the command's --wait) bounds the retrieve's polling; a retrieve still running then ends the
 * run with PreflightTimedOut (exit 1): nothing was changed, since this is the read-only preflight.
 */
export const retrieveOrgState = async (
  conn: Connection,
  wanted: readonly ComponentRef[],
  apiVersion: string,
  pollIntervalMs: number,
  waitMinutes: number = DEFAULT_WAIT_MINUTES,
): Promise<OrgState> => {
  const refs: ComponentRef[] = [...wanted.map(({ type, fullName }) => ({ type, fullName })), ...Object.values(ORG_SWITCHES).map((s) => ({ type: 'Settings', fullName: s.member }))];
  const byFileName = new Map(refs.map((r) => [mdapiFileName(r), r]));
  const set = new ComponentSet(refs, sharedRegistry());
  set.sourceApiVersion = apiVersion;
  set.apiVersion = apiVersion;
  const output = await mkdtemp(join(tmpdir(), 'ren-eca-retrieve-'));
  try {
    const retrieve = await set.retrieve({ usernameOrConnection: conn, output, format: 'metadata', unzip: true, singlePackage: true });
    const started = Date.now();
    const waitSeconds = Math.max(1, Math.round(waitMinutes * 60));
    const result = await retrieve.pollStatus(pollIntervalMs, waitSeconds).catch((e: unknown) => {
      // SDR wraps its polling timeout in a generic MetadataTransferError: the elapsed time tells it apart.
      if (Date.now() - started < waitSeconds * 1000) throw e;
      throw cliError('PreflightTimedOut', [String(conn.getUsername() ?? conn.instanceUrl), retrieve.id ?? 'unknown', waitMinutes], { cause: e, data: { retrieveId: retrieve.id } });
    });
    const ids = new Map(asArray<FileProperties>(result.response.fileProperties).map((p) => [`${p.type}#${p.fullName}`, p.id]));
    const held: HeldComponent[] = [];
    const settings = new Map<string, Record<string, unknown>>();
    for (const path of await walk(output)) {
      const ref = byFileName.get(path.slice(output.length + 1).split(/[\\/]/).slice(-2).join('/'));
      if (!ref) continue;
      const xml = await readFile(path, 'utf8');
      if (ref.type === 'Settings') {
        settings.set(ref.fullName, (parseMetadataXml(xml)[`${ref.fullName}Settings`] ?? {}) as Record<string, unknown>);
        continue;
      }
      const id = ids.get(`${ref.type}#${ref.fullName}`);
      held.push({ ...parseEcaComponentXml(xml, `${ref.fullName}.${typeLayout(ref.type).suffix}`), ...(id ? { id } : {}) });
    }
    const switchValue = (s: OrgSwitch): boolean | undefined => {
      const value = settings.get(ORG_SWITCHES[s].member)?.[ORG_SWITCHES[s].field];
      return typeof value === 'string' ? value.trim() === 'true' : undefined;
    };
    return {
      components: held,
      switches: { secretsViaRest: switchValue('secretsViaRest'), codeCredentialsFlow: switchValue('codeCredentialsFlow') },
    };
  } finally {
    await rm(output, { recursive: true, force: true });
  }
};
