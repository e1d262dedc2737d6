/**
 * Where one org stands against the spec, strictly read-only: a Metadata API retrieve (the same read the deploy's
 * preflight makes), listMetadata/readMetadata to find the app's parts under whatever names the org gave them, and
 * local files (the secret-access record, an optional hand-off). Never deploys, never switches a setting: the tests
 * assert on the loopback org's request log that no deploy, update or create call is made.
 *
 * Findings, each with its fix:
 *   - Ren there or not, and under which part names (findAppParts);
 *   - every field compared with spec + overrides (compareWithSpec: diff rows of the CLI contract);
 *   - the org switches Ren needs (Authorization Code and Credentials Flow when the spec uses it);
 *   - REST access to consumer secrets: on, or a record of an interrupted run of ours pending, is drift;
 *   - with a hand-off file: whether the org's consumer key is the file's (sealed files through their header).
 * Exit: 0 in sync, 3 drift or missing; a failure to read the org is thrown (exit 1, or 2 for an unknown login).
 */
import { readFile } from 'node:fs/promises';
import { EXIT_CODES, type ExitCode } from '../errors/index.js';
import { cliError } from '../errors/index.js';
import { ownerOfHandoffText, type HandoffOwnerFields } from '../credentials/index.js';
import { loadSpecComparison, secretAccessLeftByEarlierRun } from '../provision/index.js';
import type { Registration } from '../registration/index.js';
import { orgPartNames, parseEcaComponentXml, renderRegistration, requiredApiVersion, type DiffRow } from '../render/index.js';
import type { Org } from '@salesforce/core';
import { callCounterFor, findAppParts, loginErrorFor, resolveOrg, retrieveOrgState, SWITCH_SETUP_PATHS, type AppPart, type OrgSwitch } from '../salesforce/index.js';

export type StatusRequest = {
  readonly targetOrg?: string;
  readonly registration: Registration;
  /** A hand-off file whose consumer key should be the org's. */
  readonly handoffPath?: string;
  /** Bounds the retrieve's polling (the CLI's --wait). */
  readonly waitMinutes: number;
  readonly pollIntervalMs?: number;
};

/** Something that is not as Ren needs it, and how to put it right. */
export type StatusFinding = { readonly what: string; readonly fix: string };

export type OrgStatus = {
  status: 'in-sync' | 'drift';
  exitCode: ExitCode;
  orgId: string;
  /** The org holds Ren's app (ExternalClientApplication named as the spec's app.apiName). */
  present: boolean;
  /** Every part of the app, as the org names them. */
  parts: AppPart[];
  /** Fields that differ from spec + overrides (diff rows of the CLI contract); a missing component is `(new)`. */
  drift: DiffRow[];
  /** The org switches Ren needs and whether each is on (undefined: the org did not say). */
  switches: { name: OrgSwitch; on: boolean | undefined; needed: boolean }[];
  /** REST access to consumer secrets is on in the org. */
  secretAccessOn: boolean;
  /** A record of ours says an interrupted run switched it on and has not switched it off yet. */
  secretAccessRecordPending: boolean;
  /** With --handoff: the file's consumer key is the org's. */
  handoff?: { path: string; form: 'plain' | 'sealed'; matches: boolean };
  findings: StatusFinding[];
  apiCalls: Record<string, number>;
};

const handoffOwner = async (path: string): Promise<HandoffOwnerFields> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw cliError('Usage', [`Cannot read the hand-off file ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)}); name an existing file with --handoff.`]);
  }
  const owner = ownerOfHandoffText(text);
  if (owner === undefined) throw cliError('Usage', [`${path} is not a ren-eca hand-off file (plain JSON or sealed .json.age); name the file deploy wrote with --handoff.`]);
  return owner;
};

export const checkOrgStatus = async (request: StatusRequest): Promise<OrgStatus> => {
  // Bad input first, before the org is asked anything.
  const owner = request.handoffPath === undefined ? undefined : await handoffOwner(request.handoffPath);
  const org = await resolveOrg(request.targetOrg);
  const conn = org.getConnection();
  try {
    return await readStatus(request, org, owner);
  } catch (e) {
    // An expired login or an unreachable org: could not check (exit 1), said the way deploy says it.
    throw loginErrorFor(e, { aliasOrUsername: request.targetOrg ?? org.getUsername() ?? org.getOrgId(), instanceUrl: conn.instanceUrl }) ?? e;
  }
};

