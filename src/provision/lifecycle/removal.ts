/**
 * Taking Ren out of an org: find the app and its parts under whatever names the org uses, remove them in one
 * destructive deploy (which revokes every token issued to the app), then read back that none is left. Pure logic
 * over an injected connection and deploy settings; not a command yet (`remove` wires it, with the confirmation
 * prompt, --yes, --dry-run and the renaming of the local hand-off file).
 */
import type { Connection } from '@salesforce/core';
import { EXIT_CODES } from '../../errors/index.js';
import { cliError } from '../../errors/index.js';
import type { AppPart, DestructiveDeployReport } from '../../salesforce/index.js';
import { findAppParts, removeAppParts } from '../../salesforce/index.js';

export type RemovalInput = {
  conn: Connection;
  orgLabel: string;
  appApiName: string;
  apiVersion: string;
  waitMinutes: number;
  pollIntervalMs: number | undefined;
  /** Told once the org accepted the destructive deploy (the org may change from here on). */
  onDeploying?: (deployId: string, parts: readonly AppPart[]) => void;
};

export type RemovalPlan = { appApiName: string; parts: AppPart[] };

export type RemovalResult =
  | { outcome: 'absent'; appApiName: string }
  | { outcome: 'removed'; appApiName: string; removed: AppPart[]; deployId: string };

const describe = (parts: readonly AppPart[]): string => parts.map((p) => `${p.type} ${p.fullName}`).join(', ');

/** What `remove` would delete (read-only; also what --dry-run shows). No parts: Ren is not in the org. */
export const planRemoval = async (input: RemovalInput): Promise<RemovalPlan> => ({
  appApiName: input.appApiName,
  parts: await findAppParts(input.conn, input.appApiName, input.apiVersion),
});

export const removeApp = async (input: RemovalInput, plan?: RemovalPlan): Promise<RemovalResult> => {
  const { parts } = plan ?? (await planRemoval(input));
  if (parts.length === 0) return { outcome: 'absent', appApiName: input.appApiName };
  let submitted: string | undefined;
  let report: DestructiveDeployReport;
  try {
    report = await removeAppParts({
      conn: input.conn, parts, apiVersion: input.apiVersion, waitMinutes: input.waitMinutes, pollIntervalMs: input.pollIntervalMs,
      onSubmitted: (id) => {
        submitted = id;
        input.onDeploying?.(id, parts);
      },
    });
  } catch (e) {
    if (submitted === undefined) throw cliError('OrgRequestFailed', [input.orgLabel, 'destructive deploy not accepted; nothing was removed', (e as Error).message], { cause: e });
    throw cliError('RemoveIncomplete', [input.appApiName, input.orgLabel, `the removal (deploy ${submitted}) was sent but its outcome is unknown (${(e as Error).message}); rerun to see what is left.`], {
      cause: e, data: { deployId: submitted },
    });
  }
  if (report.exitCode === EXIT_CODES.stillRunning) {
    throw cliError('RemoveIncomplete', [input.appApiName, input.orgLabel, `the removal (deploy ${report.id}) was still running when --wait ran out.`], { data: { deployId: report.id } });
  }
  const left = await findAppParts(input.conn, input.appApiName, input.apiVersion);
  if (report.exitCode === EXIT_CODES.failed && left.length === parts.length) {
    throw cliError('RemoveFailed', [input.appApiName, input.orgLabel, report.id, report.problems.map((p) => `  - ${p}`).join('\n')], { data: { deployId: report.id, problems: report.problems } });
  }
  if (left.length > 0) {
    throw cliError('RemoveIncomplete', [input.appApiName, input.orgLabel, `the org still holds ${describe(left)} after deploy ${report.id} (${report.status}).`], {
      data: { deployId: report.id, left, problems: report.problems },
    });
  }
  return { outcome: 'removed', appApiName: input.appApiName, removed: parts, deployId: report.id };
};
