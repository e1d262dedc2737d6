/**
 * The `rotate` command's work, behind the thin yargs module: load the spec (app name, hand-off recipients), read the
 * --identity file, run one org's rotate or finish (src/provision/lifecycle/runRotate.ts), and say what happened —
 * what is proven and what is not yet; the secret only in the hand-off (or on stdout with --output -).
 */
import type { CommandOutcome, ConsoleUi } from '../output.js';
import { readIdentityFile } from '../../credentials/index.js';
import { loadRegistration } from '../../registration/index.js';
import { finishOrgRotation, rotateOrg, type FinishOutcome, type RotateOutcome, type RotateRequest, type RotationStep } from '../../provision/index.js';
import { lifecycleFleetLines, runLifecycleFleetCommand, type LifecycleFleetFlags, type LifecycleFleetResult } from './lifecycleFleet.js';
import { routeLibraryWarnings, SWITCH_SETUP_PATHS } from '../../salesforce/index.js';

/** The fleet flags (LifecycleFleetFlags, `--tenants` optional here) plus the single-org ones. */
export type RotateFlags = Partial<Pick<LifecycleFleetFlags, 'tenants'>> & Omit<LifecycleFleetFlags, 'tenants'> & {
  'target-org'?: string;
  finish: boolean;
  output?: string;
  identity?: string;
  wait: number;
  verify: boolean;
  'secret-toggle': boolean;
  'verify-wait': number;
  'api-version'?: string;
  'poll-interval'?: number;
  'retry-interval'?: number;
};

export type RotateResult = LifecycleFleetResult | Omit<RotateOutcome, 'handoffText' | 'exitCode'> | Omit<FinishOutcome, 'exitCode'>;

const STEP_LINES: Readonly<Record<RotationStep, string>> = {
  staged: 'Staged a new key and secret (not in use yet)',
  'resumed-staged': 'Found a new pair an interrupted run staged: using it (no second one is created)',
  'deleted-expired': 'Deleted an expired staged pair that was never promoted',
  promoted: 'Promoted the new pair: it is now current; the previous pair keeps working until --finish',
  'resumed-promoted': 'An interrupted run already promoted the new pair: handing it off, the org is not changed',
  'read-back': 'Read back: the org holds the new pair as current and the previous one as Rotated',
  'deleted-previous': 'Deleted the previous pair: it no longer authenticates',
};

const leftOnLine = `REST access to consumer secrets is still switched ON in this org (exit 68): switch it off in ${SWITCH_SETUP_PATHS.secretsViaRest}, or rerun.`;

const rotateLines = (r: Omit<RotateOutcome, 'handoffText' | 'exitCode'>): string[] => [
  `Rotated Ren's key and secret in ${r.orgLabel} (org ${r.orgId}).`,
  `New Consumer Key:      ${r.consumerKey}`,
  `Previous Consumer Key: ${r.previousConsumerKey} (still works until: ren-eca rotate --target-org ${r.orgLabel} --finish)`,
  ...(r.handoffPath ? [`Hand-off file: ${r.handoffPath} (mode 0600, rotation.state "rotated") — send it to Ren through your secrets channel.`] : []),
  r.verified
    ? `Proven: the token endpoint accepted the new pair (verifiedAt ${r.verifiedAt ?? ''}).`
    : r.proof.verdict === 'skipped'
      ? 'Not proven: --no-verify.'
      : `Not proven yet: ${r.proof.detail}`,
  ...(r.verifyCommand ? [`Prove it later with: ${r.verifyCommand}`] : []),
  ...(r.secretAccessLeftOn ? [leftOnLine] : r.settingsToggled ? ['REST access to consumer secrets was switched on for the staged calls and switched off again.'] : []),
  'Once Ren uses the new pair, revoke the previous one with --finish.',
];

