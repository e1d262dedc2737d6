/**
 * Reading the credentials, including the org-setting dance for the secret:
 * - REST access to consumer secrets on (by the admin's choice): read key and secret.
 * - off (or unknown and refused), or left on by an earlier run of ours (a record in the state folder), and toggling
 *   allowed: read inside the secret-access scope (src/salesforce/secretAccess/secretAccessScope.ts), which owns
 *   switch-on, read and switch-off and every way out of them (refusal, lost answer, signals, failed switch-off).
 * - off and toggling refused (--no-secret-toggle): read the key only and stop with SecretNotReadable, which
 *   names where in Setup the admin copies the secret.
 */
import type { Connection } from '@salesforce/core';
import { join } from 'node:path';
import { cliError } from '../errors/index.js';
import { userStateDir } from '../files/index.js';
import {
  CredentialsNotIssuedError,
  readCredentials,
  SecretAccessRecords,
  SecretRefusedError,
  settingsUpdateSwitch,
  SWITCH_SETUP_PATHS,
  withSecretAccessOn,
  type CredentialsLookup,
  type IssuedCredentials,
  type RetryPolicy,
  type SecretAccessSwitch,
} from '../salesforce/index.js';

export type SecretReadbackInput = {
  conn: Connection;
  orgId: string;
  orgLabel: string;
  lookup: CredentialsLookup;
  secretsViaRestOn: boolean | undefined;
  allowSecretToggle: boolean;
  apiVersion: string;
  waitMinutes: number;
  pollIntervalMs: number | undefined;
  retry?: RetryPolicy;
  /** Where the durable records live; default <user state folder>/secret-access. */
  records?: SecretAccessRecords;
  /** The mechanism; default a one-field Settings deploy. */
  switcher?: SecretAccessSwitch;
  /** 'secret-access-on' just before the switch-on is sent, 'secret-access-restored' once it is confirmed off. */
  onSecretAccess?: (state: 'secret-access-on' | 'secret-access-restored') => void;
  /** Warnings, said before the action they announce (switching the setting on, refusing to). */
  warn?: (message: string) => void;
};

export type SecretReadback = {
  credentials: IssuedCredentials & { consumerSecret: NonNullable<IssuedCredentials['consumerSecret']> };
  /** This run switched the setting on and, confirmed by the org, off again. */
  switchedOffAgain: boolean;
  /** The setting is still on because of this (or an earlier) run: why it could not be switched off. */
  secretAccessLeftOn?: string;
};

export const defaultSecretAccessRecords = (): SecretAccessRecords => new SecretAccessRecords(join(userStateDir(), 'secret-access'));

/** Whether a run that is no longer running left a record for this org (the setting may still be on because of it). */
export const secretAccessLeftByEarlierRun = async (orgId: string, records: SecretAccessRecords = defaultSecretAccessRecords()): Promise<boolean> =>
  (await records.find(orgId)).some((r) => !r.live);

const setupPathFor = (appApiName: string): string =>
  `Setup → Apps → External Client Apps → External Client App Manager → ${appApiName} → Settings → OAuth Settings → App Settings → Consumer Key and Secret`;

const withCredentialErrors = async <T>(input: SecretReadbackInput, read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (e) {
    if (e instanceof CredentialsNotIssuedError) throw cliError('CredentialsUnavailable', [input.orgLabel, e.message], { cause: e });
    throw e;
  }
};

const refuse = async (input: SecretReadbackInput, reason: string): Promise<never> => {
  const keyOnly = await withCredentialErrors(input, () => readCredentials(input.conn, input.lookup, { withSecret: false, retry: input.retry }));
  throw cliError('SecretNotReadable', [input.orgLabel, keyOnly.consumerKey, reason], {
    data: { consumerKey: keyOnly.consumerKey, appApiName: input.lookup.appApiName, setupPath: setupPathFor(input.lookup.appApiName) },
    actions: [
      `Copy the secret by hand: ${setupPathFor(input.lookup.appApiName)}.`,
      `Or let this tool switch REST access to consumer secrets on just for the read-back: rerun without --no-secret-toggle (it is switched off right after). By hand: ${SWITCH_SETUP_PATHS.secretsViaRest}.`,
    ],
  });
};

