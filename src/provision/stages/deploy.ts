/**
 * Stage 3b: one deploy of the plan — `app+policies` (all five parts), or `app` then `policies` — validate-only in a
 * dry run (the org switch goes first, in its own step: stages/orgSwitch.ts; a dry run validates it with the app). The
 * journal hears of a deploy before it is submitted and of its id before polling starts; an earlier run's deploy of
 * the same phase is polled, never submitted again.
 *
 * An `app+policies` deploy the org refuses only because the policies' app does not exist yet comes back as
 * `setAside` (the deploy was rolled back: nothing changed) so the pipeline can deploy in two steps instead.
 */
import { RequestStatus } from '@salesforce/source-deploy-retrieve';
import { cliError, EXIT_CODES } from '../../errors/index.js';
import { orgSwitchFile, runDeploy, SWITCH_SETUP_PATHS, type DeployReport } from '../../salesforce/index.js';
import type { DeployPhase, DeployStage } from '../index.js';
import type { StageContext } from './context.js';
import { PARTS_OF_DEPLOY, type Plan } from './plan.js';
import type { Preflight } from './preflight.js';

const stageOf = (phase: DeployPhase): DeployStage => `deploy:${phase}`;

/** The policy types: the parts Salesforce generates with the app (salesforce-eca.md §1). */
const POLICY_TYPES = ['ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppConfigurablePolicies'];
/**
 * How the org says a policy's app does not exist (yet). The loopback org answers with the reference's field error
 * plus the Help's sentence ("To update an OAuth policies file, you must first deploy an external client app"); the
 * exact words of a real org for this case are [UNCONFIRMED], so either form counts. Any other problem fails the run
 * as before (the deploy was atomic: the org is unchanged).
 */
const APP_NOT_THERE_YET = /no ExternalClientApplication named \S+ found|must first deploy (an|the) external client app/i;

/** Every problem is a policy waiting for its app: the one refusal a two-step deploy answers. */
const refusedOnlyForOrder = (report: DeployReport): boolean =>
  report.problems.length > 0 &&
  report.problems.every((p) => POLICY_TYPES.some((t) => p.component.startsWith(`${t} `)) && APP_NOT_THERE_YET.test(p.problem));

const problemLines = (report: DeployReport): string => report.problems.map((p) => `  - ${p.component}: ${p.problem}`).join('\n');

export type DeployInput = {
  readonly phase: DeployPhase;
  readonly found: Preflight;
  readonly plan: Plan;
  /** A rejected deploy of this phase leaves the org partly registered (it holds the app without these policies). */
  readonly rejectionLeavesPartial: boolean;
};

export type DeployOutcome = { readonly report: DeployReport; readonly setAside?: true };

export const deploy = async (ctx: StageContext, { phase, found, plan, rejectionLeavesPartial }: DeployInput): Promise<DeployOutcome> => {
  const { request, conn, label } = ctx;
  const { options, journal } = request;
  const stage = stageOf(phase);
  const checkOnly = plan.checkOnly;
  const parts = PARTS_OF_DEPLOY[phase];
  // A real run switches the org setting first, in its own step (stages/orgSwitch.ts); a dry run validates it with the app.
  const withSwitch = parts.includes('app') && found.orgSwitchOn && checkOnly;
  if (withSwitch) {
    ctx.warn(stage, `The run would switch on the Authorization Code and Credentials Flow for the whole org (--allow-org-settings), before the app: ${SWITCH_SETUP_PATHS.codeCredentialsFlow}.`);
  }
  ctx.emit({ stage, state: 'start', ...(checkOnly ? { detail: 'validate only' } : {}) });
  const resumeId = request.resume?.deploy?.phase === phase ? request.resume.deploy.deployId : undefined;
  if (!checkOnly && resumeId === undefined) await journal?.submitting(phase);
  const files = [...found.components.filter((c) => parts.includes(c.phase)), ...(withSwitch ? [orgSwitchFile('codeCredentialsFlow', true)] : [])];
  const report = await runDeploy({
    conn,
    files,
    apiVersion: found.apiVersion,
    checkOnly,
    waitMinutes: options.waitMinutes,
    pollIntervalMs: ctx.pollIntervalMs,
    ...(resumeId ? { resumeId } : {}),
    onSubmitted: async (deployId) => {
      ctx.emit({ stage, state: 'submitted', deployId });
      await journal?.submitted({ deployId, phase });
    },
  });
  if (report.exitCode === EXIT_CODES.stillRunning) {
    throw cliError('DeployStillRunning', [phase, report.id, options.waitMinutes], { data: { deployId: report.id, phase } });
  }
  if (report.status !== RequestStatus.Succeeded && phase === 'app+policies' && !plan.existed && refusedOnlyForOrder(report)) {
    ctx.emit({ stage, state: 'set-aside', detail: `the org takes the policies only once their app exists (deploy ${report.id} changed nothing)` });
    return { report, setAside: true };
  }
  if (report.status !== RequestStatus.Succeeded) {
    const data = { deployId: report.id, phase, problems: report.problems };
    if (rejectionLeavesPartial && !checkOnly) {
      throw cliError('DeployPartial', [label, `the app is deployed, but its policies were rejected (deploy ${report.id}):\n${problemLines(report)}`], { data });
    }
    throw cliError('DeployFailed', [`${phase}${checkOnly ? ' validation' : ''}`, `${report.id} (${report.status})`, problemLines(report)], { data });
  }
  ctx.emit({ stage, state: 'done', detail: report.id });
  await journal?.deployed(phase);
  return { report };
};
