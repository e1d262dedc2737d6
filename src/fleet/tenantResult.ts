/**
 * One tenant's outcome: a line of the JSON-lines report and the `result` kept in its state file.
 * The zod schema is the contract for reading reports back (merge) and state files (resume).
 */
import type { SfError } from '@salesforce/core/sfError';
import { z } from 'zod';
import type { DiffRow } from '../render/index.js';

/** created/updated/unchanged/validated come from the deploy; failed and still-running are ours. */
export const TENANT_STATUSES = ['created', 'updated', 'unchanged', 'validated', 'failed', 'still-running'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const tenantResultSchema = z.object({
  tenant: z.string(),
  org: z.string(),
  shard: z.string(),
  status: z.enum(TENANT_STATUSES),
  exitCode: z.number().int(),
  orgId: z.string().optional(),
  loginUrl: z.string().optional(),
  /** The diff rows of the CLI contract. */
  changes: z.array(z.object({ component: z.string(), field: z.string(), expected: z.unknown().optional(), actual: z.unknown().optional() }) satisfies z.ZodType<DiffRow>),
  apiCalls: z.record(z.string(), z.number()),
  apiCallsTotal: z.number(),
  /** Times this tenant backed off because its org said REQUEST_LIMIT_EXCEEDED. */
  backoffs: z.number().int(),
  handoffPath: z.string().optional(),
  /** REST access to consumer secrets is still on in the org: the run could not switch it back off (cli-contract.md). */
  secretAccessLeftOn: z.literal(true).optional(),
  error: z.object({ name: z.string(), message: z.string(), actions: z.array(z.string()) }).optional(),
  warnings: z.array(z.string()),
  /** Runs that worked on this tenant, this one included. */
  attempts: z.number().int(),
  durationMs: z.number(),
  finishedAt: z.string(),
  /** true when this run skipped the tenant because an earlier run had already finished it. */
  reused: z.boolean(),
});
export type TenantResult = z.infer<typeof tenantResultSchema>;
export type TenantError = NonNullable<TenantResult['error']>;

/** A catalog error as a tenant's result shows it, the way the single-org command prints it. */
export const errorShape = (e: SfError): TenantError => ({ name: e.name, message: e.message, actions: [...(e.actions ?? [])] });

export const SUCCESS_STATUSES: ReadonlySet<TenantStatus> = new Set(['created', 'updated', 'unchanged', 'validated']);
export const succeeded = (r: Pick<TenantResult, 'status'>): boolean => SUCCESS_STATUSES.has(r.status);