export const readSecretWithToggle = async (input: SecretReadbackInput): Promise<SecretReadback> => {
  /** Key and secret; a refusal becomes SecretNotReadable (awaited here, so it is thrown inside whatever scope calls it). */
  const readRaw = async (): Promise<SecretReadback['credentials']> => {
    const c = await withCredentialErrors(input, () => readCredentials(input.conn, input.lookup, { withSecret: true, retry: input.retry }));
    if (!c.consumerSecret) throw new SecretRefusedError('the org answered without a secret');
    return c as SecretReadback['credentials'];
  };
  const readAll = async (): Promise<SecretReadback['credentials']> => {
    try {
      return await readRaw();
    } catch (e) {
      if (e instanceof SecretRefusedError) return await refuse(input, e.reason);
      throw e;
    }
  };
  const records = input.records ?? defaultSecretAccessRecords();
  const found = await records.find(input.orgId);
  const leftBehind = found.filter((r) => !r.live);
  // On because of us: an earlier run left a record (or the caller says so), or a run is holding it on right now.
  const onBecauseOfUs = input.secretsViaRestOn !== false && found.length > 0;
  const leftByEarlierRun = onBecauseOfUs && leftBehind.length > 0;

  const scoped = async (alreadyOn: boolean): Promise<SecretReadback> => {
    const result = await withSecretAccessOn(
      {
        orgId: input.orgId,
        orgLabel: input.orgLabel,
        about: { org: input.orgLabel, instanceUrl: input.conn.instanceUrl, setting: 'ExternalClientAppSettings.enableClientSecretInRestApiAccess' },
        records,
        switcher: input.switcher ?? settingsUpdateSwitch({ conn: input.conn, apiVersion: input.apiVersion, waitMinutes: input.waitMinutes, pollIntervalMs: input.pollIntervalMs }),
        alreadyOn,
        leftBehind,
        onSwitchedOn: () => input.onSecretAccess?.('secret-access-on'),
        onSwitchedOff: () => input.onSecretAccess?.('secret-access-restored'),
      },
      readAll,
    );
    return { credentials: result.value, switchedOffAgain: result.leftOn === undefined, ...(result.leftOn === undefined ? {} : { secretAccessLeftOn: result.leftOn }) };
  };

  if (onBecauseOfUs) {
    input.warn?.(
      leftByEarlierRun
        ? `REST access to consumer secrets was left on by an interrupted earlier run (or one that could not switch it off): it is switched off after this read-back (${SWITCH_SETUP_PATHS.secretsViaRest}).`
        : `REST access to consumer secrets is on because another run against this org switched it on: this run switches it off after its read-back (${SWITCH_SETUP_PATHS.secretsViaRest}).`,
    );
    // Known on: only the switch-off is ours. Unknown (the preflight could not tell): switch on too, harmless if on.
    return scoped(input.secretsViaRestOn === true);
  }
  if (input.secretsViaRestOn !== false) {
    try {
      return { credentials: await readRaw(), switchedOffAgain: false };
    } catch (e) {
      // Unknown and refused: fall through to the switch; known on (the admin's choice) and refused: the refusal stands.
      if (!(e instanceof SecretRefusedError)) throw e;
      if (input.secretsViaRestOn === true) return await refuse(input, e.reason);
    }
  }
  if (!input.allowSecretToggle) {
    input.warn?.('REST access to consumer secrets is off in this org and --no-secret-toggle forbids switching it on: the secret will not be read.');
    return refuse(input, 'REST access to consumer secrets is switched off in this org and --no-secret-toggle forbids switching it on');
  }
  input.warn?.(
    `REST access to consumer secrets is off in this org: it will be switched on just to read the secret and switched off right after (${SWITCH_SETUP_PATHS.secretsViaRest}).`,
  );
  return scoped(false);
};
