/**
 * Stage 3: one of the two deploys Salesforce needs, `app` (with the org switch when --allow-org-settings turns it
 * on) then `policies`; validate-only in a dry run. The journal hears of a deploy before it is submitted and of its
 * id before polling starts; an earlier run's deploy of the same phase is polled, never submitted again.
 */
import { RequestStatus } from '@salesforce/source-deploy-retrieve';
import { cliError, EXIT_CODES } from '../../errors/index.js';
import { orgSwitchFile, runDeploy, SWITCH_SETUP_PATHS, type DeployReport } from '../../salesforce/index.js';
import type { DeployPhase } from '../index.js';
import type { StageContext } from './context.js';
import type { Plan } from './plan.js';
import type { Preflight } from './preflight.js';

const STAGE_OF_PHASE = { app: 'deploy:app', policies: 'deploy:policies' } as const satisfies Record<DeployPhase, string>;

const problemLines = (report: DeployReport): string => report.problems.map((p) => `  - ${p.component}: ${p.problem}`).join('\n');

export type DeployInput = {
  readonly phase: DeployPhase;
  readonly found: Preflight;
  readonly plan: Plan;
  /** A rejected deploy of this phase leaves the org partly registered (it holds the app without these policies). */
  readonly rejectionLeavesPartial: boolean;
};

export const deploy = async (ctx: StageContext, { phase, found, plan, rejectionLeavesPartial }: DeployInput): Promise<DeployReport> => {
  const { request, conn, label } = ctx;
  const { options, journal } = request;
  const stage = STAGE_OF_PHASE[phase];
  const checkOnly = plan.checkOnly;
  const withSwitch = phase === 'app' && found.orgSwitchOn;
  if (withSwitch) {
    ctx.warn(
      stage,
      checkOnly
        ? `The deploy would switch on the Authorization Code and Credentials Flow for the whole org (--allow-org-settings): ${SWITCH_SETUP_PATHS.codeCredentialsFlow}.`
        : `Switching on the Authorization Code and Credentials Flow for the whole org (--allow-org-settings): ${SWITCH_SETUP_PATHS.codeCredentialsFlow}.`,
    );
  }
  ctx.emit({ stage, state: 'start', ...(checkOnly ? { detail: 'validate only' } : {}) });
  const resumeId = request.resume?.deploy?.phase === phase ? request.resume.deploy.deployId : undefined;
  if (!checkOnly && resumeId === undefined) await journal?.submitting(phase);
  const files = [...found.components.filter((c) => c.phase === phase), ...(withSwitch ? [orgSwitchFile('codeCredentialsFlow', true)] : [])];
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
  if (report.status !== RequestStatus.Succeeded) {
    const data = { deployId: report.id, phase, problems: report.problems };
    if (rejectionLeavesPartial && !checkOnly) {
      throw cliError('DeployPartial', [label, `the app is deployed, but its policies were rejected (deploy ${report.id}):\n${problemLines(report)}`], { data });
    }
    throw cliError('DeployFailed', [`${phase}${checkOnly ? ' validation' : ''}`, `${report.id} (${report.status})`, problemLines(report)], { data });
  }
  ctx.emit({ stage, state: 'done', detail: report.id });
  await journal?.deployed(phase);
  return report;
};
