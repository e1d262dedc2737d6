/**
 * An External Client App's parts as the org names them, and their removal by a destructive deploy.
 *
 * Parts are found without assuming names (salesforce-eca.md gotcha 9: Setup-made apps use `_oauth`, `_glbloauth`,
 * `_oauthPlcy`, `_plcy`; deployed ones whatever the files said): listMetadata of the five ECA types, then
 * readMetadata of the satellites, keeping those whose `externalClientApplication` names the app.
 *
 * Removal is one Metadata API deploy through SDR in-process: an empty package.xml plus destructiveChangesPre.xml
 * (SDR's name for the pre-deploy destructive manifest) listing the app and every part found. Deleting the app revokes
 * its tokens (gotcha 15). ignoreWarnings: a member already gone is a warning, not a reason to keep the rest.
 */
import type { Connection } from '@salesforce/core';
import { z } from 'zod';
import { ComponentSet, DestructiveChangesType, SourceComponent, type DeployMessage, type RequestStatus } from '@salesforce/source-deploy-retrieve';
import type { ExitCode } from '../errors/index.js';
import { ECA_TYPE_NAMES, type EcaTypeName } from '../render/index.js';
import { DEPLOY_STATUSES } from './deployStatus.js';
import { sharedRegistry } from './sharedRegistry.js';
import { pollOnSchedule, pollScheduleFor } from './pollSchedule.js';

export type AppPart = { readonly type: EcaTypeName; readonly fullName: string };

const APP_TYPE: EcaTypeName = 'ExternalClientApplication';
/** jsforce's metadata.list takes at most 3 queries per call, metadata.read at most 10 names. */
const LIST_BATCH = 3;
const READ_BATCH = 10;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * jsforce's typings list only the metadata types of its own schema (no ECA types); at run time it reads any type.
 * The answer is checked here instead.
 */
const readMetadata = (conn: Connection, type: string, fullNames: string[]): Promise<unknown> =>
  (conn.metadata.read as unknown as (t: string, names: string[]) => Promise<unknown>).call(conn.metadata, type, fullNames);
const partRecords = z.array(z.object({ fullName: z.string().optional(), externalClientApplication: z.string().optional() }).loose());

/** The app and every part of it the org holds, app first; [] when the org holds none. */
export const findAppParts = async (conn: Connection, appApiName: string, apiVersion: string): Promise<AppPart[]> => {
  // Synchronous calls, each batch sent at once: two round trips (the lists, then the reads) whatever the org holds.
  const listed = new Map<EcaTypeName, string[]>();
  const lists = await Promise.all(chunks(ECA_TYPE_NAMES, LIST_BATCH).map((batch) => conn.metadata.list(batch.map((type) => ({ type })), apiVersion)));
  for (const p of lists.flatMap((l) => asArray(l))) {
    const type = p.type as EcaTypeName;
    if (ECA_TYPE_NAMES.includes(type)) listed.set(type, [...(listed.get(type) ?? []), p.fullName]);
  }
  const app: AppPart[] = (listed.get(APP_TYPE) ?? []).filter((n) => n === appApiName).map((fullName) => ({ type: APP_TYPE, fullName }));
  const reads = ECA_TYPE_NAMES.filter((t) => t !== APP_TYPE).flatMap((type) => chunks(listed.get(type) ?? [], READ_BATCH).map((names) => ({ type, names })));
  const satellites = await Promise.all(
    reads.map(async ({ type, names }) =>
      partRecords
        .parse(asArray(await readMetadata(conn, type, names)))
        .filter((r) => r.fullName && r.externalClientApplication === appApiName)
        .map((r): AppPart => ({ type, fullName: r.fullName as string })),
    ),
  );
  return [...app, ...satellites.flat()];
};

export type DestructiveDeployRun = {
  conn: Connection;
  parts: readonly AppPart[];
  apiVersion: string;
  waitMinutes: number;
  /** A fixed status poll interval (tests, benchmarks); the shipped adaptive schedule when absent. */
  pollIntervalMs?: number | undefined;
  /** Called as soon as the org has given the deploy an id (from here on the org may change). */
  onSubmitted?: (deployId: string) => void;
};

export type DestructiveDeployReport = { id: string; status: RequestStatus; exitCode: ExitCode; problems: string[]; deleted: string[] };

export const removeAppParts = async (run: DestructiveDeployRun): Promise<DestructiveDeployReport> => {
  const registry = sharedRegistry();
  const set = new ComponentSet(undefined, registry);
  for (const part of run.parts) set.add(new SourceComponent({ name: part.fullName, type: registry.getTypeByName(part.type) }), DestructiveChangesType.PRE);
  set.sourceApiVersion = run.apiVersion;
  set.apiVersion = run.apiVersion;
  const deploy = await set.deploy({ usernameOrConnection: run.conn, apiOptions: { rollbackOnError: true, singlePackage: true, ignoreWarnings: true } });
  run.onSubmitted?.(deploy.id ?? '');
  const result = await pollOnSchedule(deploy, pollScheduleFor(run.pollIntervalMs), Math.max(1, Math.round(run.waitMinutes * 60)));
  const response = result.response;
  const failures = asArray<DeployMessage>(response.details?.componentFailures);
  const successes = asArray<DeployMessage>(response.details?.componentSuccesses);
  const problems = failures.map((m) => `${m.componentType ? `${m.componentType} ` : ''}${m.fullName}: ${m.problem ?? 'no problem text'}`);
  if (problems.length === 0 && !response.success && response.errorMessage) problems.push(response.errorMessage);
  return {
    id: response.id,
    status: response.status,
    exitCode: DEPLOY_STATUSES[response.status].exitCode,
    problems,
    deleted: successes.filter((m) => m.deleted === true || String(m.deleted) === 'true').map((m) => `${m.componentType} ${m.fullName}`),
  };
};
