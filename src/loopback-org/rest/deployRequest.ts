/**
 * REST Metadata deploys (salesforce-wire.md §2.2): POST metadata/deployRequest (multipart: `file` zip +
 * `entity_content` JSON deployOptions), GET metadata/deployRequest/{id}?includeDetails=true, and PATCH to cancel.
 * Results are JSON with real booleans (jsforce does not cast them here).
 */
import type { Reply } from '../http/reply.js';
import { jsonReply, REST_ERRORS, restError } from '../http/reply.js';
import type { AsyncJobs, DeployResult } from '../metadata/asyncJobs.js';

type DeployOptionsJson = { checkOnly?: boolean; rollbackOnError?: boolean; ignoreWarnings?: boolean; [k: string]: unknown };

const withoutDetails = (r: DeployResult, includeDetails: boolean): Omit<DeployResult, 'details'> & { details?: DeployResult['details'] } => {
  if (includeDetails) return r;
  const { details, ...rest } = r;
  void details;
  return rest;
};

export const submitRestDeploy = async (jobs: AsyncJobs, version: string, contentType: string, body: Buffer): Promise<Reply> => {
  let form: FormData;
  try {
    form = await new Request('http://loopback/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch {
    return restError(400, 'INVALID_MULTIPART_REQUEST', 'The multipart request could not be parsed');
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') return restError(400, 'INVALID_MULTIPART_REQUEST', "Missing the 'file' part with the zip to deploy");
  let options: DeployOptionsJson = {};
  const entity = form.get('entity_content');
  try {
    const raw = entity === null ? '{}' : typeof entity === 'string' ? entity : await entity.text();
    options = (JSON.parse(raw) as { deployOptions?: DeployOptionsJson }).deployOptions ?? {};
  } catch {
    return restError(400, 'JSON_PARSER_ERROR', 'entity_content is not valid JSON');
  }
  const zip = Buffer.from(await file.arrayBuffer());
  const result = jobs.submitDeploy(zip, {
    checkOnly: options.checkOnly === true,
    rollbackOnError: options.rollbackOnError !== false,
    ignoreWarnings: options.ignoreWarnings === true,
  }, version);
  return jsonReply(201, {
    id: result.id,
    url: `/services/data/v${version}/metadata/deployRequest/${result.id}`,
    deployOptions: options,
    deployResult: withoutDetails(result, false),
  });
};

export const restDeployStatus = async (jobs: AsyncJobs, version: string, id: string, includeDetails: boolean): Promise<Reply> => {
  const result = await jobs.checkDeploy(id);
  if (result === undefined) return REST_ERRORS.notFound();
  return jsonReply(200, { id, url: `/services/data/v${version}/metadata/deployRequest/${id}`, deployResult: withoutDetails(result, includeDetails) });
};

export const cancelRestDeploy = (jobs: AsyncJobs, id: string, body: string): Reply => {
  let status: unknown;
  try {
    status = (JSON.parse(body) as { deployResult?: { status?: unknown } }).deployResult?.status;
  } catch {
    status = undefined;
  }
  if (status !== 'Canceling') return restError(400, 'INVALID_INPUT', 'Only {"deployResult":{"status":"Canceling"}} is supported');
  const outcome = jobs.cancelDeploy(id);
  if (outcome === undefined) return REST_ERRORS.notFound();
  if (outcome === 'done') return restError(400, 'INVALID_STATUS', 'The deployment has already completed and can no longer be canceled');
  return jsonReply(202, { id, deployResult: { id, status: 'Canceling', done: false } });
};
