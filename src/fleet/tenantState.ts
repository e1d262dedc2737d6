/**
 * A tenant's progress through one rollout, as stored in its state file, and the pure decision of what a
 * (re-)run does with it. Phases, in order:
 *   pending -> preflight -> deploy-submitted{deployId} -> deployed -> credentials-written -> done | failed
 * The hand-off file is written (atomically) before the state says `credentials-written`/`done`, so a kill
 * between the two only means the next run re-reads the credentials, which is idempotent.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { tenantResultSchema } from './tenantResult.js';

export const PHASES = ['pending', 'preflight', 'deploy-submitted', 'deployed', 'credentials-written', 'done', 'failed'] as const;
export type PhaseName = (typeof PHASES)[number];

const deployRefSchema = z.object({ deployId: z.string().min(1), phase: z.string() });
export type DeployRef = z.infer<typeof deployRefSchema>;

export const tenantStateSchema = z.object({
  version: z.literal(1),
  tenant: z.string(),
  org: z.string(),
  shard: z.string(),
  /** Hash of what this tenant should end up with (org + effective registration); a change means "run again". */
  fingerprint: z.string(),
  phase: z.enum(PHASES),
  /** The last deploy submitted to the org for this tenant; kept so a re-run polls it instead of re-submitting. */
  deploy: deployRefSchema.optional(),
  result: tenantResultSchema.optional(),
  attempts: z.number().int(),
  history: z.array(z.object({ phase: z.enum(PHASES), at: z.string(), deployId: z.string().optional() })),
  updatedAt: z.string(),
});
export type TenantState = z.infer<typeof tenantStateSchema>;

/** What a run does with a tenant given its stored state. */
export type TenantPlan =
  | { readonly action: 'skip'; readonly reason: string }
  | { readonly action: 'start'; readonly reason: string }
  | { readonly action: 'resume'; readonly reason: string; readonly deploy: DeployRef };

export type PlanContext = { readonly fingerprint: string; readonly force: boolean };

/** Phases where an interrupted run left a deploy that the org may still be running or has finished. */
const RESUMABLE: ReadonlySet<PhaseName> = new Set(['deploy-submitted', 'deployed', 'credentials-written']);

export const planTenant = (state: TenantState | undefined, ctx: PlanContext): TenantPlan => {
  if (state === undefined) return { action: 'start', reason: 'new' };
  const sameInput = state.fingerprint === ctx.fingerprint;
  if (state.phase === 'done') {
    if (!sameInput) return { action: 'start', reason: 'tenant settings changed since it was done' };
    return ctx.force ? { action: 'start', reason: 'forced' } : { action: 'skip', reason: 'already done' };
  }
  // An in-flight deploy is picked up again rather than submitted twice, even with --force.
  if (sameInput && state.deploy !== undefined && (RESUMABLE.has(state.phase) || state.result?.status === 'still-running')) {
    return { action: 'resume', reason: `continuing deploy ${state.deploy.deployId}`, deploy: state.deploy };
  }
  return { action: 'start', reason: state.phase === 'failed' ? 'retrying after failure' : `interrupted at ${state.phase}` };
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

/** The state after a phase transition; history is capped so a tenant retried forever stays a small file. */
export const withPhase = (state: TenantState, phase: PhaseName, patch: Partial<TenantState> = {}, now = new Date()): TenantState => ({
  ...state,
  ...patch,
  phase,
  history: [...state.history, { phase, at: now.toISOString(), ...(patch.deploy ? { deployId: patch.deploy.deployId } : {}) }].slice(-50),
  updatedAt: now.toISOString(),
});
