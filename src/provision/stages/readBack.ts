/**
 * Stage 4: read the consumer key and secret back from the org, switching REST access to consumer secrets on
 * just for the read when the org has it off (src/provision/secretReadback.ts, inside the one secret-access scope of
 * src/salesforce/secretAccess, which keeps the durable per-org record and restores on every way out).
 */
import { SWITCH_SETUP_PATHS, type DeployReport } from '../../salesforce/index.js';
import { readSecretWithToggle, type SecretReadback } from '../secretReadback.js';
import type { StageContext } from './context.js';
import type { Preflight } from './preflight.js';

export const readBack = async (ctx: StageContext, found: Preflight, appReport: DeployReport | undefined): Promise<SecretReadback> => {
  const { request, conn, label } = ctx;
  const { options } = request;
  const appApiName = request.registration.app.apiName;
  ctx.emit({ stage: 'readback', state: 'start' });
  const held = (type: string) => found.state.components.find((c) => c.type === type);
  const oauthSettings = held('ExtlClntAppOauthSettings');
  const oauthLink = oauthSettings?.type === 'ExtlClntAppOauthSettings' ? oauthSettings.fields.oauthLink : undefined;
  const existed = held('ExternalClientApplication') !== undefined;
  const appId = appReport?.componentIds[`ExternalClientApplication#${appApiName}`] ?? held('ExternalClientApplication')?.id;
  const readback = await readSecretWithToggle({
    conn,
    orgId: ctx.org.getOrgId(),
    orgLabel: label,
    lookup: { appApiName, ...(appId ? { appId } : {}), ...(existed && oauthLink?.includes(':') ? { consumerId: oauthLink.split(':')[1] } : {}) },
    secretsViaRestOn: found.state.switches.secretsViaRest,
    allowSecretToggle: ctx.allowSecretToggle,
    apiVersion: found.apiVersion,
    waitMinutes: options.waitMinutes,
    pollIntervalMs: ctx.pollIntervalMs,
    ...(options.readbackRetry ? { retry: options.readbackRetry } : {}),
    warn: (message) => ctx.warn('readback', message),
    onSecretAccess: (notice) => ctx.notice({ stage: 'readback', state: notice }),
  });
  if (readback.secretAccessLeftOn !== undefined) {
    ctx.warn(
      'readback',
      `REST access to consumer secrets is still switched ON: it could not be switched off (${readback.secretAccessLeftOn}). Switch it off in ${SWITCH_SETUP_PATHS.secretsViaRest}, or rerun: the next deploy or rollout against this org switches it off.`,
    );
  }
  ctx.emit({ stage: 'readback', state: 'done', ...(readback.switchedOffAgain ? { detail: 'REST access to consumer secrets was switched on for the read-back and off again' } : {}) });
  return readback;
};
