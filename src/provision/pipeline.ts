/**
 * The pipeline: one org, its stages in order, each a file of ./stages —
 *   preflight (read-only) → plan (pure) → [org switch first, when --allow-org-settings must turn it on] → deploy
 *   app and policies (one deploy; two, app then policies, where the org refuses policies beside their new app) →
 *   check (the end state against the spec) → read-back → hand-off → verify (the token-endpoint proof, after the
 *   hand-off is written).
 * Every progress event goes to the caller and onto the run's trail; on failure the one error translator reads
 * the trail and the plan to say what the org holds.
 */
import { EXIT_CODES } from '../errors/index.js';
import { callCounterFor, isSandbox, resolveOrg, SWITCH_SETUP_PATHS, type DeployReport } from '../salesforce/index.js';
import type { ProvisionOutcome, ProvisionProgress, ProvisionRequest } from './index.js';
import type { StageContext } from './stages/context.js';
import { checkEndState } from './stages/check.js';
import { deploy } from './stages/deploy.js';
import { checkHandoffTargetFirst, handOff, type HandedOff } from './stages/handOff.js';
import { PARTS_OF_DEPLOY, plan as planRun, twoStep, type Plan } from './stages/plan.js';
import { preflight } from './stages/preflight.js';
import { readBack } from './stages/readBack.js';
import { reuseHandoff } from './stages/reuseHandoff.js';
import { switchOrgSettingFirst } from './stages/orgSwitch.js';
import { verifyStage } from './stages/verify.js';
import { secretAccessLeftByEarlierRun, type SecretReadback } from './secretReadback.js';
import { orgHolds, translateError } from './translateError.js';

export const runPipeline = async (request: ProvisionRequest): Promise<ProvisionOutcome> => {
  const org = await resolveOrg(request.targetOrg);
  const conn = org.getConnection();
  const measure = callCounterFor(conn).start();
  const label = request.targetOrg ?? org.getUsername() ?? org.getOrgId();
  const trail: ProvisionProgress[] = [];
  const warnings: string[] = [];
  const ctx: StageContext = {
    org,
    conn,
    request,
    label,
    pollIntervalMs: request.options.pollIntervalMs,
    allowSecretToggle: request.options.allowSecretToggle ?? true,
    emit: (event) => {
      trail.push(event);
      request.onEvent?.(event);
    },
    notice: (event) => request.onEvent?.(event),
    warn: (stage, message) => {
      warnings.push(message);
      request.onEvent?.({ stage, state: 'warning', message });
    },
  };
  let plan: Plan | undefined;
  try {
    await checkHandoffTargetFirst(ctx);
    ctx.emit({ stage: 'preflight', state: 'start' });
    const found = await preflight(ctx);
    ctx.emit({ stage: 'preflight', state: 'done' });

    ctx.emit({ stage: 'plan', state: 'start' });
    plan = planRun(found, {
      dryRun: request.options.dryRun,
      policiesWithNewApp: request.options.policiesWithNewApp ?? true,
      ...(request.resume ? { resume: request.resume } : {}),
    });
    ctx.emit({ stage: 'plan', state: 'done' });
    let fixed = plan;

    if (fixed.checkOnly && found.state.switches.secretsViaRest === true && (await secretAccessLeftByEarlierRun(org.getOrgId()))) {
      ctx.warn(
        'plan',
        `REST access to consumer secrets was left on by an interrupted earlier run; a dry run changes nothing, so it stays on until the next real run (or switch it off in ${SWITCH_SETUP_PATHS.secretsViaRest}).`,
      );
    }
    const switchFirst = found.orgSwitchOn && !fixed.checkOnly;
    if (switchFirst) await switchOrgSettingFirst(ctx, found);
    let appReport: DeployReport | undefined;
    const pending = [...fixed.deploy];
    for (let phase = pending.shift(); phase !== undefined; phase = pending.shift()) {
      const rejectionLeavesPartial = phase === 'policies' && (orgHolds(trail, fixed, request.resume).appDeployed || !fixed.existed);
      const { report, setAside } = await deploy(ctx, { phase, found, plan: fixed, rejectionLeavesPartial });
      if (setAside) {
        // Nothing changed (the deploy was rolled back): the same parts again, in two deploys.
        plan = fixed = twoStep(fixed);
        pending.unshift(...fixed.deploy);
        continue;
      }
      if (PARTS_OF_DEPLOY[phase].includes('app')) appReport = report;
    }
    // [check] issue 11: every field the spec sets, as the org holds it after the deploys, before "Registered".
    if (!fixed.checkOnly) await checkEndState(ctx, found, { readAgain: switchFirst || fixed.deploy.length > 0 });

    const loginUrl = conn.instanceUrl.replace(/\/+$/, '');
    const adopted = found.adoptedParts.length > 0 ? { adoptedParts: [...found.adoptedParts] } : {};
    const base = { ...adopted, orgId: org.getOrgId(), loginUrl, instanceUrl: loginUrl, apiVersion: found.apiVersion, changes: [...fixed.changes], warnings };
    if (fixed.checkOnly) {
      const globalOauth = found.state.components.find((c) => c.type === 'ExtlClntAppGlobalOauthSettings');
      return {
        status: 'validated',
        exitCode: EXIT_CODES.ok,
        consumerKey: globalOauth?.type === 'ExtlClntAppGlobalOauthSettings' ? (globalOauth.fields.consumerKey ?? '') : '',
        apiCalls: measure(),
        notValidated: [...fixed.notValidated],
        isSandbox: await isSandbox(org),
        verified: false,
        ...base,
      };
    }

    // A run that changed nothing keeps the hand-off on disk when the token endpoint accepts it: no secret read.
    const reused = await reuseHandoff(ctx, found, switchFirst || fixed.deploy.length > 0);
    let readback: SecretReadback | undefined;
    let handed: HandedOff;
    if (reused !== undefined) handed = reused.handed;
    else {
      readback = await readBack(ctx, found, appReport);
      handed = await handOff(ctx, found.apiVersion, readback);
    }
    // [verify] issue 15: prove the pair at the token endpoint, now that the hand-off is safe on disk.
    const proven = await verifyStage(ctx, handed, reused?.proof);
    const exitCode = readback?.secretAccessLeftOn === undefined ? proven.exitCode : EXIT_CODES.partial;

    return {
      status: !fixed.existed ? 'created' : fixed.changes.length === 0 ? 'unchanged' : found.adoptedParts.length > 0 ? 'adopted' : 'updated',
      exitCode,
      verified: proven.proof.verdict === 'accepted',
      proof: proven.proof,
      ...(readback?.secretAccessLeftOn === undefined ? {} : { secretAccessLeftOn: true as const }),
      ...(reused === undefined ? {} : { handoffReused: true as const }),
      consumerKey: handed.handoff.consumerKey,
      apiCalls: measure(),
      isSandbox: handed.handoff.isSandbox,
      ...(handed.path ? { handoffPath: handed.path } : {}),
      ...(proven.text !== undefined ? { handoffText: proven.text } : {}),
      ...(request.options.showSecret ? { consumerSecret: handed.handoff.consumerSecret.reveal() } : {}),
      ...(readback?.switchedOffAgain ? { settingsToggled: ['enableClientSecretInRestApiAccess'] } : {}),
      ...base,
    };
  } catch (e) {
    throw translateError(e, {
      label,
      ref: { aliasOrUsername: label, instanceUrl: conn.instanceUrl },
      trail,
      ...(plan ? { plan } : {}),
      ...(request.resume ? { resume: request.resume } : {}),
      apiCalls: measure(),
    });
  }
};
