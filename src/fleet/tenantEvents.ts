/** What happens to tenants during a run, for the progress display. */
import type { TenantStatus } from './tenantResult.js';
export type TenantEvent =
  | { readonly kind: 'skipped'; readonly tenant: string; readonly reason: string }
  | { readonly kind: 'started'; readonly tenant: string; readonly reason: string }
  | { readonly kind: 'stage'; readonly tenant: string; readonly stage: string; readonly state: string }
  | { readonly kind: 'backoff'; readonly tenant: string; readonly delayMs: number; readonly retry: number }
  | { readonly kind: 'finished'; readonly tenant: string; readonly status: TenantStatus; readonly exitCode: number; readonly message?: string };

export type TenantEventSink = (event: TenantEvent) => void;
