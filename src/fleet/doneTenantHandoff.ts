/**
 * A tenant whose state says `done` is only skipped when its hand-off is still where this run puts it and
 * still holds that tenant's org: a deleted folder, a changed --output-dir or a file overwritten with another
 * org's pair sends the tenant through the run again (which re-reads the credentials; nothing is redeployed
 * when the org already matches the spec). A file holding another org's pair is never overwritten: the re-run
 * stops at the hand-off target check (HandoffTargetRefused, exit 2 for that tenant) and says how to fix it.
 */
import { handoffFileOwner, sameOrg } from '../credentials/index.js';
import type { TenantPlan, TenantState } from './tenantState.js';

/** Why a done tenant's hand-off no longer stands, or undefined when it does. */
export const doneHandoffProblem = async (state: TenantState | undefined, handoffPath: string): Promise<string | undefined> => {
  const orgId = state?.result?.orgId;
  if (orgId === undefined) return undefined; // no org recorded: nothing to compare the file with
  const owner = await handoffFileOwner(handoffPath).catch((e: unknown) => ({ kind: 'foreign' as const, what: `an unreadable file (${(e as Error).message})` }));
  if (owner.kind === 'none') return `its hand-off file ${handoffPath} is missing`;
  if (owner.kind === 'foreign') return `its hand-off file ${handoffPath} holds ${owner.what}`;
  return sameOrg(owner.orgId, orgId) ? undefined : `its hand-off file ${handoffPath} holds another org (${owner.orgId})`;
};

/** The plan to follow: a `skip` of a done tenant becomes a `start` when its hand-off does not stand. */
export const recheckDoneTenant = async (plan: TenantPlan, state: TenantState | undefined, handoffPath: string, dryRun: boolean): Promise<TenantPlan> => {
  if (plan.action !== 'skip' || dryRun) return plan;
  const problem = await doneHandoffProblem(state, handoffPath);
  return problem === undefined ? plan : { action: 'start', reason: `done before, but ${problem}: reading the credentials again` };
};
