/**
 * Everything checked before any org is touched: the tenants file itself (all rows, every shard), then for
 * this shard's tenants that each org is logged in and that each tenant's registration is valid. All
 * problems are reported together in one TenantsInvalid error (exit 2).
 */
import type { Registration } from '../registration/index.js';
import { cliError, isSfError } from '../errors/index.js';
import type { PreparedTenant } from './preparedTenant.js';
import type { RolloutDependencies } from './rolloutDependencies.js';
import { inShard, type Shard } from './sharding.js';
import type { Tenant } from './tenant.js';
import { describeProblem, type TenantProblem } from './tenantProblems.js';
import { readTenantsFile } from './tenantsFile.js';
import { fingerprintOf } from './tenantState.js';

export type PreparedFleet = {
  /** This shard's tenants, in file order. */
  readonly tenants: readonly PreparedTenant[];
  /** Tenants in the file, all shards. */
  readonly fileTotal: number;
};

const loginHint = (org: string): string =>
  `the org "${org}" has no saved login; run \`sf org login web --alias ${org}\` (or \`sf org login jwt\` in CI) on this machine, or fix the org name`;

const specProblems = (e: unknown): string[] => {
  if (!isSfError(e)) throw e;
  const data = e.data as { problems?: unknown } | undefined;
  return Array.isArray(data?.problems) ? data.problems.map(String) : [e.message];
};

const sameOrgText = (a: Tenant, b: Tenant): boolean => a.org.toLowerCase() === b.org.toLowerCase();

/** Tenants whose `key` equals an earlier tenant's; pairs `alreadyReported` are left out. */
const duplicateOrgs = (
  tenants: readonly Tenant[],
  key: (t: Tenant) => string | undefined,
  what: string,
  alreadyReported: (earlier: Tenant, t: Tenant) => boolean = () => false,
): TenantProblem[] => {
  const first = new Map<string, Tenant>();
  const problems: TenantProblem[] = [];
  for (const t of tenants) {
    const k = key(t);
    if (k === undefined) continue;
    const earlier = first.get(k);
    if (earlier === undefined) first.set(k, t);
    else if (!alreadyReported(earlier, t)) problems.push({ source: t.source, tenant: t.id, message: `${what} as tenant ${earlier.id} (${earlier.source}); each org holds one Ren registration, so list it once` });
  }
  return problems;
};

export const prepareTenants = async (
  tenantsPath: string,
  shard: Shard,
  deps: RolloutDependencies,
  specPath: string | undefined,
): Promise<PreparedFleet> => {
  // The base spec first: if it is broken every tenant is, and that is one SpecInvalid, not N.
  await deps.prepareRegistration({}, specPath);
  const file = await readTenantsFile(tenantsPath, deps.overridesSchema);
  const problems: TenantProblem[] = [...file.problems, ...duplicateOrgs(file.tenants, (t) => t.org.toLowerCase(), 'targets the same org')];
  const mine = file.tenants.filter((t) => inShard(t.id, shard));

  const directory = await deps.orgDirectory();
  const usernames = new Map<Tenant, string>();
  for (const t of mine) {
    const username = await directory.resolveUsername(t.org);
    if (username === undefined) problems.push({ source: t.source, tenant: t.id, message: loginHint(t.org) });
    else usernames.set(t, username);
  }
  problems.push(...duplicateOrgs(mine, (t) => usernames.get(t)?.toLowerCase(), 'its org resolves to the same username', sameOrgText));

  const prepared: PreparedTenant[] = [];
  for (const t of mine) {
    let registration: Registration;
    try {
      registration = await deps.prepareRegistration(t.overrides, specPath);
    } catch (e) {
      for (const p of specProblems(e)) problems.push({ source: t.source, tenant: t.id, message: `overrides: ${p}` });
      continue;
    }
    const username = usernames.get(t);
    if (username !== undefined) prepared.push({ ...t, username, registration, fingerprint: fingerprintOf({ username, registration }) });
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.source.localeCompare(b.source, 'en', { numeric: true })); // file order; stable within a row
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    throw cliError('TenantsInvalid', [tenantsPath, count, problems.map((p) => `  - ${describeProblem(p)}`).join('\n')], { data: { problems } });
  }
  return { tenants: prepared, fileTotal: file.tenants.length };
};
