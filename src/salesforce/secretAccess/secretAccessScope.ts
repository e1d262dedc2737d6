/**
 * The ONE owner of "REST access to consumer secrets, switched on by us": switch-on, the read done while it is on,
 * and switch-off all go through `withSecretAccessOn`, and every way out of it leaves the setting off or a durable
 * record that makes the next run switch it off:
 *
 *   record written (fsync) ─► switch on ─► read ─► switch off ─► record removed
 *
 *   - the org refuses the read (403 INSUFFICIENT_ACCESS / FUNCTIONALITY_NOT_ENABLED), the read throws, times out:
 *     switch off, then the read's error;
 *   - the switch-on is refused: nothing to undo (the setting is as it was), SecretAccessNotSwitchedOn (exit 1);
 *   - the switch-on's answer is lost or it is still running: the org may have applied it, so switch off all the same;
 *   - SIGINT / SIGTERM: wait for an in-flight switch-on to settle (never switch off under it), switch off, then
 *     Interrupted / Terminated (exit 130 / 143);
 *   - the switch-off fails: the record stays, SecretAccessLeftOn (exit 68, data.secretAccessLeftOn) or, when the read
 *     itself succeeded, a result with `leftOn` so the caller still hands the credentials over and exits 68;
 *   - SIGKILL / power loss: the record stays; the next run finds it (`leftBehind`) and switches the setting off.
 * The mechanism is a seam (SecretAccessSwitch): a Settings deploy today, a synchronous call later.
 */
import type { SfError } from '@salesforce/core/sfError';
import { cliError } from '../../errors/index.js';
import { SWITCH_SETUP_PATHS } from '../orgSettingsFiles.js';
import { exitSoonAfterInterrupt, InterruptedError, watchInterruption, type InterruptSignal } from './interruption.js';
import type { FoundRecord, SecretAccessRecords } from './secretAccessRecords.js';
import type { SecretAccessSwitch, SwitchAnswer } from './secretAccessSwitch.js';

export type SecretAccessScopeInput = {
  /** The org id: the record's key. */
  orgId: string;
  /** The admin's name for the org, for messages. */
  orgLabel: string;
  /** Kept in the record for the admin who finds it (instance URL, username). */
  about: Record<string, string>;
  records: SecretAccessRecords;
  switcher: SecretAccessSwitch;
  /** The org holds the setting on already (left on by an earlier run): only the switch-off is this scope's. */
  alreadyOn: boolean;
  /** Records earlier runs left for this org: removed once the setting is confirmed off. */
  leftBehind: readonly FoundRecord[];
  /** Told just before the switch-on is sent (the record is on disk by then) and once the setting is confirmed off. */
  onSwitchedOn?: () => void;
  onSwitchedOff?: () => void;
  /** After a signal, once the setting is put back: default, make sure the process ends soon with the run's code. */
  afterInterrupt?: (signal: InterruptSignal) => void;
};

/** The read's value, and whether the setting is off again; `leftOn` names why not. */
export type SecretAccessScoped<T> = { value: T; leftOn?: string };

const describe = (answer: SwitchAnswer): string => (answer.state === 'applied' ? 'applied' : answer.detail);

const leftOnError = (input: SecretAccessScopeInput, problem: string, whatHappened: string, cause?: unknown): SfError =>
  cliError('SecretAccessLeftOn', [input.orgLabel, problem, whatHappened], {
    data: { secretAccessLeftOn: true, setupPath: SWITCH_SETUP_PATHS.secretsViaRest },
    actions: [`Or switch it off by hand: ${SWITCH_SETUP_PATHS.secretsViaRest} (then delete the record in the state folder, README "Troubleshooting").`],
    cause,
  });

const signalError = (input: SecretAccessScopeInput, e: InterruptedError): SfError =>
  cliError(e.signal === 'SIGINT' ? 'Interrupted' : 'Terminated', [input.orgLabel, 'REST access to consumer secrets was switched off again; the consumer secret was not handed over'], {
    data: { secretAccessLeftOn: false },
  });

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const withSecretAccessOn = async <T>(input: SecretAccessScopeInput, read: () => Promise<T>): Promise<SecretAccessScoped<T>> => {
  const watch = watchInterruption();
  try {
    const held = input.records.hold(input.orgId, input.about);
    input.onSwitchedOn?.();
    const switchOn: Promise<SwitchAnswer> = input.alreadyOn
      ? Promise.resolve({ state: 'applied' })
      : input.switcher.set(true).catch((e: unknown) => ({ state: 'unknown', detail: errorText(e) }) as const);

    let outcome: Settled<T>;
    try {
      const on = await Promise.race([switchOn, watch.interrupted]);
      if (on.state !== 'applied') {
        outcome = { ok: false, error: undefined };
      } else {
        const reading = read();
        reading.catch(() => undefined); // abandoned on a signal: its late failure is no one's to report
        outcome = { ok: true, value: await Promise.race([reading, watch.interrupted]) };
      }
    } catch (e) {
      outcome = { ok: false, error: e };
    }

    // Never switch off while the switch-on may still land after it.
    const on = await switchOn;
    const off: SwitchAnswer = on.state === 'refused' ? { state: 'applied' } : await input.switcher.set(false).catch((e: unknown) => ({ state: 'unknown', detail: errorText(e) }) as const);
    if (off.state === 'applied') {
      await held.release().catch(() => undefined); // a record left behind only makes the next run switch it off again
      await input.records.clear(input.leftBehind).catch(() => undefined);
      if (on.state !== 'refused') input.onSwitchedOff?.();
    }

    const signal = watch.signal();
    if (signal !== undefined) (input.afterInterrupt ?? exitSoonAfterInterrupt)(signal);
    // A signal counts even when the read had just finished: the admin asked the run to stop, so no hand-off follows.
    const interruption = signal === undefined ? undefined : new InterruptedError(signal);

    if (off.state !== 'applied') {
      const what = interruption
        ? `The run was interrupted (${interruption.signal}) before the secret was handed over.`
        : on.state !== 'applied'
          ? `The switch-on itself was not confirmed (${describe(on)}); the secret was not read.`
          : outcome.ok
            ? 'The credentials were read.'
            : `The read-back failed: ${errorText(outcome.error)}`;
      if (outcome.ok && !interruption) return { value: outcome.value, leftOn: describe(off) };
      throw leftOnError(input, describe(off), what, outcome.ok ? undefined : outcome.error);
    }
    if (interruption) throw signalError(input, interruption);
    if (on.state !== 'applied') {
      throw cliError('SecretAccessNotSwitchedOn', [
        input.orgLabel,
        describe(on),
        on.state === 'refused' ? 'the setting stays off' : 'it was switched off again in case the org applied it',
      ]);
    }
    if (!outcome.ok) throw outcome.error;
    return { value: outcome.value };
  } finally {
    watch.dispose();
  }
};
