/**
 * The `deploy` command's work, behind the thin yargs module: resolve the org, load the spec, provision,
 * and say what happened — stages on a terminal, nothing extra under --json, the secret only where asked.
 */
import type { CommandOutcome, ConsoleUi } from '../output.js';
import { routeLibraryWarnings, SWITCH_SETUP_PATHS } from '../../salesforce/index.js';
import { loadRegistration } from '../../registration/index.js';
import { describeDiffRow } from '../../render/index.js';
import { provision, type ProvisionEvent, type ProvisionOutcome, type ProvisionStage } from '../../provision/index.js';

export type DeployFlags = {
  'target-org'?: string;
  spec?: string;
  overrides?: string;
  wait: number;
  'dry-run': boolean;
  'allow-org-settings': boolean;
  'secret-toggle': boolean;
  output?: string;
  'show-secret': boolean;
  'api-version'?: string;
  'poll-interval'?: number;
  verify: boolean;
  'verify-wait': number;
  /** Hidden: first pause between proofs in ms (tests). */
  'verify-retry-interval'?: number;
};

/** The --json result: the outcome without the hand-off text; the secret only with --show-secret. */
export type DeployResult = Omit<ProvisionOutcome, 'handoffText'>;

const STAGE_NAMES: Readonly<Record<ProvisionStage, string>> = {
  preflight: 'Preflight: checking the org (read-only)',
  plan: 'Comparing the spec with what the org holds',
  'deploy:org-settings': 'Switching on the Authorization Code and Credentials Flow (org setting, before the app)',
  'deploy:app+policies': 'Deploying the app, its OAuth settings and its policies',
  'deploy:app': 'Deploying the app and its OAuth settings',
  'deploy:policies': 'Deploying the app policies',
  check: 'Checking that the org holds every setting of the spec',
  readback: 'Reading the consumer key and secret',
  handoff: 'Writing the hand-off',
  verify: "Proving the key and secret at the org's token endpoint",
};

/** Each event as it happens: warnings before what they announce (under --json they land in warnings[], once). */
const showProgress = (ui: ConsoleUi) => (event: ProvisionEvent): void => {
  if (event.state === 'warning') ui.warn(event.message);
  else if (event.state === 'start') ui.stage(`${STAGE_NAMES[event.stage]}${event.detail ? ` (${event.detail})` : ''}`);
  else if (event.state === 'submitted') ui.info(`  deploy id ${event.deployId}`);
  else if (event.state === 'set-aside') ui.info(`  ${event.detail}: deploying the app first, then its policies`);
  else if (event.state === 'waiting') ui.info(`  the token endpoint does not know the app yet; trying again in ${Math.round(event.delayMs / 1000)} s (attempt ${event.attempt + 1})`);
  else if (event.state === 'done' && event.detail && event.stage === 'readback') ui.info(`  ${event.detail}`);
};

const humanLines = (r: DeployResult): string[] => {
  const lines: string[] = [];
  const adopted = `Adopted Ren made in Setup (${(r.adoptedParts ?? []).join(', ')}) in`;
  const verb = { created: 'Registered Ren in', updated: 'Updated Ren in', adopted, unchanged: 'Ren is already registered as specified in', validated: 'Validated (nothing changed) Ren for' }[r.status];
  lines.push(`${verb} org ${r.orgId} (${r.loginUrl}).`);
  if (r.status === 'unchanged') lines.push('No change.');
  else if (r.status !== 'created' && r.changes.length > 0) {
    lines.push(r.status === 'validated' ? 'Would change:' : 'Changed:');
    for (const row of r.changes) lines.push(`  ${describeDiffRow(row)}`);
  }
  for (const n of r.notValidated ?? []) lines.push(`Not validated: ${n}`);
  if (r.secretAccessLeftOn) lines.push(`REST access to consumer secrets is still switched ON in this org (exit 68): switch it off in ${SWITCH_SETUP_PATHS.secretsViaRest}, or rerun.`);
  else if (r.settingsToggled) lines.push('REST access to consumer secrets was switched on for the read-back and switched off again.');
  else if (r.handoffReused) lines.push('The hand-off file already held the key and secret the org issued: proven at the token endpoint, so the secret was not read again (REST access to consumer secrets left as it was).');
  if (r.status !== 'validated') {
    lines.push(`Login URL:     ${r.loginUrl}`, `Consumer Key:  ${r.consumerKey}`);
    lines.push(`Consumer Secret: ${r.consumerSecret ?? '(in the hand-off file; --show-secret prints it)'}`);
    if (r.handoffPath) lines.push(`Hand-off file: ${r.handoffPath} (mode 0600) — send it to Ren through your secrets channel.`);
  }
  lines.push(...proofLines(r));
  return lines;
};

type Proof = NonNullable<DeployResult['proof']>;
const unproven = (p: Proof): string => `Registration done; the key and secret are not proven (${p.verdict}, exit 69). ${p.detail}`;

/** What the proof after the hand-off showed, in the words the contract uses. */
const PROOF_LINES: Readonly<Record<Proof['verdict'], (p: Proof) => string>> = {
  accepted: (p) => `Proven: the org's token endpoint accepted the key and secret (verifiedAt ${p.verifiedAt ?? ''}).`,
  skipped: () => 'Not proven: --no-verify skipped the token-endpoint proof.',
  refused: (p) => `NOT WORKING (exit 68): the registration is in the org, but its token endpoint refused this key and secret. ${p.detail}`,
  'not-known-yet': (p) => `Registration done; Salesforce does not know the new app at its token endpoint yet (exit 69, ${p.attempts} tries). ${p.detail}`,
  inconclusive: unproven,
  'could-not-check': unproven,
};
const proofLines = (r: DeployResult): string[] => (r.proof === undefined ? [] : [PROOF_LINES[r.proof.verdict](r.proof)]);

export const runDeployCommand = async (flags: DeployFlags, ui: ConsoleUi): Promise<CommandOutcome<DeployResult>> => {
  const stopWarnings = routeLibraryWarnings((w) => ui.warn(w));
  try {
    if (flags.output === '-') ui.reserveStdout();
    const registration = await loadRegistration({
      ...(flags.spec === undefined ? {} : { specPath: flags.spec }),
      ...(flags.overrides === undefined ? {} : { overridesPath: flags.overrides }),
    });
    const outcome = await provision({
      ...(flags['target-org'] === undefined ? {} : { targetOrg: flags['target-org'] }),
      registration,
      options: {
        dryRun: flags['dry-run'],
        waitMinutes: flags.wait,
        allowOrgSettings: flags['allow-org-settings'],
        allowSecretToggle: flags['secret-toggle'],
        showSecret: flags['show-secret'],
        ...(flags.output === undefined ? {} : { outputPath: flags.output }),
        ...(flags['api-version'] === undefined ? {} : { apiVersion: flags['api-version'] }),
        ...(flags['poll-interval'] === undefined ? {} : { pollIntervalMs: flags['poll-interval'] }),
        verify: flags.verify
          ? { waitMinutes: flags['verify-wait'], ...(flags['verify-retry-interval'] === undefined ? {} : { firstRetryMs: flags['verify-retry-interval'] }) }
          : false,
      },
      onEvent: showProgress(ui),
    });
    const { handoffText, ...result } = outcome;
    if (handoffText !== undefined) ui.writeData(handoffText);
    return { result, exitCode: outcome.exitCode, human: humanLines };
  } finally {
    stopWarnings();
  }
};
