/**
 * Registers Ren in one org: preflight (read-only) → deploy app + OAuth settings → deploy policies →
 * read the credentials back → write the hand-off. Used by `deploy` and, per tenant, by `rollout`.
 * Throws SfError (cliError) with its exit code on failure: 1 failed (org unchanged), 68 partly deployed,
 * 69 still running (data.deployId, data.phase: pass them back as `resume` to poll instead of resubmitting).
 */
import { Org, type Connection } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import { RequestStatus } from '@salesforce/source-deploy-retrieve';
import { EXIT_CODES } from '../errors/catalog.js';
import { cliError } from '../errors/cliError.js';
import { defaultHandoffPath, handoffOutputText, writeHandoff, type Handoff } from '../credentials/handoff.js';
import { componentChanges } from './componentChanges.js';
import { orgSwitchFile, SWITCH_SETUP_PATHS } from '../salesforce/orgSettingsFiles.js';
import { retrieveOrgState, type OrgState } from '../salesforce/retrieveOrgState.js';
import { runDeploy, type DeployReport } from '../salesforce/runDeploy.js';
import { callCounterFor } from '../salesforce/callCounter.js';
import { readOrgFacts } from '../salesforce/orgFacts.js';
import { runPreflightChecks } from './preflightChecks.js';
import type { Registration } from '../registration/registrationSchema.js';
import type { DeployPhase, FieldChange, ProvisionEvent, ProvisionOptions, ProvisionOutcome, ProvisionProgress, ResumeHint } from './provisionTypes.js';
import { renderForOrg, requiredApiVersionOf, type DeployComponent } from './renderForOrg.js';
import { newRunPoint, toProvisionError, type RunPoint } from './provisionErrors.js';
import { readSecretWithToggle } from './secretReadback.js';
import { projectSourceApiVersion, targetApiVersion } from './targetApiVersion.js';

export type { DeployPhase, ProvisionEvent, ProvisionNotice, ProvisionOptions, ProvisionOutcome, ProvisionProgress, ResumeHint } from './provisionTypes.js';

export type ProvisionInput = {
  org: Org;
  registration: Registration;
  options: ProvisionOptions;
  progress?: (event: ProvisionProgress) => void;
  /** Every progress event plus the notices (warnings as they apply), in order. Optional; `progress` keeps working alone. */
  onEvent?: (event: ProvisionEvent) => void;
  resume?: ResumeHint;
  /** The name the admin used for the org (alias), for messages; default: the username. */
  orgLabel?: string;
};

const APP_TYPE = 'ExternalClientApplication';
const OAUTH_SETTINGS_TYPE = 'ExtlClntAppOauthSettings';
const GLOBAL_OAUTH_TYPE = 'ExtlClntAppGlobalOauthSettings';

const phaseStage = (phase: DeployPhase): 'deploy:app' | 'deploy:policies' => (phase === 'app' ? 'deploy:app' : 'deploy:policies');

const isSandboxOf = async (org: Org, conn: Connection): Promise<boolean> => {
  const known = org.getField<boolean>(Org.Fields.IS_SANDBOX);
  if (typeof known === 'boolean') return known; // saved in the auth file at login: no call needed
  const row = (await conn.query<{ IsSandbox: boolean }>('SELECT IsSandbox FROM Organization')).records[0];
  return row?.IsSandbox === true;
};

const problemLines = (report: DeployReport): string => report.problems.map((p) => `  - ${p.component}: ${p.problem}`).join('\n');

export const provisionOrg = async (input: ProvisionInput): Promise<ProvisionOutcome> => {
  const { org } = input;
  const conn = org.getConnection();
  const measure = callCounterFor(conn).start();
  const label = input.orgLabel ?? org.getUsername() ?? org.getOrgId();
  const ref = { aliasOrUsername: label, instanceUrl: conn.instanceUrl };
  const point = newRunPoint();
  try {
    return await provision(input, conn, label, measure, point);
  } catch (e) {
    throw toProvisionError(e, { label, ref, point, apiCalls: measure() });
  }
};

