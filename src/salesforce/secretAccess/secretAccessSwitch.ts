/**
 * The mechanism that flips "Allow access to External Client App consumer secrets via REST API"
 * (ExternalClientAppSettings.enableClientSecretInRestApiAccess), behind one seam: the scope
 * (secretAccessScope.ts) only asks `set(on)` and reads the answer. Today the mechanism is a one-field Settings deploy;
 * a synchronous Metadata API updateMetadata call (issue 14) can replace `settingsDeploySwitch` without touching the
 * scope or its tests. `settingsUpdateSwitch` is that call (the default): one synchronous request instead of a deploy
 * plus status polls, falling back to the deploy where the org refuses the call for this type.
 *
 * The answer says what is KNOWN: 'applied' (the org confirmed it), 'refused' (the org said no: the setting is as it
 * was), or 'unknown' (still running when --wait ran out, the answer was lost, the connection failed): the setting may
 * or may not have changed. An unfinished deploy is never called refused.
 */
import type { Connection } from '@salesforce/core';
import { RequestStatus } from '@salesforce/source-deploy-retrieve';
import { orgSwitchFile } from '../orgSettingsFiles.js';
import { ORG_SWITCHES, type OrgSwitch } from '../retrieveOrgState.js';
import { runDeploy } from '../runDeploy.js';
import { isNetworkError } from '../networkErrors.js';

export type SwitchAnswer =
  | { readonly state: 'applied'; readonly ref?: string }
  | { readonly state: 'refused' | 'unknown'; readonly detail: string; readonly ref?: string };

export type SecretAccessSwitch = {
  /** Switches the setting on or off and says what is known afterwards. Never throws. */
  set(on: boolean): Promise<SwitchAnswer>;
};

/** What each deploy status means for the setting. */
const STATUS_MEANING: Readonly<Record<RequestStatus, SwitchAnswer['state']>> = {
  [RequestStatus.Succeeded]: 'applied',
  [RequestStatus.SucceededPartial]: 'unknown', // a one-component deploy cannot partly succeed; if it says so, do not trust it
  [RequestStatus.Failed]: 'refused',
  [RequestStatus.FinalizingFailed]: 'refused',
  [RequestStatus.Canceled]: 'refused',
  [RequestStatus.Canceling]: 'unknown',
  [RequestStatus.Pending]: 'unknown',
  [RequestStatus.InProgress]: 'unknown',
  [RequestStatus.Finalizing]: 'unknown',
};

export type SettingsDeploySwitchOptions = {
  conn: Connection;
  apiVersion: string;
  waitMinutes: number;
  pollIntervalMs: number | undefined;
  /** Which org switch (src/salesforce/retrieveOrgState.ts ORG_SWITCHES); default REST access to consumer secrets. */
  which?: OrgSwitch;
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The setting through a one-field Settings deploy (a Settings deploy changes only the fields it carries). */
export const settingsDeploySwitch = (options: SettingsDeploySwitchOptions): SecretAccessSwitch => ({
  set: async (on) => {
    let submitted: string | undefined;
    try {
      const report = await runDeploy({
        conn: options.conn,
        files: [orgSwitchFile(options.which ?? 'secretsViaRest', on)],
        apiVersion: options.apiVersion,
        checkOnly: false,
        waitMinutes: options.waitMinutes,
        pollIntervalMs: options.pollIntervalMs,
        onSubmitted: (id) => {
          submitted = id;
        },
      });
      const state = STATUS_MEANING[report.status];
      if (state === 'applied') return { state, ref: `deploy ${report.id}` };
      const problems = report.problems.map((p) => `${p.component}: ${p.problem}`).join('; ');
      const detail =
        state === 'refused'
          ? `Salesforce rejected deploy ${report.id} (${report.status})${problems ? `: ${problems}` : ''}`
          : `deploy ${report.id} had not finished (${report.status}) when --wait ran out`;
      return { state, detail, ref: `deploy ${report.id}` };
    } catch (e) {
      // Before the org gave an id, an org fault (not a dropped connection) means it never took the deploy.
      const refusedAtSubmit = submitted === undefined && !isNetworkError(e);
      return {
        state: refusedAtSubmit ? 'refused' : 'unknown',
        detail: submitted === undefined ? `the deploy could not be submitted: ${message(e)}` : `the answer about deploy ${submitted} was lost: ${message(e)}`,
        ...(submitted ? { ref: `deploy ${submitted}` } : {}),
      };
    }
  },
});

type SaveResult = { success?: boolean | string; errors?: { statusCode?: string; message?: string } | { statusCode?: string; message?: string }[] };
const firstOf = <T>(v: T | T[] | undefined): T | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * The setting through the Metadata API's synchronous updateMetadata (CRUD): documented for "any component that extends
 * Metadata", which ExternalClientAppSettings does; whether every org takes this type that way is [UNCONFIRMED]. Where
 * the org refuses it (a SaveResult with success false, or a SOAP fault: the org did not take the call, the setting is
 * as it was) the same change goes through the Settings deploy, and later changes in this run go there directly.
 * A lost answer (dropped connection) is 'unknown': the update may have been applied.
 */
export const settingsUpdateSwitch = (options: SettingsDeploySwitchOptions): SecretAccessSwitch => {
  const byDeploy = settingsDeploySwitch(options);
  let orgRefusesUpdate = false;
  const { member, field } = ORG_SWITCHES[options.which ?? 'secretsViaRest'];
  const type = `${member}Settings`;
  return {
    set: async (on) => {
      if (orgRefusesUpdate) return byDeploy.set(on);
      let saved: SaveResult | undefined;
      try {
        // jsforce types update() for the types it knows only; any Metadata type goes over the wire the same way.
        const metadata = options.conn.metadata as unknown as { update(t: string, m: Record<string, unknown>[]): Promise<SaveResult | SaveResult[]> };
        saved = firstOf(await metadata.update(type, [{ fullName: member, [field]: on }]));
      } catch (e) {
        if (isNetworkError(e)) return { state: 'unknown', detail: `the answer to updateMetadata ${type} was lost: ${message(e)}`, ref: `updateMetadata ${type}` };
        orgRefusesUpdate = true;
        return byDeploy.set(on);
      }
      if (saved?.success === true || saved?.success === 'true') return { state: 'applied', ref: `updateMetadata ${type}` };
      orgRefusesUpdate = true;
      return byDeploy.set(on);
    },
  };
};
