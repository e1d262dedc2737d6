/**
 * One org's `rotate` and `rotate --finish`, end to end, for the command (and the fleet runner): open the org, find the
 * hand-off Ren uses now, run the staged-credentials logic (./rotation.ts) inside the real secret-access scope
 * (./orgSecretAccess.ts), then for rotate write the new hand-off (0600, atomic, sealed to the spec's recipients) and
 * prove the new pair at the token endpoint, writing verifiedAt only once it was accepted; for finish mark the
 * hand-off's rotation finished. Says what is proven and what is not yet, through the outcome's exit code:
 *   0 done and proven (or --no-verify / nothing to finish); 69 the token endpoint does not know the new pair yet (or
 *   could not say); 68 the org changed but not as asked (the new pair refused, secret access left on).
 */
import { EXIT_CODES, type ExitCode } from '../../errors/index.js';
import { handoffOutputText, writeHandoff, type Handoff, type HandoffDelivery } from '../../credentials/index.js';
import { proveWithWait, type ProofVerdict } from '../../salesforce/index.js';
import { findHandoffOnDisk, type HandoffOnDisk } from './handoffOnDisk.js';
import { inOrg, openLifecycleOrg } from './lifecycleOrg.js';
import { orgSecretAccess } from './orgSecretAccess.js';
import { finishRotation, rotateCredentials, type FinishResult, type RotationInput, type RotationStep } from './rotation.js';

export type RotateRequest = {
  targetOrg?: string;
  appApiName: string;
  delivery: HandoffDelivery;
  /** Hand-off file; '-' prints the new hand-off (no file is read or written); undefined = the default path. */
  output?: string;
  identityText?: string;
  waitMinutes: number;
  verify: boolean;
  verifyWaitMinutes: number;
  /** false: --no-secret-toggle (never switch REST access to consumer secrets on). Default true. */
  allowSecretToggle?: boolean;
  apiVersion?: string;
  pollIntervalMs?: number;
  /** First pause between proofs (tests). */
  proofRetryMs?: number;
  onStep?: (step: RotationStep) => void;
  info?: (message: string) => void;
  warn?: (message: string) => void;
  now?: () => Date;
};

export type RotateOutcome = {
  exitCode: ExitCode;
  orgId: string;
  orgLabel: string;
  loginUrl: string;
  appApiName: string;
  consumerKey: string;
  previousConsumerKey: string;
  resumed: 'none' | 'staged' | 'promoted';
  rotation: { state: 'rotated'; at: string };
  verified: boolean;
  verifiedAt?: string;
  proof: { verdict: ProofVerdict | 'skipped'; detail: string };
  /** The command that proves the pair later, when it is not proven yet. */
  verifyCommand?: string;
  handoffPath?: string;
  /** Only with --output -: the hand-off text the command prints as data. */
  handoffText?: string;
  secretAccessLeftOn?: true;
  settingsToggled?: string[];
};

export type FinishOutcome = {
  exitCode: ExitCode;
  orgId: string;
  orgLabel: string;
  appApiName: string;
  outcome: FinishResult['outcome'];
  /** finished: the revoked key; nothing-to-finish: what the staged slot holds. */
  previousConsumerKey?: string;
  slot?: 'empty' | 'Active' | 'Expired';
  rotation: { state: 'finished'; at: string };
  /** What happened to the hand-off file: marked finished, left as it was (and why), or none found. */
  handoff: { path?: string; change: 'marked-finished' | 'unchanged' | 'none'; why?: string };
  secretAccessLeftOn?: true;
  settingsToggled?: string[];
};

const DEFAULT_POLL_MS = 1000;

/** How a proof verdict ends the run (cli-contract.md): not known yet or not decidable → 69, refused → 68. */
const EXIT_BY_VERDICT: Readonly<Record<ProofVerdict | 'skipped', ExitCode>> = {
  accepted: EXIT_CODES.ok,
  skipped: EXIT_CODES.ok,
  'not-known-yet': EXIT_CODES.stillRunning,
  inconclusive: EXIT_CODES.stillRunning,
  'could-not-check': EXIT_CODES.stillRunning,
  refused: EXIT_CODES.partial,
};

