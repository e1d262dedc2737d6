/**
 * Stage 6: the proof. Runs after the hand-off is safe on disk (nothing is lost while waiting): the pair is proven
 * at the org's token endpoint (src/salesforce/tokenEndpoint.ts: control probe with a wrong secret, then the real
 * pair), retried with back-off while Salesforce does not know the new app yet, up to the verify wait.
 *
 *   accepted        → plain file rewritten atomically (0600) with `verifiedAt`; `--output -` prints the text with it
 *                     (the text is printed only after the proof); sealed files are left as written, as `verify` does
 *                     (docs/handoff.md), and verifiedAt is in the outcome only.
 *   not-known-yet   → exit 69, verified false: registration done, the token endpoint does not know the app yet;
 *                     the outcome names the `verify` command to run later.
 *   refused         → exit 68: the org was changed and the pair it gave does not authenticate; never shown as good.
 *   inconclusive,
 *   could-not-check → exit 69 as well: the registration is done and nothing says the pair is bad, but nothing is
 *                     proven either; `verify` later answers it (an org that keeps answering "inconclusive" is a fact
 *                     about that org, said in the detail).
 * `verify: false` (--no-verify) skips the stage: verified false, exit unchanged.
 */
import { EXIT_CODES, type ExitCode } from '../../errors/index.js';
import { handoffOutputText, recordVerifiedAt } from '../../credentials/index.js';
import { proveWithWait, type Proof, type ProofVerdict } from '../../salesforce/index.js';
import type { ProvisionProof } from '../index.js';
import type { StageContext } from './context.js';
import type { HandedOff } from './handOff.js';

export type VerifiedHandOff = { readonly proof: ProvisionProof; readonly exitCode: ExitCode; readonly text?: string };

const EXIT_BY_VERDICT: Readonly<Record<ProofVerdict, ExitCode>> = {
  accepted: EXIT_CODES.ok,
  'not-known-yet': EXIT_CODES.stillRunning,
  inconclusive: EXIT_CODES.stillRunning,
  'could-not-check': EXIT_CODES.stillRunning,
  refused: EXIT_CODES.partial,
};

/** The command Ren's side (or the admin) runs later to prove the pair. */
export const verifyCommandFor = (path: string | undefined): string => `ren-eca verify ${path ?? '<hand-off file>'} --wait 30`;

/** `madeAlready`: the proof src/provision/stages/reuseHandoff.ts made of a hand-off it found on disk (not sent again). */
export const verifyStage = async (ctx: StageContext, handed: HandedOff, madeAlready?: Proof & { attempts: number }): Promise<VerifiedHandOff> => {
  const setting = ctx.request.options.verify;
  if (setting === false) {
    return { proof: { verdict: 'skipped', detail: 'not proven: --no-verify skipped the token-endpoint proof', attempts: 0 }, exitCode: EXIT_CODES.ok, ...(handed.text === undefined ? {} : { text: handed.text }) };
  }
  const { handoff } = handed;
  if (madeAlready === undefined) ctx.emit({ stage: 'verify', state: 'start' });
  const proof =
    madeAlready ??
    (await proveWithWait(
      { loginUrl: handoff.loginUrl, consumerKey: handoff.consumerKey, consumerSecret: handoff.consumerSecret.reveal() },
      {
        waitMinutes: setting?.waitMinutes ?? 0,
        ...(setting?.firstRetryMs === undefined ? {} : { firstRetryMs: setting.firstRetryMs }),
        onWaiting: (delayMs, attempt) => ctx.notice({ stage: 'verify', state: 'waiting', attempt, delayMs }),
      },
    ));
  let text = handed.text;
  if (proof.verdict === 'accepted' && proof.verifiedAt !== undefined) {
    const verified = { ...handoff, verifiedAt: proof.verifiedAt };
    const recipients = ctx.request.registration.handoff?.recipients ?? [];
    if (text !== undefined) text = await handoffOutputText(verified, { recipients });
    else if (handed.path !== undefined && recipients.length === 0) await recordVerifiedAt(verified, handed.path, proof.verifiedAt);
  }
  const later = proof.verdict === 'accepted' ? '' : proof.verdict === 'refused' ? '' : ` Run \`${verifyCommandFor(handed.path)}\` later.`;
  if (madeAlready === undefined) ctx.emit({ stage: 'verify', state: 'done', detail: proof.verdict });
  return {
    proof: {
      verdict: proof.verdict,
      detail: `${proof.detail}${later}`,
      attempts: proof.attempts,
      controlAnswer: proof.controlAnswer,
      ...(proof.verifiedAt === undefined ? {} : { verifiedAt: proof.verifiedAt }),
    },
    exitCode: EXIT_BY_VERDICT[proof.verdict],
    ...(text === undefined ? {} : { text }),
  };
};
