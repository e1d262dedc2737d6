/**
 * Stage 3a (issue 11): the org switch the spec needs (OauthOidcSettings.oAuthCdCrdtFlowEnable), switched on in its
 * own deploy BEFORE the app, then read back; only with --allow-org-settings (preflight refuses otherwise, before
 * anything changes). An org then has the switch on when the app's isCodeCredFlowEnabled arrives, whatever it does
 * with that flag while the switch is off (refuse / store false / accept: salesforce-eca.md §6 [UNCONFIRMED]).
 * A dry run validates the switch with the app instead (stages/deploy.ts): nothing can be switched first there.
 */
import { RequestStatus } from '@salesforce/source-deploy-retrieve';
import { cliError, EXIT_CODES } from '../../errors/index.js';
import { ORG_SWITCHES, orgSwitchFile, retrieveOrgState, runDeploy, SWITCH_SETUP_PATHS } from '../../salesforce/index.js';
import type { StageContext } from './context.js';
import type { Preflight } from './preflight.js';

const STAGE = 'deploy:org-settings';

export const switchOrgSettingFirst = async (ctx: StageContext, found: Preflight): Promise<void> => {
  const { conn, request, label } = ctx;
  const { waitMinutes } = request.options;
  ctx.warn(STAGE, `Switching on the Authorization Code and Credentials Flow for the whole org (--allow-org-settings), before the app: ${SWITCH_SETUP_PATHS.codeCredentialsFlow}.`);
  ctx.emit({ stage: STAGE, state: 'start' });
  const report = await runDeploy({
    conn,
    files: [orgSwitchFile('codeCredentialsFlow', true)],
    apiVersion: found.apiVersion,
    checkOnly: false,
    waitMinutes,
    pollIntervalMs: ctx.pollIntervalMs,
    onSubmitted: (deployId) => ctx.emit({ stage: STAGE, state: 'submitted', deployId }),
  });
  if (report.exitCode === EXIT_CODES.stillRunning) {
    throw cliError('DeployStillRunning', ['org settings', report.id, waitMinutes], { data: { deployId: report.id } });
  }
  if (report.status !== RequestStatus.Succeeded) {
    throw cliError('DeployFailed', ['org settings', `${report.id} (${report.status})`, report.problems.map((p) => `  - ${p.component}: ${p.problem}`).join('\n')], {
      data: { deployId: report.id, problems: report.problems },
    });
  }
  // Read back: a Settings deploy can succeed without the org taking the field (one retrieve of the two switches).
  const after = await retrieveOrgState(conn, [], found.apiVersion);
  if (after.switches.codeCredentialsFlow !== true) {
    const { member, field } = ORG_SWITCHES.codeCredentialsFlow;
    throw cliError('OrgSettingNotTaken', [label, `${member}Settings.${field}`, String(after.switches.codeCredentialsFlow ?? 'not reported'), report.id], {
      actions: [`Switch it on by hand in ${SWITCH_SETUP_PATHS.codeCredentialsFlow}, then rerun.`],
    });
  }
  ctx.emit({ stage: STAGE, state: 'done', detail: report.id });
};
