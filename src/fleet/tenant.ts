/**
 * What one row of a tenants file is: a tenant id, the org to provision (alias or username, as in the sf CLI
 * auth store) and that tenant's overrides of the registration spec. Pure: no file or org access.
 */
import { z } from 'zod';

/** Where a tenant came from in the tenants file, for messages ("row 4", "tenants[3]"). */
export type TenantSource = string;

export type Tenant = {
  readonly id: string;
  readonly org: string;
  /** Validated against the spec's per-tenant overrides schema; empty when the tenant overrides nothing. */
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly source: TenantSource;
};

/**
 * Tenant ids become file names (state and hand-off files), so they are restricted to a portable set and
 * compared case-insensitively (macOS and Windows file systems are case-insensitive).
 */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

export const tenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'a tenant id is 1-80 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** The columns (CSV) or keys (JSON) every tenant has; every other column is an override. */
export const TENANT_KEYS = ['tenant', 'org'] as const;

/** A tenant entry as written in the file, before its overrides are checked against the spec's schema. */
export const tenantEntrySchema = (overridesSchema: z.ZodType) =>
  z.strictObject({
    tenant: tenantIdSchema,
    org: z.string().trim().min(1, 'name the target org (an alias or username from `sf org list`)'),
    overrides: overridesSchema.optional(),
  });

/** The key under which two tenant ids collide as file names. */
export const tenantFileKey = (id: string): string => id.toLowerCase();
