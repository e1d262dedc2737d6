/**
 * Reading the credentials, including the org-setting dance for the secret:
 * - REST access to consumer secrets on: read key and secret.
 * - off (or unknown and refused) and toggling allowed: switch it on with a one-field Settings deploy, read,
 *   and switch it back off right after, also when the read fails (finally).
 * - off and toggling refused (--no-secret-toggle): read the key only and stop with SecretNotReadable, which
 *   names where in Setup the admin copies the secret.
 */
import type { Connection } from '@salesforce/core';
import { cliError } from '../errors/cliError.js';
import { CredentialsNotIssuedError, readCredentials, SecretRefusedError, type CredentialsLookup, type IssuedCredentials, type RetryPolicy } from '../salesforce/readCredentials.js';
import { orgSwitchFile, SWITCH_SETUP_PATHS } from '../salesforce/orgSettingsFiles.js';
import { runDeploy } from '../salesforce/runDeploy.js';

export type SecretReadbackInput = {
  conn: Connection;
  orgLabel: string;
  lookup: CredentialsLookup;
  secretsViaRestOn: boolean | undefined;
  allowSecretToggle: boolean;
  apiVersion: string;
  waitMinutes: number;
  pollIntervalMs: number | undefined;
  retry?: RetryPolicy;
  /** The setting was off before an earlier run crashed with it on: switch it off after reading, even though it is on. */
  restoreAfterRead?: boolean;
  /** 'on' just before the switch-on deploy is submitted, 'restored' once the switch-off deploy succeeded. */
  onSecretAccess?: (state: 'on' | 'restored') => void;
  /** Warnings, said before the action they announce (switching the setting on, refusing to). */
  warn?: (message: string) => void;
  /** Told when switching the setting back off failed (the admin must do it by hand). */
  onRestoreProblem?: (problem: string) => void;
};

export type SecretReadback = { credentials: IssuedCredentials & { consumerSecret: NonNullable<IssuedCredentials['consumerSecret']> }; toggled: boolean };

const setupPathFor = (appApiName: string): string =>
  `Setup → Apps → External Client Apps → External Client App Manager → ${appApiName} → Settings → OAuth Settings → App Settings → Consumer Key and Secret`;

const setSecretsViaRest = async (input: SecretReadbackInput, on: boolean): Promise<void> => {
  if (on) input.onSecretAccess?.('on');
  const report = await runDeploy({
    conn: input.conn,
    files: [orgSwitchFile('secretsViaRest', on)],
    apiVersion: input.apiVersion,
    checkOnly: false,
    waitMinutes: input.waitMinutes,
    pollIntervalMs: input.pollIntervalMs,
  });
  if (report.exitCode !== 0) {
    throw cliError('DeployFailed', ['REST access to consumer secrets setting', `${report.id} (${report.status})`, report.problems.map((p) => `  - ${p.component}: ${p.problem}`).join('\n')], {
      data: { deployId: report.id, problems: report.problems },
    });
  }
  if (!on) input.onSecretAccess?.('restored');
};

/** Switches the setting back off; a failure is told (the admin must do it by hand), never thrown over the credentials. */
const restore = async (input: SecretReadbackInput): Promise<void> => {
  try {
    await setSecretsViaRest(input, false);
  } catch (e) {
    input.onRestoreProblem?.((e as Error).message);
  }
};

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
  const readAll = (): Promise<IssuedCredentials> =>
    withCredentialErrors(input, () => readCredentials(input.conn, input.lookup, { withSecret: true, retry: input.retry }));
  const withSecret = (c: IssuedCredentials): SecretReadback['credentials'] => {
    if (!c.consumerSecret) throw new SecretRefusedError('the org answered without a secret');
    return c as SecretReadback['credentials'];
  };

  if (input.secretsViaRestOn === true && input.restoreAfterRead) {
    // Left on by a run that died mid-toggle: read, then put the org back as it was before that run.
    input.warn?.(`REST access to consumer secrets was left on by an interrupted earlier run: it will be switched off after the read-back (${SWITCH_SETUP_PATHS.secretsViaRest}).`);
    try {
      return { credentials: withSecret(await readAll()), toggled: true };
    } catch (e) {
      if (e instanceof SecretRefusedError) return refuse(input, e.reason);
      throw e;
    } finally {
      await restore(input);
    }
  }
  if (input.secretsViaRestOn !== false) {
    try {
      return { credentials: withSecret(await readAll()), toggled: false };
    } catch (e) {
      if (!(e instanceof SecretRefusedError) || input.secretsViaRestOn === true) {
        if (e instanceof SecretRefusedError) return refuse(input, e.reason);
        throw e;
      }
    }
  }
  if (!input.allowSecretToggle) {
    input.warn?.('REST access to consumer secrets is off in this org and --no-secret-toggle forbids switching it on: the secret will not be read.');
    return refuse(input, 'REST access to consumer secrets is switched off in this org and --no-secret-toggle forbids switching it on');
  }
  input.warn?.(
    `REST access to consumer secrets is off in this org: it will be switched on just to read the secret and switched off right after (${SWITCH_SETUP_PATHS.secretsViaRest}).`,
  );
  await setSecretsViaRest(input, true);
  try {
    const credentials = await readAll();
    return { credentials: withSecret(credentials), toggled: true };
  } catch (e) {
    if (e instanceof SecretRefusedError) return refuse(input, e.reason);
    throw e;
  } finally {
    await restore(input);
  }
};
