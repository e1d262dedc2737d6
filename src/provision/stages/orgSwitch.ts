/**
 * Stage 3a (issue 11): the org switch the spec needs (OauthOidcSettings.oAuthCdCrdtFlowEnable), switched on in its
 * own step BEFORE the app (updateMetadata, or a Settings deploy where the org refuses that), then read back; only with --allow-org-settings (preflight refuses otherwise, before
 * anything changes). An org then has the switch on when the app's isCodeCredFlowEnabled arrives, whatever it does
 * with that flag while the switch is off (refuse / store false / accept: salesforce-eca.md §6 [UNCONFIRMED]).
 * A dry run validates the switch with the app instead (stages/deploy.ts): nothing can be switched first there.
 */
import { cliError } from '../../errors/index.js';
import { ORG_SWITCHES, retrieveOrgState, settingsUpdateSwitch, SWITCH_SETUP_PATHS } from '../../salesforce/index.js';
import type { StageContext } from './context.js';
import type { Preflight } from './preflight.js';

const STAGE = 'deploy:org-settings';

export const switchOrgSettingFirst = async (ctx: StageContext, found: Preflight): Promise<void> => {
  const { conn, request, label } = ctx;
  const { waitMinutes } = request.options;
  const { member, field } = ORG_SWITCHES.codeCredentialsFlow;
  const setting = `${member}Settings.${field}`;
  ctx.warn(STAGE, `Switching on the Authorization Code and Credentials Flow for the whole org (--allow-org-settings), before the app: ${SWITCH_SETUP_PATHS.codeCredentialsFlow}.`);
  ctx.emit({ stage: STAGE, state: 'start' });
  // The same mechanism as the secret-access switch (issue 14): a synchronous updateMetadata, or the one-field
  // Settings deploy where the org refuses that call. Never throws; the read-back below decides.
  const answer = await settingsUpdateSwitch({ conn, apiVersion: found.apiVersion, waitMinutes, pollIntervalMs: ctx.pollIntervalMs, which: 'codeCredentialsFlow' }).set(true);
  const ref = answer.ref ?? 'the switch';
  if (answer.state === 'refused') {
    throw cliError('DeployFailed', ['org settings', ref, `  - ${answer.detail}`], { data: { setting } });
  }
  // Read back: a Settings change can succeed without the org taking the field (two synchronous reads).
  const after = await retrieveOrgState(conn, [], found.apiVersion);
  if (after.switches.codeCredentialsFlow !== true) {
    if (answer.state === 'unknown' && ref.startsWith('deploy ')) {
      throw cliError('DeployStillRunning', ['org settings', ref.slice('deploy '.length), waitMinutes], { data: { deployId: ref.slice('deploy '.length) } });
    }
    throw cliError('OrgSettingNotTaken', [label, setting, String(after.switches.codeCredentialsFlow ?? 'not reported'), ref], {
      actions: [`Switch it on by hand in ${SWITCH_SETUP_PATHS.codeCredentialsFlow}, then rerun.`],
    });
  }
  ctx.emit({ stage: STAGE, state: 'done', detail: ref });
};
