/**
 * `ren-eca verify <hand-off files…>`: proves each file's consumer key and secret at its org's token endpoint
 * (src/salesforce/tokenEndpoint.ts), with no sf login. Files are all read first: a missing or malformed file, or a
 * sealed one without a usable --identity, stops the run before anything is sent (exit 2). Accepted pairs get
 * `verifiedAt` written into their plain file (atomically, 0600); sealed files are left as they are and the time is
 * reported in the output only (docs/handoff.md).
 *
 * Exit: 0 every pair accepted; 69 some not known yet after --wait (and none failed); 1 any refused, inconclusive or
 * could not be checked (cli-contract.md).
 */
import type { CommandOutcome, ConsoleUi } from '../output.js';
import { EXIT_CODES, type ExitCode } from '../../errors/index.js';
import { cliError, isSfError } from '../../errors/index.js';
import { readHandoffFile, readIdentityFile, type HandoffFile } from '../../credentials/index.js';
import { recordVerifiedAt } from '../../credentials/index.js';
import { proveWithWait, type ProofVerdict } from '../../salesforce/index.js';
import { runPool } from '../../fleet/index.js';

export type VerifyFlags = {
  files: string[];
  wait: number;
  identity?: string;
  /** Hidden: first pause between proofs in ms (tests). */
  'retry-interval'?: number;
};

export type VerifiedFile = {
  path: string;
  form: 'plain' | 'sealed';
  orgId: string;
  consumerKey: string;
  loginUrl: string;
  verdict: ProofVerdict;
  verified: boolean;
  verifiedAt?: string;
  /** Where verifiedAt was recorded: 'file' (plain files) or 'output-only' (sealed files are not rewritten). */
  recorded?: 'file' | 'output-only';
  detail: string;
  /** The control probe's answer (a wrong secret must get invalid_client for the proof to mean anything). */
  controlProbe: string;
  attempts: number;
};

export type VerifyResult = { verified: boolean; files: VerifiedFile[] };

const PARALLEL_FILES = 8;

/** Worst verdict first: it decides the exit code. */
const EXIT_BY_VERDICT: Readonly<Record<ProofVerdict, ExitCode>> = {
  accepted: EXIT_CODES.ok,
  'not-known-yet': EXIT_CODES.stillRunning,
  refused: EXIT_CODES.failed,
  inconclusive: EXIT_CODES.failed,
  'could-not-check': EXIT_CODES.failed,
};
const EXIT_RANK: readonly ExitCode[] = [EXIT_CODES.failed, EXIT_CODES.stillRunning, EXIT_CODES.ok];

export const verifyExitCode = (verdicts: readonly ProofVerdict[]): ExitCode =>
  EXIT_RANK.find((code) => verdicts.some((v) => EXIT_BY_VERDICT[v] === code)) ?? EXIT_CODES.ok;

const VERDICT_WORDS: Readonly<Record<ProofVerdict, string>> = {
  accepted: 'accepted',
  'not-known-yet': 'not known yet',
  refused: 'refused',
  inconclusive: 'inconclusive',
  'could-not-check': 'could not check',
};

const shortKey = (key: string): string => (key.length > 14 ? `${key.slice(0, 10)}…` : key);

export const verifyLine = (f: VerifiedFile): string => {
  const recorded = f.recorded === 'file' ? ` verifiedAt ${f.verifiedAt ?? ''} written to the file` : f.recorded === 'output-only' ? ` verifiedAt ${f.verifiedAt ?? ''} (sealed file left unchanged)` : '';
  return `${VERDICT_WORDS[f.verdict].padEnd(15)} ${f.path} (org ${f.orgId}, key ${shortKey(f.consumerKey)}):${recorded === '' ? ` ${f.detail}` : recorded}`;
};

const humanLines = (r: VerifyResult): string[] => r.files.map(verifyLine);

/** Reads every file first; one bad file → its own error, several → one VerifyInputInvalid listing them. */
const readAll = async (flags: VerifyFlags): Promise<HandoffFile[]> => {
  const identityText = flags.identity === undefined ? undefined : await readIdentityFile(flags.identity);
  const read = await Promise.all(
    flags.files.map((f) => readHandoffFile(f, identityText === undefined ? {} : { identityText }).then((file) => ({ file }), (error: unknown) => ({ error }))),
  );
  const failures = read.flatMap((r) => ('error' in r ? [r.error] : []));
  const unexpected = failures.find((e) => !isSfError(e));
  if (unexpected !== undefined) throw unexpected instanceof Error ? unexpected : new Error('reading a hand-off file failed');
  const errors = failures.filter(isSfError);
  if (errors.length === 1 && errors[0] !== undefined) throw errors[0];
  if (errors.length > 1) {
    const messages = errors.map((e) => `  - ${e.message}`);
    throw cliError('VerifyInputInvalid', [errors.length, flags.files.length, messages.join('\n')]);
  }
  return read.flatMap((r) => ('file' in r ? [r.file] : []));
};

export const runVerifyCommand = async (flags: VerifyFlags, ui: ConsoleUi): Promise<CommandOutcome<VerifyResult>> => {
  const files = await readAll(flags);
  const results: VerifiedFile[] = new Array<VerifiedFile>(files.length);
  await runPool(files, PARALLEL_FILES, async (file, index) => {
    const { handoff } = file;
    const proof = await proveWithWait(
      { loginUrl: handoff.loginUrl, consumerKey: handoff.consumerKey, consumerSecret: handoff.consumerSecret.reveal() },
      {
        waitMinutes: flags.wait,
        ...(flags['retry-interval'] === undefined ? {} : { firstRetryMs: flags['retry-interval'] }),
        onWaiting: (delayMs) => ui.info(`${file.path}: the token endpoint does not know the key yet; asking again in ${Math.ceil(delayMs / 1000)} s`),
      },
    );
    let recorded: VerifiedFile['recorded'];
    if (proof.verdict === 'accepted' && proof.verifiedAt !== undefined) {
      if (file.form === 'plain') await recordVerifiedAt(handoff, file.path, proof.verifiedAt);
      recorded = file.form === 'plain' ? 'file' : 'output-only';
    }
    results[index] = {
      path: file.path,
      form: file.form,
      orgId: handoff.orgId,
      consumerKey: handoff.consumerKey,
      loginUrl: handoff.loginUrl,
      verdict: proof.verdict,
      verified: proof.verdict === 'accepted',
      ...(proof.verifiedAt === undefined ? {} : { verifiedAt: proof.verifiedAt }),
      ...(recorded === undefined ? {} : { recorded }),
      detail: proof.detail,
      controlProbe: proof.controlAnswer,
      attempts: proof.attempts,
    };
  });
  const exitCode = verifyExitCode(results.map((r) => r.verdict));
  if (results.some((r) => r.verdict === 'not-known-yet')) {
    ui.info(`Salesforce can take up to about 30 minutes to make a new app known at its token endpoint. Run later: ren-eca verify ${flags.files.join(' ')} --wait 30${flags.identity ? ` --identity ${flags.identity}` : ''}`);
  }
  return { result: { verified: results.every((r) => r.verified), files: results }, exitCode, human: humanLines };
};