const worst = (codes: readonly ExitCode[]): ExitCode =>
  ([EXIT_CODES.partial, EXIT_CODES.stillRunning, EXIT_CODES.failed] as const).find((c) => codes.includes(c)) ?? EXIT_CODES.ok;

const scopeFor = (request: RotateRequest, orgId: string, label: string, apiVersion: string) =>
  orgSecretAccess({
    orgId,
    orgLabel: label,
    apiVersion,
    waitMinutes: request.waitMinutes,
    pollIntervalMs: request.pollIntervalMs ?? DEFAULT_POLL_MS,
    allowToggle: request.allowSecretToggle ?? true,
    ...(request.warn ? { warn: request.warn } : {}),
    onSecretAccess: (s) => request.info?.(s === 'secret-access-on' ? 'REST access to consumer secrets: switching on' : 'REST access to consumer secrets: switched off again'),
  });

const handoffOf = async (request: RotateRequest, orgId: string): Promise<HandoffOnDisk | undefined> =>
  request.output === '-' ? undefined : findHandoffOnDisk(orgId, request.output, request.delivery, request.identityText);

/** What rotate and finish both hand the rotation logic: the org, the secret-access scope, the pair Ren holds. */
const rotationInput = (
  request: RotateRequest,
  org: Awaited<ReturnType<typeof openLifecycleOrg>>,
  apiVersion: string,
  disk: HandoffOnDisk | undefined,
  secretAccess: ReturnType<typeof scopeFor>,
): RotationInput => ({
  conn: org.conn,
  orgLabel: org.label,
  appApiName: request.appApiName,
  withSecretAccess: secretAccess.withSecretAccess,
  ...(disk?.state === 'present' ? { handoffConsumerKey: disk.consumerKey } : {}),
  apiVersion,
  ...(request.onStep ? { onStep: request.onStep } : {}),
  ...(request.now ? { now: request.now } : {}),
});

export const runRotate = async (request: RotateRequest): Promise<RotateOutcome> => {
  const org = await openLifecycleOrg(request.targetOrg);
  const apiVersion = request.apiVersion ?? org.maxApiVersion;
  const disk = await handoffOf(request, org.orgId);
  const secretAccess = scopeFor(request, org.orgId, org.label, apiVersion);
  const rotated = await inOrg(org, () =>
    rotateCredentials(rotationInput(request, org, apiVersion, disk, secretAccess)),
  );
  const sandbox = await inOrg(org, org.isSandbox);
  const handoff: Handoff = {
    loginUrl: org.loginUrl,
    consumerKey: rotated.consumerKey,
    consumerSecret: rotated.consumerSecret,
    orgId: org.orgId,
    instanceUrl: org.loginUrl,
    isSandbox: sandbox,
    appApiName: request.appApiName,
    apiVersion,
    issuedAt: (request.now ?? (() => new Date()))().toISOString(),
    rotation: rotated.rotation,
  };
  // The new pair is safe on disk before anything else can fail: the org already holds it as current.
  const target = disk?.target;
  let handoffPath = target === undefined ? undefined : await writeHandoff(handoff, target, request.delivery);
  if (disk?.state === 'present' && disk.path !== handoffPath) {
    request.warn?.(`${disk.path} still holds the previous pair (it works until rotate --finish); the new pair is in ${handoffPath ?? 'the output'}.`);
  }

  let proof: RotateOutcome['proof'] = { verdict: 'skipped', detail: 'not proven: --no-verify' };
  let verifiedAt: string | undefined;
  if (request.verify) {
    const proved = await proveWithWait(
      { loginUrl: org.loginUrl, consumerKey: rotated.consumerKey, consumerSecret: rotated.consumerSecret.reveal() },
      {
        waitMinutes: request.verifyWaitMinutes,
        ...(request.proofRetryMs === undefined ? {} : { firstRetryMs: request.proofRetryMs }),
        onWaiting: (ms) => request.info?.(`The token endpoint does not know the new key yet; asking again in ${Math.ceil(ms / 1000)} s`),
      },
    );
    proof = { verdict: proved.verdict, detail: proved.detail };
    verifiedAt = proved.verifiedAt;
    if (proved.verdict === 'accepted' && verifiedAt !== undefined && handoffPath !== undefined) {
      handoffPath = await writeHandoff({ ...handoff, verifiedAt }, handoffPath, request.delivery);
    }
  }
  const handoffText = request.output === '-' ? await handoffOutputText(verifiedAt === undefined ? handoff : { ...handoff, verifiedAt }, request.delivery) : undefined;
  const leftOn = secretAccess.leftOn();
  const verified = proof.verdict === 'accepted';
  const proofPending = request.verify && !verified && handoffPath !== undefined;
  return {
    exitCode: worst([EXIT_BY_VERDICT[proof.verdict], leftOn === undefined ? EXIT_CODES.ok : EXIT_CODES.partial]),
    orgId: org.orgId,
    orgLabel: org.label,
    loginUrl: org.loginUrl,
    appApiName: request.appApiName,
    consumerKey: rotated.consumerKey,
    previousConsumerKey: rotated.previousConsumerKey,
    resumed: rotated.resumed,
    rotation: rotated.rotation,
    verified,
    ...(verifiedAt === undefined || !verified ? {} : { verifiedAt }),
    proof,
    ...(proofPending ? { verifyCommand: `ren-eca verify ${handoffPath} --wait 30${request.delivery.recipients?.length ? ' --identity <Ren identity file>' : ''}` } : {}),
    ...(handoffPath === undefined ? {} : { handoffPath }),
    ...(handoffText === undefined ? {} : { handoffText }),
    ...(leftOn === undefined ? {} : { secretAccessLeftOn: true as const }),
    ...(secretAccess.switchedOffAgain() ? { settingsToggled: ['enableClientSecretInRestApiAccess'] } : {}),
  };
};

