/** Stage 5: the hand-off Ren receives, written atomically with mode 0600 (or returned as text for `--output -`). */
import { defaultHandoffPath, handoffFileContent, writeHandoff, type Handoff } from '../../credentials/index.js';
import { isSandbox } from '../../salesforce/index.js';
import type { SecretReadback } from '../secretReadback.js';
import type { StageContext } from './context.js';

export type HandedOff = { readonly handoff: Handoff; readonly path?: string; readonly text?: string };

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
    return { handoff, text: handoffFileContent(handoff) };
  }
  const path = await writeHandoff(handoff, outputPath ?? defaultHandoffPath(handoff.orgId));
  ctx.emit({ stage: 'handoff', state: 'done', detail: path });
  return { handoff, path };
};
