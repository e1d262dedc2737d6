/**
 * Stage 5: the hand-off Ren receives, written atomically with mode 0600 (or returned as text for `--output -`),
 * sealed to the spec's `handoff.recipients` when it names any. Its target is checked before the org is touched
 * (checkHandoffTargetFirst, exit 2), and again right before the write.
 */
import { checkHandoffTarget, defaultHandoffPath, handoffOutputText, handoffTargetPath, writeHandoff, type Handoff, type HandoffDelivery } from '../../credentials/index.js';
import { isSandbox } from '../../salesforce/index.js';
import type { SecretReadback } from '../secretReadback.js';
import type { StageContext } from './context.js';

export type HandedOff = { readonly handoff: Handoff; readonly path?: string; readonly text?: string };

const deliveryOf = (ctx: StageContext): HandoffDelivery => ({ recipients: ctx.request.registration.handoff?.recipients });

/** The hand-off's target, before anything is read from or changed in the org: refused with exit 2 when unusable. */
export const checkHandoffTargetFirst = async (ctx: StageContext): Promise<void> => {
  const orgId = ctx.org.getOrgId();
  const planned = ctx.request.options.outputPath ?? defaultHandoffPath(orgId);
  await checkHandoffTarget(planned === '-' ? planned : handoffTargetPath(planned, deliveryOf(ctx)), orgId);
};

export const handOff = async (ctx: StageContext, apiVersion: string, readback: SecretReadback): Promise<HandedOff> => {
  const { org, conn, request } = ctx;
  ctx.emit({ stage: 'handoff', state: 'start' });
  const loginUrl = conn.instanceUrl.replace(/\/+$/, '');
  const handoff: Handoff = {
    loginUrl,
    consumerKey: readback.credentials.consumerKey,
    consumerSecret: readback.credentials.consumerSecret,
    orgId: org.getOrgId(),
    instanceUrl: loginUrl,
    isSandbox: await isSandbox(org),
    appApiName: request.registration.app.apiName,
    apiVersion,
    issuedAt: new Date().toISOString(),
  };
  const outputPath = request.options.outputPath;
  if (outputPath === '-') {
    ctx.emit({ stage: 'handoff', state: 'done' });
    return { handoff, text: await handoffOutputText(handoff, deliveryOf(ctx)) };
  }
  const path = await writeHandoff(handoff, outputPath ?? defaultHandoffPath(handoff.orgId), deliveryOf(ctx));
  ctx.emit({ stage: 'handoff', state: 'done', detail: path });
  return { handoff, path };
};
