/**
 * A tenant's progress through one rollout, as stored in its state file, and the pure decision of what a
 * (re-)run does with it. Steps, in order:
 *   pending -> preflight -> deploy-submitted{deployId} -> deployed -> credentials-written -> done | failed
 * The hand-off file is written (atomically) before the state says `credentials-written`/`done`, so a kill
 * between the two only means the next run re-reads the credentials, which is idempotent.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DeployRef } from '../provision/index.js';
import { tenantResultSchema } from './tenantResult.js';

export type { DeployRef } from '../provision/index.js';

export const STEPS = ['pending', 'preflight', 'deploy-submitted', 'deployed', 'credentials-written', 'done', 'failed'] as const;
export type StepName = (typeof STEPS)[number];

/** The deploy phase; files written before the rename to `step` hold the stage name ('deploy:app'). */
const deployPhaseSchema = z.preprocess((v) => (typeof v === 'string' ? v.replace(/^deploy:/, '') : v), z.enum(['app', 'policies', 'app+policies']));
const deployRefSchema = z.object({ deployId: z.string().min(1), phase: deployPhaseSchema }) satisfies z.ZodType<DeployRef>;

/** State files written before the rename said `phase` for what is now `step`. */
const renameLegacyPhase = (doc: unknown): unknown => {
  if (typeof doc !== 'object' || doc === null || 'step' in doc || !('phase' in doc)) return doc;
  const { phase, history, ...rest } = doc as { phase: unknown; history?: unknown };
  return {
    ...rest,
    step: phase,
    history: Array.isArray(history) ? history.map((h: Record<string, unknown>) => ('phase' in h ? { ...h, step: h.phase } : h)) : history,
  };
};

export const tenantStateSchema = z.preprocess(renameLegacyPhase, z.object({
  version: z.literal(1),
  tenant: z.string(),
  org: z.string(),
  shard: z.string(),
  /** Hash of what this tenant should end up with (org + effective registration); a change means "run again". */
  fingerprint: z.string(),
  step: z.enum(STEPS),
  /** The last deploy submitted to the org for this tenant; kept so a re-run polls it instead of re-submitting. */
  deploy: deployRefSchema.optional(),
  result: tenantResultSchema.optional(),
  attempts: z.number().int(),
  history: z.array(z.object({ step: z.enum(STEPS), at: z.string(), deployId: z.string().optional() })),
  updatedAt: z.string(),
}));
export type TenantState = z.infer<typeof tenantStateSchema>;

/** What a run does with a tenant given its stored state. */
export type TenantPlan =
  | { readonly action: 'skip'; readonly reason: string }
  | { readonly action: 'start'; readonly reason: string }
  | { readonly action: 'resume'; readonly reason: string; readonly deploy: DeployRef };

export type PlanContext = { readonly fingerprint: string; readonly force: boolean };

/** Steps where an interrupted run left a deploy that the org may still be running or has finished. */
export const RESUMABLE: ReadonlySet<StepName> = new Set(['deploy-submitted', 'deployed', 'credentials-written']);

export const planTenant = (state: TenantState | undefined, ctx: PlanContext): TenantPlan => {
  if (state === undefined) return { action: 'start', reason: 'new' };
  const sameInput = state.fingerprint === ctx.fingerprint;
  if (state.step === 'done') {
    if (!sameInput) return { action: 'start', reason: 'tenant settings changed since it was done' };
    // Deployed but not proven (not known at the token endpoint within --verify-wait): the next run proves it again
    // (nothing is redeployed when the org already matches), instead of reporting the old 'unverified' forever.
    if (state.result?.status === 'unverified') return { action: 'start', reason: 'not proven last time: proving again' };
    return ctx.force ? { action: 'start', reason: 'forced' } : { action: 'skip', reason: 'already done' };
  }
  // An in-flight deploy is picked up again rather than submitted twice, even with --force.
  if (sameInput && state.deploy !== undefined && (RESUMABLE.has(state.step) || state.result?.status === 'still-running')) {
    return { action: 'resume', reason: `continuing deploy ${state.deploy.deployId}`, deploy: state.deploy };
  }
  return { action: 'start', reason: state.step === 'failed' ? 'retrying after failure' : `interrupted at ${state.step}` };
};

/** Key-sorted JSON, so equal values hash equally whatever the key order. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
};

export const fingerprintOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex').slice(0, 32);

/** The state after a step; history is capped so a tenant retried forever stays a small file. */
export const withStep = (state: TenantState, step: StepName, patch: Partial<TenantState> = {}, now = new Date()): TenantState => ({
  ...state,
  ...patch,
  step,
  history: [...state.history, { step, at: now.toISOString(), ...(patch.deploy ? { deployId: patch.deploy.deployId } : {}) }].slice(-50),
  updatedAt: now.toISOString(),
});
