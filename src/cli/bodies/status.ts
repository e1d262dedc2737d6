/**
 * The `status` command's work: one org (`--target-org`) or a fleet (`--tenants`, through the fleet runner), strictly
 * read-only (src/status). Exit 0 in sync, 3 drift / missing / secret access left on, 1 could not check, 2 bad input;
 * a fleet: 0 all in sync, 3 drift and no failures, 68 mixed, 1 none could be checked.
 */
import type { CommandOutcome, ConsoleUi } from '../output.js';
import { cliError } from '../../errors/index.js';
import { describeDiffRow } from '../../render/index.js';
import { loadRegistration } from '../../registration/index.js';
import { SWITCH_SETUP_PATHS } from '../../salesforce/index.js';
import { lineProgress, parseShard, salesforceDependencies, silentProgress, tenantTable, terminalProgress, type ProgressDisplay, type TenantResult } from '../../fleet/index.js';
import { checkOrgStatus, runStatusFleet, summarizeStatus, type OrgStatus, type StatusFleetSummary } from '../../status/index.js';

export type StatusFlags = {
  'target-org'?: string;
  tenants?: string;
  concurrency: number;
  shard?: string;
  state: string;
  spec?: string;
  overrides?: string;
  handoff?: string;
  wait: number;
  'poll-interval'?: number;
};

export type OrgStatusResult = OrgStatus & { org: string };
export type StatusResult = OrgStatusResult | FleetStatusResult;
export type FleetStatusResult = { tenantsFile: string; shard: string; reportPath: string; fileTenants: number; summary: StatusFleetSummary; tenants: TenantResult[] };

const orgLines = (r: OrgStatusResult): string[] => {
  const lines = [
    r.status === 'in-sync' ? `In sync: Ren in org ${r.org} (${r.orgId}) is as the spec says.` : `DRIFT: Ren in org ${r.org} (${r.orgId}) is not as the spec says.`,
    r.present ? `Ren's parts: ${r.parts.map((p) => `${p.type} ${p.fullName}`).join(', ')}` : "Ren's app is not in this org.",
  ];
  if (r.present && r.drift.length > 0) lines.push('Differs from the spec (org value → spec value):', ...r.drift.map((row) => `  ${describeDiffRow(row)}`));
  for (const s of r.switches.filter((x) => x.needed)) lines.push(`Org switch ${SWITCH_SETUP_PATHS[s.name]}: ${s.on === undefined ? 'unknown' : s.on ? 'on' : 'OFF'}`);
  lines.push(`REST access to consumer secrets: ${r.secretAccessOn ? 'ON' : 'off'}${r.secretAccessRecordPending ? ' (a record of an interrupted run of ours is pending)' : ''}`);
  if (r.handoff) lines.push(`Hand-off ${r.handoff.path} (${r.handoff.form}): ${r.handoff.matches ? "holds this org's consumer key" : "does NOT hold this org's consumer key"}`);
  for (const f of r.findings) lines.push(`To fix: ${f.what}: ${f.fix}.`);
  return lines;
};

const progressFor = (ui: ConsoleUi): ((total: number) => ProgressDisplay) => {
  if (ui.json) return () => silentProgress;
  if (process.stderr.isTTY) return (total) => terminalProgress(total, process.stderr);
  return (total) => lineProgress(total, (line) => ui.info(line));
};

const fleetLines = (r: FleetStatusResult): string[] => [
  ...tenantTable(r.tenants),
  ...r.tenants.filter((t) => t.status === 'drift').flatMap((t) => [`${t.tenant}:`, ...t.changes.map((row) => `  ${describeDiffRow(row)}`), ...t.warnings.map((w) => `  To fix: ${w}`)]),
  '',
  `${r.summary.total} tenant${r.summary.total === 1 ? '' : 's'}: ${r.summary.inSync} in sync, ${r.summary.drift} drifted, ${r.summary.failed} could not be checked.`,
  `Report (one JSON line per tenant): ${r.reportPath}`,
];

const statusLines = (r: StatusResult): string[] => ('tenants' in r ? fleetLines(r) : orgLines(r));

const runFleetStatus = async (flags: StatusFlags & { tenants: string }, ui: ConsoleUi): Promise<CommandOutcome<StatusResult>> => {
  const shard = parseShard(flags.shard);
  ui.stage(`Checking Ren in every org of ${flags.tenants} (read-only)${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}`);
  const run = await runStatusFleet(
    {
      tenantsPath: flags.tenants,
      ...(flags.spec === undefined ? {} : { specPath: flags.spec }),
      concurrency: flags.concurrency,
      stateDir: flags.state,
      shard,
      waitMinutes: flags.wait,
      ...(flags['poll-interval'] === undefined ? {} : { pollIntervalMs: flags['poll-interval'] }),
    },
    salesforceDependencies(),
    progressFor(ui),
  );
  const summary = summarizeStatus(run.tenants);
  return {
    result: { tenantsFile: run.tenantsFile, shard: run.shard, reportPath: run.reportPath, fileTenants: run.fileTenants, summary, tenants: run.tenants },
    exitCode: summary.exitCode,
    human: statusLines,
  };
};

export const runStatusCommand = async (flags: StatusFlags, ui: ConsoleUi): Promise<CommandOutcome<StatusResult>> => {
  if (flags.tenants !== undefined) {
    if (flags['target-org'] !== undefined) throw cliError('Usage', ['Use --target-org <org> for one org or --tenants <file> for many, not both.']);
    if (flags.handoff !== undefined) throw cliError('Usage', ['--handoff compares one org with one hand-off file; use it with --target-org, not --tenants.']);
    return runFleetStatus({ ...flags, tenants: flags.tenants }, ui);
  }
  const registration = await loadRegistration({
    ...(flags.spec === undefined ? {} : { specPath: flags.spec }),
    ...(flags.overrides === undefined ? {} : { overridesPath: flags.overrides }),
  });
  ui.stage(`Checking Ren in org ${flags['target-org'] ?? '(the sf CLI target-org)'} (read-only)`);
  const found = await checkOrgStatus({
    ...(flags['target-org'] === undefined ? {} : { targetOrg: flags['target-org'] }),
    registration,
    waitMinutes: flags.wait,
    ...(flags.handoff === undefined ? {} : { handoffPath: flags.handoff }),
    ...(flags['poll-interval'] === undefined ? {} : { pollIntervalMs: flags['poll-interval'] }),
  });
  const result: OrgStatusResult = { org: flags['target-org'] ?? found.orgId, ...found };
  return { result, exitCode: found.exitCode, human: statusLines };
};
