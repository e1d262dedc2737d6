/**
 * `status --tenants`: the fleet runner (src/fleet/fleetRunner.ts) with a read-only operation. Every run checks
 * every tenant of its shard again (a saved result never counts as done: an org can drift at any time); one
 * JSON line per tenant goes to <state>/status/report.<shard>.jsonl, the summary table to the terminal.
 * Fleet exit (cli-contract.md): 0 all in sync, 3 drift and no failures, 68 some could not be checked and some
 * could, 1 none could be checked.
 */
import { EXIT_CODES, type ExitCode } from '../errors/index.js';
import { toCatalogError } from '../errors/index.js';
import { errorShape, runFleet, type FleetDependencies, type FleetOperation, type FleetRun, type ProgressDisplay, type Shard, type TenantResult } from '../fleet/index.js';
import { checkOrgStatus, type OrgStatus } from './orgStatus.js';

export type StatusFleetOptions = {
  readonly tenantsPath: string;
  readonly specPath?: string;
  readonly concurrency: number;
  readonly stateDir: string;
  readonly shard?: Shard;
  readonly waitMinutes: number;
  readonly pollIntervalMs?: number;
};

export type StatusFleetSummary = { total: number; inSync: number; drift: number; failed: number; exitCode: ExitCode };

export const statusFleetExitCode = (results: readonly TenantResult[]): ExitCode => {
  const failed = results.filter((r) => r.status === 'failed').length;
  if (failed === results.length && failed > 0) return EXIT_CODES.failed;
  if (failed > 0) return EXIT_CODES.partial;
  return results.some((r) => r.status === 'drift') ? EXIT_CODES.drift : EXIT_CODES.ok;
};

export const summarizeStatus = (results: readonly TenantResult[]): StatusFleetSummary => ({
  total: results.length,
  inSync: results.filter((r) => r.status === 'in-sync').length,
  drift: results.filter((r) => r.status === 'drift').length,
  failed: results.filter((r) => r.status === 'failed').length,
  exitCode: statusFleetExitCode(results),
});

const sumCalls = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

/** What status found, as the tenant's report line: drift rows in `changes`, every finding (with its fix) in `warnings`. */
const resultOf = (found: OrgStatus): Pick<TenantResult, 'status' | 'exitCode' | 'orgId' | 'changes' | 'apiCalls' | 'apiCallsTotal' | 'warnings'> => ({
  status: found.status,
  exitCode: found.exitCode,
  orgId: found.orgId,
  changes: found.drift,
  apiCalls: found.apiCalls,
  apiCallsTotal: sumCalls(found.apiCalls),
  warnings: found.findings.map((f) => `${f.what}: ${f.fix}`),
});

export const statusOperation = (options: StatusFleetOptions): FleetOperation => ({
  stateMode: 'status',
  plan: () => Promise.resolve({ action: 'start', reason: 'status checks every tenant again' }),
  run: async (tenant, _plan, _state, ctx) => {
    const started = Date.now();
    ctx.events({ kind: 'started', tenant: tenant.id, reason: 'checking' });
    const base = { tenant: tenant.id, org: tenant.org, shard: ctx.shard, backoffs: 0, attempts: 1, reused: false };
    let result: TenantResult;
    try {
      const found = await checkOrgStatus({
        targetOrg: tenant.username,
        registration: tenant.registration,
        waitMinutes: options.waitMinutes,
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      });
      result = { ...base, ...resultOf(found), durationMs: Date.now() - started, finishedAt: new Date().toISOString() };
    } catch (e) {
      const error = toCatalogError(e);
      result = {
        ...base,
        status: 'failed',
        exitCode: error.exitCode,
        changes: [],
        apiCalls: {},
        apiCallsTotal: 0,
        error: errorShape(error),
        warnings: [],
        durationMs: Date.now() - started,
        finishedAt: new Date().toISOString(),
      };
    }
    ctx.events({ kind: 'finished', tenant: tenant.id, status: result.status, exitCode: result.exitCode, ...(result.error ? { message: result.error.message } : {}) });
    return result;
  },
});

export const runStatusFleet = (options: StatusFleetOptions, deps: FleetDependencies, display?: (total: number) => ProgressDisplay): Promise<FleetRun> =>
  runFleet(
    { tenantsPath: options.tenantsPath, concurrency: options.concurrency, stateDir: options.stateDir, ...(options.specPath === undefined ? {} : { specPath: options.specPath }), ...(options.shard === undefined ? {} : { shard: options.shard }) },
    deps,
    statusOperation(options),
    display,
  );
