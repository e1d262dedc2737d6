/**
 * The real secret-access seam for `rotate` (src/provision/lifecycle/secretAccess.ts is its interface): staged calls
 * show secrets, so they run with "REST access to consumer secrets" on, with the same guarantees as deploy's read-back
 * (src/provision/secretReadback.ts), through the one scope (src/salesforce/secretAccess/secretAccessScope.ts):
 *   - on by the admin's choice (no record of ours): the calls run as they are, the setting is not touched;
 *   - on because of us (an earlier run's record, or a live run's): the scope switches it off afterwards;
 *   - off: the scope switches it on, runs the calls, switches it off (signals → 130/143, a failed switch-off keeps
 *     its durable record and the command exits 68 with secretAccessLeftOn);
 *   - unknown (the org did not report it): the calls are tried as they are; refused → the scope, as for off
 *     (rotate and finish are resumable, so running them again inside the scope is safe);
 *   - off (or unknown and refused) with --no-secret-toggle: StagedNeedsSecretAccess (exit 1), nothing changed.
 */
import type { Connection } from '@salesforce/core';
import { cliError, isSfError } from '../../errors/index.js';
import {
  retrieveOrgState,
  settingsDeploySwitch,
  SWITCH_SETUP_PATHS,
  withSecretAccessOn,
  type SecretAccessRecords,
  type SecretAccessSwitch,
} from '../../salesforce/index.js';
import { defaultSecretAccessRecords } from '../secretReadback.js';
import type { WithSecretAccess } from './secretAccess.js';

export type OrgSecretAccessInput = {
  orgId: string;
  orgLabel: string;
  apiVersion: string;
  waitMinutes: number;
  pollIntervalMs: number;
  /** false (--no-secret-toggle): never switch the setting on; off → StagedNeedsSecretAccess (exit 1, nothing changed). */
  allowToggle?: boolean;
  warn?: (message: string) => void;
  /** Told 'secret-access-on' before the switch-on, 'secret-access-restored' once confirmed off. */
  onSecretAccess?: (state: 'secret-access-on' | 'secret-access-restored') => void;
  records?: SecretAccessRecords;
  switcher?: SecretAccessSwitch;
};

export type OrgSecretAccess = {
  withSecretAccess: WithSecretAccess;
  /** Why the setting is still on after the run (a failed switch-off), if it is. */
  leftOn(): string | undefined;
  /** This run switched the setting on and, confirmed by the org, off again. */
  switchedOffAgain(): boolean;
};

const refusedForSecretAccess = (e: unknown): boolean => isSfError(e) && e.name === 'StagedCredentialsRefusedError';

export const orgSecretAccess = (input: OrgSecretAccessInput): OrgSecretAccess => {
  let leftOn: string | undefined;
  let switchedOff = false;
  const records = input.records ?? defaultSecretAccessRecords();

  const scoped = async <T>(conn: Connection, alreadyOn: boolean, fn: () => Promise<T>): Promise<T> => {
    const found = await records.find(input.orgId);
    const result = await withSecretAccessOn(
      {
        orgId: input.orgId,
        orgLabel: input.orgLabel,
        about: { org: input.orgLabel, instanceUrl: conn.instanceUrl, setting: 'ExternalClientAppSettings.enableClientSecretInRestApiAccess' },
        records,
        switcher: input.switcher ?? settingsDeploySwitch({ conn, apiVersion: input.apiVersion, waitMinutes: input.waitMinutes, pollIntervalMs: input.pollIntervalMs }),
        alreadyOn,
        leftBehind: found.filter((r) => !r.live),
        onSwitchedOn: () => input.onSecretAccess?.('secret-access-on'),
        onSwitchedOff: () => input.onSecretAccess?.('secret-access-restored'),
      },
      fn,
    );
    if (result.leftOn === undefined) switchedOff = true;
    else leftOn = result.leftOn;
    return result.value;
  };

  const withSecretAccess: WithSecretAccess = async (conn, fn) => {
    const state = await retrieveOrgState(conn, [], input.apiVersion);
    const on = state.switches.secretsViaRest;
    const ours = on !== false && (await records.find(input.orgId)).length > 0;
    if (ours) {
      input.warn?.(`REST access to consumer secrets was left on by an earlier run of this tool: it is switched off after these calls (${SWITCH_SETUP_PATHS.secretsViaRest}).`);
      return scoped(conn, on === true, fn);
    }
    if (on === true) return fn();
    if (on === undefined) {
      try {
        return await fn();
      } catch (e) {
        if (!refusedForSecretAccess(e)) throw e;
      }
    }
    if (input.allowToggle === false) throw cliError('StagedNeedsSecretAccess', [input.orgLabel]);
    input.warn?.(`REST access to consumer secrets is off in this org: it is switched on for the staged-credentials calls and switched off right after (${SWITCH_SETUP_PATHS.secretsViaRest}).`);
    return scoped(conn, false, fn);
  };

  return { withSecretAccess, leftOn: () => leftOn, switchedOffAgain: () => switchedOff };
};
