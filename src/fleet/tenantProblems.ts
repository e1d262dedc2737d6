/** What the tenants file readers produce before validation, and how problems with it are described. */

/** One problem with the tenants file, located ("line 4", "tenants[2]", "header") and optionally named by tenant. */
export type TenantProblem = { readonly source: string; readonly tenant?: string; readonly message: string };

/** Entries as read from CSV or JSON, not yet validated. */
export type RawTenantEntries = {
  readonly entries: readonly { readonly source: string; readonly value: unknown }[];
  readonly problems: readonly TenantProblem[];
};

export const describeProblem = (p: TenantProblem): string => `${p.source}${p.tenant === undefined ? '' : ` (${p.tenant})`}: ${p.message}`;