export const runFinishRotation = async (request: RotateRequest): Promise<FinishOutcome> => {
  const org = await openLifecycleOrg(request.targetOrg);
  const apiVersion = request.apiVersion ?? org.maxApiVersion;
  const disk = await handoffOf(request, org.orgId);
  const secretAccess = scopeFor(request, org.orgId, org.label, apiVersion);
  const finished = await inOrg(org, () =>
    finishRotation(rotationInput(request, org, apiVersion, disk, secretAccess)),
  );
  let handoff: FinishOutcome['handoff'] = { change: 'none' };
  if (disk?.state === 'present') {
    const file = disk.handoff;
    if (file === undefined) handoff = { path: disk.path, change: 'unchanged', why: 'sealed and no --identity was given to open it' };
    else if (file.rotation?.state === 'finished') handoff = { path: disk.path, change: 'unchanged', why: 'it already says the rotation is finished' };
    else if (file.rotation === undefined && finished.outcome === 'nothing-to-finish') handoff = { path: disk.path, change: 'unchanged', why: 'it records no rotation' };
    else if (disk.form === 'sealed' && !(request.delivery.recipients?.length)) handoff = { path: disk.path, change: 'unchanged', why: 'it is sealed and the spec names no recipients to seal it to again' };
    else {
      const path = await writeHandoff({ ...file, rotation: finished.rotation }, disk.path, disk.form === 'sealed' ? request.delivery : {});
      handoff = { path, change: 'marked-finished' };
    }
  }
  const leftOn = secretAccess.leftOn();
  return {
    exitCode: leftOn === undefined ? EXIT_CODES.ok : EXIT_CODES.partial,
    orgId: org.orgId,
    orgLabel: org.label,
    appApiName: request.appApiName,
    outcome: finished.outcome,
    ...(finished.outcome === 'finished' ? { previousConsumerKey: finished.previousConsumerKey } : { slot: finished.slot }),
    rotation: finished.rotation,
    handoff,
    ...(leftOn === undefined ? {} : { secretAccessLeftOn: true as const }),
    ...(secretAccess.switchedOffAgain() ? { settingsToggled: ['enableClientSecretInRestApiAccess'] } : {}),
  };
};
