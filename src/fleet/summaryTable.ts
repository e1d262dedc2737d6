/** The human summary at the end of a run (or of `rollout report`): a table, then every failure with its fix. Pure. */
import type { RolloutSummary } from './report.js';
import type { TenantResult } from './tenantResult.js';

type Column = { readonly title: string; readonly cell: (r: TenantResult) => string };

const COLUMNS: readonly Column[] = [
  { title: 'TENANT', cell: (r) => r.tenant },
  { title: 'ORG', cell: (r) => r.org },
  { title: 'STATUS', cell: (r) => (r.reused ? `${r.status} (earlier run)` : r.status) },
  { title: 'EXIT', cell: (r) => String(r.exitCode) },
  { title: 'CHANGES', cell: (r) => String(r.changes.length) },
  { title: 'API CALLS', cell: (r) => String(r.apiCallsTotal) + (r.backoffs > 0 ? ` (${r.backoffs} back-offs)` : '') },
  { title: 'HAND-OFF', cell: (r) => r.handoffPath ?? '-' },
];

const firstLine = (text: string): string => text.split('\n')[0] ?? '';

/** One row per tenant, then every failure with its fix: what every fleet operation shows before its own summary line. */
export const tenantTable = (results: readonly TenantResult[]): string[] => {
  const rows = results.map((r) => COLUMNS.map((c) => c.cell(r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(COLUMNS.map((c) => c.title)), ...rows.map(line)];
  const failures = results.filter((r) => r.error !== undefined);
  if (failures.length > 0) {
    out.push('', 'Failed tenants:');
    for (const r of failures) {
      out.push(`  ${r.tenant} (${r.org}): ${r.error?.name ?? 'Error'}: ${firstLine(r.error?.message ?? '')}`);
      for (const action of r.error?.actions ?? []) out.push(`      Try this: ${action}`);
    }
  }
  return out;
};

export const summaryTable = (results: readonly TenantResult[], summary: RolloutSummary, extra: readonly string[] = []): string[] => {
  const out = tenantTable(results);
  const s = summary;
  out.push(
    '',
    `${s.total} tenant${s.total === 1 ? '' : 's'}: ${s.succeeded} succeeded (${s.reused} from earlier runs), ${s.failed} failed, ${s.stillRunning} still running${s.unverified > 0 ? `, ${s.unverified} unverified (not known at the token endpoint yet: run \`ren-eca verify <hand-off>\` later)` : ''}; ${s.apiCalls} API calls.`,
    ...extra,
  );
  return out;
};
