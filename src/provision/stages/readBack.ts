/**
 * Stage 4: read the consumer key and secret back from the org, switching REST access to consumer secrets on
 * just for the read when the org has it off (src/provision/secretReadback.ts does the switching). The journal
 * records the switch-on before it is submitted and forgets it once the setting is off again.
 */
import { SWITCH_SETUP_PATHS, type DeployReport } from '../../salesforce/index.js';
import { readSecretWithToggle, type SecretReadback } from '../secretReadback.js';
import type { StageContext } from './context.js';
import type { Preflight } from './preflight.js';

export const readBack = async (ctx: StageContext, found: Preflight, appReport: DeployReport | undefined): Promise<SecretReadback> => {
  const { request, conn, label } = ctx;
  const { options, journal } = request;
  const appApiName = request.registration.app.apiName;
  ctx.emit({ stage: 'readback', state: 'start' });
  const held = (type: string) => found.state.components.find((c) => c.type === type);
  const oauthSettings = held('ExtlClntAppOauthSettings');
  const oauthLink = oauthSettings?.type === 'ExtlClntAppOauthSettings' ? oauthSettings.fields.oauthLink : undefined;
  const existed = held('ExternalClientApplication') !== undefined;
  const appId = appReport?.componentIds[`ExternalClientApplication#${appApiName}`] ?? held('ExternalClientApplication')?.id;
  // A record left behind only makes the next run check the setting again, so a failed clear is not the run's failure.
  let restored: Promise<void> = Promise.resolve();
  const readback = await readSecretWithToggle({
    conn,
    orgLabel: label,
    lookup: { appApiName, ...(appId ? { appId } : {}), ...(existed && oauthLink?.includes(':') ? { consumerId: oauthLink.split(':')[1] } : {}) },
    secretsViaRestOn: found.state.switches.secretsViaRest,
    allowSecretToggle: ctx.allowSecretToggle,
    apiVersion: found.apiVersion,
    waitMinutes: options.waitMinutes,
    pollIntervalMs: ctx.pollIntervalMs,
    ...(options.readbackRetry ? { retry: options.readbackRetry } : {}),
    warn: (message) => ctx.warn('readback', message),
    restoreAfterRead: request.resume?.secretAccessWasOff === true,
    onSecretAccess: (state) => {
      if (state === 'on') {
        journal?.secretAccessOn();
        ctx.notice({ stage: 'readback', state: 'secret-access-on' });
      } else {
        restored = journal?.secretAccessRestored().catch(() => undefined) ?? restored;
        ctx.notice({ stage: 'readback', state: 'secret-access-restored' });
      }
    },
    onRestoreProblem: (p) =>
      ctx.warn('readback', `REST access to consumer secrets could not be switched back off (${p}): switch it off by hand in ${SWITCH_SETUP_PATHS.secretsViaRest}.`),
  });
  await restored;
  ctx.emit({ stage: 'readback', state: 'done', ...(readback.toggled ? { detail: 'REST access to consumer secrets was switched on for the read-back and off again' } : {}) });
  return readback;
};
