/**
 * One org's `remove`, end to end, for the command (and the fleet runner): open the org, plan (read-only: the app's
 * parts under whatever names the org uses), ask for confirmation through the caller, remove them in one destructive
 * deploy and read back that none is left (./removal.ts), then rename the local hand-off files to
 * `<name>.removed-<timestamp>` so they cannot be mistaken for working credentials. Already absent: exit 0, says so
 * (stale hand-off files are renamed all the same). --dry-run: the plan only; nothing changes, nothing is renamed.
 */
import { cliError, EXIT_CODES, type ExitCode } from '../../errors/index.js';
import { handoffFilesOf, renameRemovedHandoffs } from './handoffOnDisk.js';
import { inOrg, openLifecycleOrg } from './lifecycleOrg.js';
import { planRemoval, removeApp, type RemovalInput } from './removal.js';
import type { AppPart } from '../../salesforce/index.js';

export type RemoveRequest = {
  targetOrg?: string;
  appApiName: string;
  /** The API version the spec needs; the org's maximum caps it (and --api-version overrides both). */
  requiredApiVersion: string;
  apiVersion?: string;
  output?: string;
  waitMinutes: number;
  dryRun: boolean;
  pollIntervalMs?: number;
  /** Asked once the plan is known and before anything changes; false → RemoveDeclined (nothing changed). */
  confirm: (plan: { orgLabel: string; orgId: string; parts: readonly AppPart[]; handoffFiles: readonly string[] }) => Promise<boolean>;
  info?: (message: string) => void;
  now?: () => Date;
};

export type RemoveOutcome = {
  exitCode: ExitCode;
  orgId: string;
  orgLabel: string;
  appApiName: string;
  /** absent: Ren was not in the org; would-remove: --dry-run; removed: gone, read back. */
  outcome: 'absent' | 'would-remove' | 'removed';
  parts: Array<{ type: string; fullName: string }>;
  deployId?: string;
  /** Hand-off files renamed (or, under --dry-run, that would be). */
  handoffFiles: Array<{ from: string; to?: string }>;
};

const DEFAULT_POLL_MS = 1000;
const lower = (a: string, b: string): string => (Number(a) <= Number(b) ? a : b);

export const runRemove = async (request: RemoveRequest): Promise<RemoveOutcome> => {
  const org = await openLifecycleOrg(request.targetOrg);
  const apiVersion = request.apiVersion ?? lower(request.requiredApiVersion, org.maxApiVersion);
  const input: RemovalInput = {
    conn: org.conn,
    orgLabel: org.label,
    appApiName: request.appApiName,
    apiVersion,
    waitMinutes: request.waitMinutes,
    pollIntervalMs: request.pollIntervalMs ?? DEFAULT_POLL_MS,
    onDeploying: (id) => request.info?.(`  destructive deploy ${id} accepted by the org`),
  };
  const plan = await inOrg(org, () => planRemoval(input));
  const files = await handoffFilesOf(org.orgId, request.output);
  const base = { orgId: org.orgId, orgLabel: org.label, appApiName: request.appApiName, parts: plan.parts.map((p) => ({ type: p.type, fullName: p.fullName })) };
  if (request.dryRun) {
    return { ...base, exitCode: EXIT_CODES.ok, outcome: plan.parts.length === 0 ? 'absent' : 'would-remove', handoffFiles: files.map((from) => ({ from })) };
  }
  const now = request.now ?? (() => new Date());
  if (plan.parts.length === 0) {
    const renamed = await renameRemovedHandoffs(files, now(), org.label);
    return { ...base, exitCode: EXIT_CODES.ok, outcome: 'absent', handoffFiles: renamed };
  }
  if (!(await request.confirm({ orgLabel: org.label, orgId: org.orgId, parts: plan.parts, handoffFiles: files }))) {
    throw cliError('RemoveDeclined', [org.label]);
  }
  const removed = await inOrg(org, () => removeApp(input, plan));
  const renamed = await renameRemovedHandoffs(files, now(), org.label);
  return {
    ...base,
    exitCode: EXIT_CODES.ok,
    outcome: removed.outcome === 'removed' ? 'removed' : 'absent',
    ...(removed.outcome === 'removed' ? { deployId: removed.deployId } : {}),
    handoffFiles: renamed,
  };
};
