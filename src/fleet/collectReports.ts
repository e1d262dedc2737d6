/**
 * `rollout report`: one report over several shards, from their report files and/or state directories.
 * A state directory is read tenant by tenant, so it also covers a run that was killed before it could
 * write its report; a tenant caught mid-run counts as not finished (non-zero exit) and says how to finish it.
 */
import { basename } from 'node:path';
import { cliError } from '../errors/index.js';
import { errorShape } from './tenantResult.js';
import { readReport, mergeReports, summarize, type RolloutSummary } from './report.js';
import { StateStore } from './stateStore.js';
import type { TenantResult } from './tenantResult.js';
import type { TenantState } from './tenantState.js';

export type CombinedReport = { sources: string[]; tenants: TenantResult[]; summary: RolloutSummary; warnings: string[] };

/** A tenant's result from its state file; an interrupted tenant becomes a failure that says how to finish it. */
export const resultFromState = (state: TenantState): TenantResult =>
  state.step === 'done' || (state.step === 'failed' && state.result !== undefined)
    ? { ...(state.result as TenantResult), reused: false }
    : {
        tenant: state.tenant,
        org: state.org,
        shard: state.shard,
        status: 'failed',
        exitCode: 1,
        changes: [],
        apiCalls: {},
        apiCallsTotal: 0,
        backoffs: 0,
        error: errorShape(cliError('RolloutInterrupted', [state.step, state.deploy ? ` (deploy ${state.deploy.deployId})` : ''])),
        warnings: [],
        attempts: state.attempts,
        durationMs: 0,
        finishedAt: state.updatedAt,
        reused: false,
      };

export const collectReports = async (input: { reports: readonly string[]; stateDirs: readonly string[] }): Promise<CombinedReport> => {
  const fromFiles = await Promise.all(input.reports.map(async (path) => ({ name: basename(path), results: await readReport(path) })));
  const fromStates = await Promise.all(
    input.stateDirs.map(async (dir) => ({ name: dir, results: (await new StateStore(dir).loadAll()).map(resultFromState) })),
  );
  const merged = mergeReports([...fromFiles, ...fromStates]);
  if (merged.results.length === 0) throw cliError('RolloutReportInvalid', [`no tenant results in ${[...input.reports, ...input.stateDirs].join(', ')}`]);
  const warnings = [...merged.warnings];
  for (const s of [...fromFiles, ...fromStates]) if (s.results.length === 0) warnings.push(`${s.name} holds no tenant results.`);
  return { sources: [...input.reports, ...input.stateDirs], tenants: merged.results, summary: summarize(merged.results), warnings };
};