const provision = async (
  input: ProvisionInput,
  conn: Connection,
  label: string,
  measure: () => Record<string, number>,
  point: RunPoint,
): Promise<ProvisionOutcome> => {
  const { org, registration, options } = input;
  const emit = (event: ProvisionProgress): void => {
    input.progress?.(event);
    input.onEvent?.(event);
  };
  const pollIntervalMs = options.pollIntervalMs;
  const warnings: string[] = [];
  /** Said at the moment it applies (before the action it announces), and kept for the outcome. */
  const warn = (message: string): void => {
    warnings.push(message);
    input.onEvent?.({ stage: point.stage ?? 'preflight', state: 'warning', message });
  };
  const appApiName = registration.app.apiName;

  // --- preflight: read-only
  point.stage = 'preflight';
  emit({ stage: 'preflight', state: 'start' });
  const orgMax = await conn.retrieveMaxApiVersion();
  const required = requiredApiVersionOf(registration);
  const apiVersion = targetApiVersion({ requested: options.apiVersion, project: projectSourceApiVersion(), orgMax, required });
  const rendered = renderForOrg(registration, apiVersion);
  rendered.warnings.forEach(warn);
  const components = rendered.components;
  const state: OrgState = await retrieveOrgState(conn, components, apiVersion);
  const facts = await readOrgFacts(conn, { profiles: registration.policies.profiles, permissionSets: registration.policies.permissionSets });
  const needsCodeCredentialsFlow = registration.oauth.flows.authorizationCodeAndCredentials;
  const allowSecretToggle = options.allowSecretToggle ?? true;
  const problems = runPreflightChecks({
    orgMaxApiVersion: orgMax,
    requiredApiVersion: required,
    wantedProfiles: registration.policies.profiles,
    wantedPermissionSets: registration.policies.permissionSets,
    needsCodeCredentialsFlow,
    codeCredentialsFlowOn: state.switches.codeCredentialsFlow,
    secretsViaRestOn: state.switches.secretsViaRest,
    allowOrgSettings: options.allowOrgSettings,
    allowSecretToggle,
    dryRun: options.dryRun,
    facts,
  });
  if (problems.length > 0) {
    throw cliError('PreflightFailed', [label, problems.length, problems.map((p) => `  - ${p.problem}`).join('\n')], {
      data: { problems },
      actions: problems.map((p) => p.fix),
    });
  }
  for (const u of facts.unchecked) warn(`Could not check ${u}; the deploy will tell if something is missing.`);
  const orgSwitchOn = needsCodeCredentialsFlow && state.switches.codeCredentialsFlow === false;
  emit({ stage: 'preflight', state: 'done' });

  // --- plan
  const held = (type: string): OrgState['components'][number] | undefined => state.components.find((c) => c.type === type);
  const existed = held(APP_TYPE) !== undefined;
  const changes: FieldChange[] = componentChanges(components, state.components);
  const inPhase = (phase: DeployPhase): DeployComponent[] => components.filter((c) => c.phase === phase);
  const changedIn = (phase: DeployPhase): boolean => inPhase(phase).some((c) => changes.some((ch) => ch.component === `${c.type} ${c.fullName}`));
  const appFiles = [...inPhase('app'), ...(orgSwitchOn ? [orgSwitchFile('codeCredentialsFlow', true)] : [])];

  const deployPhase = async (phase: DeployPhase, checkOnly: boolean): Promise<DeployReport> => {
    const stage = phaseStage(phase);
    Object.assign(point, { stage, phase, deployId: undefined });
    if (phase === 'app' && orgSwitchOn) {
      warn(
        checkOnly
          ? `The deploy would switch on the Authorization Code and Credentials Flow for the whole org (--allow-org-settings): ${SWITCH_SETUP_PATHS.codeCredentialsFlow}.`
          : `Switching on the Authorization Code and Credentials Flow for the whole org (--allow-org-settings): ${SWITCH_SETUP_PATHS.codeCredentialsFlow}.`,
      );
    }
    emit({ stage, state: 'start', ...(checkOnly ? { detail: 'validate only' } : {}) });
    const resumeId = input.resume?.phase === phase ? input.resume.deployId : undefined;
    const report = await runDeploy({
      conn,
      files: phase === 'app' ? appFiles : inPhase('policies'),
      apiVersion,
      checkOnly,
      waitMinutes: options.waitMinutes,
      pollIntervalMs,
      ...(resumeId ? { resumeId } : {}),
      onSubmitted: (deployId) => {
        point.deployId = deployId;
        emit({ stage, state: 'submitted', deployId });
      },
    });
    if (report.exitCode === EXIT_CODES.stillRunning) {
      throw cliError('DeployStillRunning', [phase, report.id, options.waitMinutes], { data: { deployId: report.id, phase } });
    }
    if (report.status !== RequestStatus.Succeeded) {
      const appStands = phase === 'policies' && !checkOnly;
      if (appStands) {
        throw cliError('DeployPartial', [label, `the app is deployed, but its policies were rejected (deploy ${report.id}):\n${problemLines(report)}`], {
          data: { deployId: report.id, phase, problems: report.problems },
        });
      }
      throw cliError('DeployFailed', [`${phase}${checkOnly ? ' validation' : ''}`, `${report.id} (${report.status})`, problemLines(report)], {
        data: { deployId: report.id, phase, problems: report.problems },
      });
    }
    emit({ stage, state: 'done', detail: report.id });
    return report;
  };

  const loginUrl = conn.instanceUrl.replace(/\/+$/, '');
  const base = { orgId: org.getOrgId(), loginUrl, instanceUrl: loginUrl, apiVersion, changes };

  // --- dry run: validate what can be validated, change nothing
  if (options.dryRun) {
    const notValidated: string[] = [];
    if (input.resume?.secretAccessWasOff === true && state.switches.secretsViaRest === true) {
      warn(`REST access to consumer secrets was left on by an interrupted earlier run; a dry run changes nothing, so it stays on until the next real run (or switch it off in ${SWITCH_SETUP_PATHS.secretsViaRest}).`);
    }
    await deployPhase('app', true);
    if (existed || !changedIn('policies')) await deployPhase('policies', true);
    else notValidated.push('The policies: Salesforce creates them with the app, so they can only be validated once the app exists.');
    notValidated.push('Reading the credentials back: nothing is deployed in a dry run.');
    return {
      status: 'validated',
      exitCode: EXIT_CODES.ok,
      consumerKey: held(GLOBAL_OAUTH_TYPE)?.fields.consumerKey ?? '',
      apiCalls: measure(),
      warnings,
      notValidated,
      isSandbox: await isSandboxOf(org, conn),
      ...base,
    };
  }

  // --- deploy, in the order Salesforce needs; unchanged phases are skipped (a re-run with no change deploys nothing)
  let appReport: DeployReport | undefined;
  const resumingPolicies = input.resume?.phase === 'policies' && input.resume.deployId !== undefined;
  const policiesNeeded = changedIn('policies') || resumingPolicies;
  point.policiesPending = policiesNeeded;
  // Resuming the policies phase: an earlier run deployed the app.
  point.appDeployed = resumingPolicies;
  if (!resumingPolicies && (changedIn('app') || orgSwitchOn || input.resume?.phase === 'app')) {
    appReport = await deployPhase('app', false);
    point.appDeployed = true;
  }
  if (policiesNeeded) {
    try {
      await deployPhase('policies', false);
    } catch (e) {
      // Policies rejected while the app was not created by this run: the org still holds the previous, complete registration.
      if (e instanceof SfError && e.exitCode === EXIT_CODES.partial && existed && !point.appDeployed) {
        throw cliError('DeployFailed', ['policies', String((e.data as { deployId?: string }).deployId), e.message], { data: e.data });
      }
      throw e;
    }
    point.policiesPending = false;
  }

  // --- read the credentials back
  Object.assign(point, { stage: 'readback', phase: undefined, deployId: undefined });
  emit({ stage: 'readback', state: 'start' });
  const oauthLink = held(OAUTH_SETTINGS_TYPE)?.fields.oauthLink;
  const appId = appReport?.componentIds[`${APP_TYPE}#${appApiName}`] ?? held(APP_TYPE)?.id;
  const readback = await readSecretWithToggle({
    conn,
    orgLabel: label,
    lookup: { appApiName, ...(appId ? { appId } : {}), ...(existed && oauthLink?.includes(':') ? { consumerId: oauthLink.split(':')[1] } : {}) },
    secretsViaRestOn: state.switches.secretsViaRest,
    allowSecretToggle,
    apiVersion,
    waitMinutes: options.waitMinutes,
    pollIntervalMs,
    ...(options.readbackRetry ? { retry: options.readbackRetry } : {}),
    warn,
    restoreAfterRead: input.resume?.secretAccessWasOff === true,
    onSecretAccess: (state) => input.onEvent?.({ stage: 'readback', state: state === 'on' ? 'secret-access-on' : 'secret-access-restored' }),
    onRestoreProblem: (p) => warn(`REST access to consumer secrets could not be switched back off (${p}): switch it off by hand in ${SWITCH_SETUP_PATHS.secretsViaRest}.`),
  });
  emit({ stage: 'readback', state: 'done', ...(readback.toggled ? { detail: 'REST access to consumer secrets was switched on for the read-back and off again' } : {}) });

  // --- hand-off
  point.stage = 'handoff';
  emit({ stage: 'handoff', state: 'start' });
  const handoff: Handoff = {
    loginUrl,
    consumerKey: readback.credentials.consumerKey,
    consumerSecret: readback.credentials.consumerSecret,
    orgId: org.getOrgId(),
    instanceUrl: loginUrl,
    isSandbox: await isSandboxOf(org, conn),
    appApiName,
    apiVersion,
    issuedAt: new Date().toISOString(),
  };
  const toStdout = options.outputPath === '-';
  const handoffPath = toStdout ? undefined : await writeHandoff(handoff, options.outputPath ?? defaultHandoffPath(handoff.orgId), { recipients: registration.handoff?.recipients });
  emit({ stage: 'handoff', state: 'done', ...(handoffPath ? { detail: handoffPath } : {}) });

  return {
    status: !existed ? 'created' : changes.length > 0 ? 'updated' : 'unchanged',
    exitCode: EXIT_CODES.ok,
    consumerKey: handoff.consumerKey,
    apiCalls: measure(),
    warnings,
    isSandbox: handoff.isSandbox,
    ...(handoffPath ? { handoffPath } : {}),
    ...(toStdout ? { handoffText: await handoffOutputText(handoff, { recipients: registration.handoff?.recipients }) } : {}),
    ...(options.showSecret ? { consumerSecret: handoff.consumerSecret.reveal() } : {}),
    ...(readback.toggled ? { settingsToggled: ['enableClientSecretInRestApiAccess'] } : {}),
    ...base,
  };
};
