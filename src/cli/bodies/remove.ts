/**
 * The `remove` command's work, behind the thin yargs module: confirmation (a prompt on a terminal, --yes without
 * one, else exit 2 before the org is touched), one org's removal (src/provision/lifecycle/runRemove.ts), and what
 * happened: what went, what the org holds now, which hand-off files were renamed.
 */
import { createInterface } from 'node:readline/promises';
import type { CommandOutcome, ConsoleUi } from '../output.js';
import { cliError } from '../../errors/index.js';
import { loadRegistration } from '../../registration/index.js';
import { requiredApiVersion } from '../../render/index.js';
import { removeFromOrg, type RemoveOutcome, type RemoveRequest } from '../../provision/index.js';
import { routeLibraryWarnings } from '../../salesforce/index.js';
import { inertTerminalText } from '../terminalText.js';
import { lifecycleFleetLines, runLifecycleFleetCommand, type LifecycleFleetFlags, type LifecycleFleetResult } from './lifecycleFleet.js';

/** The fleet flags (LifecycleFleetFlags, `--tenants` optional here) plus the single-org ones. */
export type RemoveFlags = Partial<Pick<LifecycleFleetFlags, 'tenants'>> & Omit<LifecycleFleetFlags, 'tenants'> & {
  'target-org'?: string;
  yes: boolean;
  'dry-run': boolean;
  output?: string;
  wait: number;
  'api-version'?: string;
  'poll-interval'?: number;
};

export type RemoveResult = Omit<RemoveOutcome, 'exitCode'> | LifecycleFleetResult;

/** A prompt needs a person: stdin and stderr (where the question goes) both terminals. */
const hasTerminal = (): boolean => Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY);

const askOnTerminal = async (question: string): Promise<boolean> => {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*(y|yes)\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
};

const partsText = (r: { parts: readonly { type: string; fullName: string }[] }): string[] => r.parts.map((p) => `  ${p.type} ${p.fullName}`);

const humanLines = (r: Omit<RemoveOutcome, 'exitCode'>): string[] => {
  const renamed = r.handoffFiles.map((f) => (f.to ? `Renamed ${f.from} → ${f.to}` : `Would rename ${f.from} → ${f.from}.removed-<timestamp>`));
  if (r.outcome === 'absent') {
    return [`Ren (${r.appApiName}) is not in ${r.orgLabel} (org ${r.orgId}): nothing to remove.`, ...renamed];
  }
  if (r.outcome === 'would-remove') {
    return [`Dry run: remove would delete from ${r.orgLabel} (org ${r.orgId}), revoking every token issued to Ren:`, ...partsText(r), ...renamed, 'Nothing was changed.'];
  }
  return [
    `Removed Ren (${r.appApiName}) from ${r.orgLabel} (org ${r.orgId}) in deploy ${r.deployId ?? ''}; read back: the org holds none of its parts. Its tokens are revoked.`,
    ...partsText(r),
    ...(renamed.length > 0 ? renamed : ['No local hand-off file found to rename.']),
  ];
};

export const runRemoveCommand = async (flags: RemoveFlags, ui: ConsoleUi): Promise<CommandOutcome<RemoveResult>> => {
  const terminal = hasTerminal();
  const stopWarnings = routeLibraryWarnings((w) => ui.warn(w));
  try {
    if (flags.tenants !== undefined) {
      // Many orgs: no prompt per org; --yes (or --dry-run) says it before any org is touched.
      if (!flags.yes && !flags['dry-run']) throw cliError('RemoveNeedsConfirmation', [`every org of ${flags.tenants}`], { actions: ['Pass --yes to remove Ren from every tenant of the file, or --dry-run to see what would be removed.'] });
      const fleet = await runLifecycleFleetCommand({ ...flags, tenants: flags.tenants }, ui, {
        action: 'remove',
        waitMinutes: flags.wait,
        dryRun: flags['dry-run'],
        ...(flags['poll-interval'] === undefined ? {} : { pollIntervalMs: flags['poll-interval'] }),
      });
      return { result: fleet.result, exitCode: fleet.exitCode ?? 0, human: (r) => ('tenants' in r ? lifecycleFleetLines(r) : []) };
    }
    const registration = await loadRegistration(flags.spec === undefined ? {} : { specPath: flags.spec });
    const target = flags['target-org'] ?? 'the default org';
    // Refused before the org is touched: nobody can answer a prompt.
    if (!flags.yes && !flags['dry-run'] && !terminal) throw cliError('RemoveNeedsConfirmation', [target]);
    const request: RemoveRequest = {
      ...(flags['target-org'] === undefined ? {} : { targetOrg: flags['target-org'] }),
      appApiName: registration.app.apiName,
      requiredApiVersion: requiredApiVersion(registration),
      ...(flags['api-version'] === undefined ? {} : { apiVersion: flags['api-version'] }),
      ...(flags.output === undefined ? {} : { output: flags.output }),
      waitMinutes: flags.wait,
      dryRun: flags['dry-run'],
      ...(flags['poll-interval'] === undefined ? {} : { pollIntervalMs: flags['poll-interval'] }),
      info: (message) => ui.info(message),
      confirm: async (plan) => {
        if (flags.yes) return true;
        const text = [
          `This removes Ren from ${plan.orgLabel} (org ${plan.orgId}) and revokes every token issued to it:`,
          ...plan.parts.map((p) => `  ${p.type} ${p.fullName}`),
          ...plan.handoffFiles.map((f) => `  and renames ${f} to ${f}.removed-<timestamp>`),
          `Type "yes" to remove Ren: `,
        ].join('\n');
        return askOnTerminal(inertTerminalText(text));
      },
    };
    ui.stage(flags['dry-run'] ? 'Looking for Ren in the org (read-only)' : 'Removing Ren');
    const { exitCode, ...result } = await removeFromOrg(request);
    return { result, exitCode, human: (r) => ('tenants' in r ? [] : humanLines(r)) };
  } finally {
    stopWarnings();
  }
};