const readStatus = async (request: StatusRequest, org: Org, owner: HandoffOwnerFields | undefined): Promise<OrgStatus> => {
  const conn = org.getConnection();
  const measure = callCounterFor(conn).start();
  const { registration } = request;
  const orgMax = await conn.retrieveMaxApiVersion();
  const required = requiredApiVersion(registration);
  const apiVersion = Number(orgMax) >= Number(required) ? orgMax : required;
  const appName = registration.app.apiName;
  // The app's parts under whatever names the org uses (made by us, in Setup, or by another deploy), as deploy finds them.
  const parts = await findAppParts(conn, appName, apiVersion);
  const present = parts.some((p) => p.type === 'ExternalClientApplication');
  const { components } = renderRegistration(registration, { apiVersion, partNames: orgPartNames(appName, parts) });
  const desired = components.map((c) => parseEcaComponentXml(c.contents, c.relativePath));
  const state = await retrieveOrgState(conn, components, apiVersion);
  const { compareWithSpec, desiredSwitches } = await loadSpecComparison();
  // The same comparison as deploy's end-state check; its org-switch rows are reported as switch findings below.
  const rows = compareWithSpec({ components: desired, switches: desiredSwitches(registration.oauth.flows.authorizationCodeAndCredentials) }, state);
  const drift = rows.filter((r) => !r.component.startsWith('Settings '));
  const orgId = org.getOrgId();
  const findings: StatusFinding[] = [];
  if (!present) findings.push({ what: `Ren's app ${appName} is not in the org`, fix: `run \`ren-eca deploy --target-org ${request.targetOrg ?? '<org>'}\`` });
  else if (drift.length > 0) findings.push({ what: `${drift.length} field${drift.length === 1 ? '' : 's'} differ from the spec`, fix: `run \`ren-eca deploy --target-org ${request.targetOrg ?? '<org>'}\` to put them back` });

  const needsFlow = registration.oauth.flows.authorizationCodeAndCredentials;
  const switches = [{ name: 'codeCredentialsFlow' as const, on: state.switches.codeCredentialsFlow, needed: needsFlow }];
  for (const s of switches) if (s.needed && s.on === false) findings.push({ what: `the org switch ${SWITCH_SETUP_PATHS[s.name]} is off and Ren needs it`, fix: `switch it on there, or run deploy with --allow-org-settings` });

  const secretAccessOn = state.switches.secretsViaRest === true;
  const secretAccessRecordPending = await secretAccessLeftByEarlierRun(orgId);
  if (secretAccessOn || secretAccessRecordPending) {
    findings.push({
      what: secretAccessOn ? 'REST access to consumer secrets is ON in the org' : 'a record of an interrupted ren-eca run says REST access to consumer secrets may still be on',
      fix: `switch it off in ${SWITCH_SETUP_PATHS.secretsViaRest}, or run deploy again (it switches it back off)`,
    });
  }

  let handoff: OrgStatus['handoff'];
  if (owner !== undefined && request.handoffPath !== undefined) {
    const globalOauth = state.components.find((c) => c.type === 'ExtlClntAppGlobalOauthSettings');
    const orgKey = globalOauth?.type === 'ExtlClntAppGlobalOauthSettings' ? globalOauth.fields.consumerKey : undefined;
    const matches = owner.orgId.slice(0, 15) === orgId.slice(0, 15) && orgKey !== undefined && owner.consumerKey === orgKey;
    handoff = { path: request.handoffPath, form: owner.form, matches };
    if (!matches) findings.push({ what: `the hand-off ${request.handoffPath} does not hold this org's consumer key`, fix: 'run deploy again to write a fresh hand-off, and send it to Ren' });
  }

  const inSync = findings.length === 0;
  return {
    status: inSync ? 'in-sync' : 'drift',
    exitCode: inSync ? EXIT_CODES.ok : EXIT_CODES.drift,
    orgId,
    present,
    parts,
    drift,
    switches,
    secretAccessOn,
    secretAccessRecordPending,
    ...(handoff === undefined ? {} : { handoff }),
    findings,
    apiCalls: measure(),
  };
};