const finishLines = (r: Omit<FinishOutcome, 'exitCode'>): string[] => [
  r.outcome === 'finished'
    ? `Finished the rotation in ${r.orgLabel} (org ${r.orgId}): the previous pair (consumer key ${r.previousConsumerKey ?? ''}) is deleted and no longer authenticates.`
    : `Nothing to finish in ${r.orgLabel} (org ${r.orgId}): no previous pair is waiting to be revoked (staged slot: ${r.slot ?? 'empty'}).`,
  r.handoff.change === 'marked-finished'
    ? `Hand-off file: ${r.handoff.path ?? ''} now says rotation.state "finished".`
    : r.handoff.change === 'unchanged'
      ? `Hand-off file ${r.handoff.path ?? ''} left as it was: ${r.handoff.why ?? ''}.`
      : 'No hand-off file found to update.',
  ...(r.secretAccessLeftOn ? [leftOnLine] : r.settingsToggled ? ['REST access to consumer secrets was switched on for the staged calls and switched off again.'] : []),
];

const isFinish = (r: RotateResult): r is Omit<FinishOutcome, 'exitCode'> => 'outcome' in r;
const isFleet = (r: RotateResult): r is LifecycleFleetResult => 'tenants' in r;

export const runRotateCommand = async (flags: RotateFlags, ui: ConsoleUi): Promise<CommandOutcome<RotateResult>> => {
  const stopWarnings = routeLibraryWarnings((w) => ui.warn(w));
  try {
    if (flags.tenants !== undefined) {
      const identityText = flags.identity === undefined ? undefined : await readIdentityFile(flags.identity);
      const fleet = await runLifecycleFleetCommand({ ...flags, tenants: flags.tenants }, ui, {
        action: flags.finish ? 'rotate-finish' : 'rotate',
        waitMinutes: flags.wait,
        verify: flags.verify,
        allowSecretToggle: flags['secret-toggle'],
        verifyWaitMinutes: flags['verify-wait'],
        ...(flags['poll-interval'] === undefined ? {} : { pollIntervalMs: flags['poll-interval'] }),
        ...(flags['retry-interval'] === undefined ? {} : { proofRetryMs: flags['retry-interval'] }),
        ...(identityText === undefined ? {} : { identityText }),
      });
      return { result: fleet.result, exitCode: fleet.exitCode ?? 0, human: (r) => (isFleet(r) ? lifecycleFleetLines(r) : []) };
    }
    if (flags.output === '-') ui.reserveStdout();
    const registration = await loadRegistration(flags.spec === undefined ? {} : { specPath: flags.spec });
    const identityText = flags.identity === undefined ? undefined : await readIdentityFile(flags.identity);
    const request: RotateRequest = {
      ...(flags['target-org'] === undefined ? {} : { targetOrg: flags['target-org'] }),
      appApiName: registration.app.apiName,
      delivery: { recipients: registration.handoff?.recipients },
      ...(flags.output === undefined ? {} : { output: flags.output }),
      ...(identityText === undefined ? {} : { identityText }),
      waitMinutes: flags.wait,
      verify: flags.verify,
      allowSecretToggle: flags['secret-toggle'],
      verifyWaitMinutes: flags['verify-wait'],
      ...(flags['api-version'] === undefined ? {} : { apiVersion: flags['api-version'] }),
      ...(flags['poll-interval'] === undefined ? {} : { pollIntervalMs: flags['poll-interval'] }),
      ...(flags['retry-interval'] === undefined ? {} : { proofRetryMs: flags['retry-interval'] }),
      onStep: (step) => ui.info(`  ${STEP_LINES[step]}`),
      info: (message) => ui.info(message),
      warn: (message) => ui.warn(message),
    };
    if (flags.finish) {
      ui.stage(`Finishing the rotation (revoking the previous pair)`);
      const { exitCode, ...result } = await finishOrgRotation(request);
      return { result, exitCode, human: (r) => (isFinish(r) && !isFleet(r) ? finishLines(r) : []) };
    }
    ui.stage('Rotating the consumer key and secret (staged credentials)');
    const { exitCode, handoffText, ...result } = await rotateOrg(request);
    if (handoffText !== undefined) ui.writeData(handoffText);
    return { result, exitCode, human: (r) => (isFinish(r) || isFleet(r) ? [] : rotateLines(r)) };
  } finally {
    stopWarnings();
  }
};
