/**
 * The JSON-lines report (one TenantResult per line), its summary and the fleet's exit code, plus reading
 * reports back and merging the reports of several shards into one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT_CODES, type ExitCode } from '../errors/index.js';
import { cliError } from '../errors/index.js';
import { writeFileAtomic } from '../files/index.js';
import { shardFileTag, type Shard } from './sharding.js';
import { succeeded, tenantResultSchema, TENANT_STATUSES, type TenantResult, type TenantStatus } from './tenantResult.js';

export type RolloutSummary = {
  total: number;
  succeeded: number;
  failed: number;
  stillRunning: number;
  /** Finished by an earlier run and skipped by this one. */
  reused: number;
  byStatus: Record<TenantStatus, number>;
  apiCalls: number;
  exitCode: ExitCode;
};

export const reportFileName = (shard: Shard): string => `report.${shardFileTag(shard)}.jsonl`;
export const reportPathFor = (stateDir: string, shard: Shard): string => join(stateDir, reportFileName(shard));

/**
 * 0 only when every tenant succeeded (and none left REST access to consumer secrets on: 68). Otherwise 1 when
 * none did, 68 (partial) when some did, and 69 when
 * nothing failed but some deploys were still running in their orgs (re-run to pick them up).
 */
export const rolloutExitCode = (results: readonly TenantResult[]): ExitCode => {
  // A tenant that left REST access to consumer secrets on did not finish as asked, whatever else it did.
  if (results.some((r) => r.secretAccessLeftOn === true)) return EXIT_CODES.partial;
  const failed = results.filter((r) => r.status === 'failed').length;
  const ok = results.filter(succeeded).length;
  if (ok === results.length) return EXIT_CODES.ok;
  if (failed === 0) return EXIT_CODES.stillRunning;
  return ok === 0 ? EXIT_CODES.failed : EXIT_CODES.partial;
};

export const summarize = (results: readonly TenantResult[]): RolloutSummary => {
  const byStatus = Object.fromEntries(TENANT_STATUSES.map((s) => [s, 0])) as Record<TenantStatus, number>;
  for (const r of results) byStatus[r.status] += 1;
  return {
    total: results.length,
    succeeded: results.filter(succeeded).length,
    failed: byStatus.failed,
    stillRunning: byStatus['still-running'],
    reused: results.filter((r) => r.reused).length,
    byStatus,
    apiCalls: results.reduce((n, r) => n + r.apiCallsTotal, 0),
    exitCode: rolloutExitCode(results),
  };
};

export const formatReport = (results: readonly TenantResult[]): string => results.map((r) => JSON.stringify(r)).join('\n') + (results.length > 0 ? '\n' : '');

export const writeReport = (path: string, results: readonly TenantResult[]): Promise<void> => writeFileAtomic(path, formatReport(results), { dirMode: 0o700 });

export const parseReport = (text: string, name: string): TenantResult[] =>
  text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, n }) => {
      let doc: unknown;
      try {
        doc = JSON.parse(line);
      } catch {
        throw cliError('RolloutReportInvalid', [`${name} line ${n} is not JSON`]);
      }
      const parsed = tenantResultSchema.safeParse(doc);
      if (!parsed.success) throw cliError('RolloutReportInvalid', [`${name} line ${n} is not a tenant result (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`]);
      return parsed.data;
    });

export const readReport = async (path: string): Promise<TenantResult[]> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw cliError('RolloutReportInvalid', [`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`], { cause: e });
  }
  return parseReport(text, path);
};

const SHARD_IN_NAME = /shard-(\d+)-of-(\d+)/;

export type MergedReport = { results: TenantResult[]; warnings: string[] };

/**
 * Combines shard reports. A tenant in several reports (e.g. the fleet was re-sharded between runs) keeps
 * its most recent result, with a warning. Shard sets that do not add up (2/4 and 4/4 but no 1/4 or 3/4)
 * are warned about, since the combined report then misses tenants.
 */
export const mergeReports = (reports: readonly { name: string; results: readonly TenantResult[] }[]): MergedReport => {
  const latest = new Map<string, TenantResult>();
  const warnings: string[] = [];
  for (const r of reports.flatMap((report) => report.results)) {
    const seen = latest.get(r.tenant);
    if (seen !== undefined) {
      warnings.push(`Tenant ${r.tenant} is in more than one report (shards ${seen.shard} and ${r.shard}); keeping the later result.`);
      if (seen.finishedAt >= r.finishedAt) continue;
    }
    latest.set(r.tenant, r);
  }
  // A shard with no tenants writes an empty report; its file name still says which shard it was.
  const namedShards = reports.map((r) => SHARD_IN_NAME.exec(r.name)).filter((m) => m !== null).map((m) => `${m[1]}/${m[2]}`);
  const shards = new Set([...[...latest.values()].map((r) => r.shard), ...namedShards]);
  const counts = new Set([...shards].map((s) => s.split('/')[1]));
  for (const count of counts) {
    const n = Number(count);
    const missing = Array.from({ length: n }, (_, i) => `${i + 1}/${n}`).filter((s) => !shards.has(s));
    if (missing.length > 0) warnings.push(`No results from shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; their tenants are not in this report.`);
  }
  const results = [...latest.values()].sort((a, b) => a.tenant.localeCompare(b.tenant));
  return { results, warnings };
};
