/**
 * Stage 2, pure: what the run will do, from what preflight found. The one diff engine says what changes; parts none
 * of whose components change are not deployed (a re-run with no change deploys nothing), unless an earlier run's
 * deploy is to be polled. When both the app's parts and its policies change they go in ONE deploy (`app+policies`);
 * where the org refuses policies in the same deploy as their new app, the pipeline falls back to `two-step` below
 * (DeployPhase in ../index.ts says why). The org switch is its own step (stages/orgSwitch.ts).
 */
import { componentLabel, diffComponents, type DiffRow } from '../../render/index.js';
import type { DeployPhase, ResumePoint } from '../index.js';
import type { Preflight } from './preflight.js';

export type Plan = {
  /** The org held Ren's app before this run. */
  readonly existed: boolean;
  readonly changes: readonly DiffRow[];
  /** Validate only (a dry run). */
  readonly checkOnly: boolean;
  /** The deploys (or validations), in order. */
  readonly deploy: readonly DeployPhase[];
  /** What a dry run cannot validate, said in its outcome. */
  readonly notValidated: readonly string[];
};

/** The parts of the registration each deploy carries (the renderer tags every component `app` or `policies`). */
export const PARTS_OF_DEPLOY: Readonly<Record<DeployPhase, readonly ('app' | 'policies')[]>> = {
  app: ['app'],
  policies: ['policies'],
  'app+policies': ['app', 'policies'],
};

const CREDENTIALS_NOT_READ = 'Reading the credentials back: nothing is deployed in a dry run.';
const POLICIES_NOT_VALIDATED = 'The policies: this org takes them only once the app exists (Salesforce creates them with the app), so a dry run cannot validate them.';

export type PlanInput = {
  readonly dryRun: boolean;
  readonly resume?: ResumePoint;
  /** false: the org (or another org of the rollout) refused policies in the same deploy as their new app. */
  readonly policiesWithNewApp: boolean;
};

export const plan = (found: Preflight, input: PlanInput): Plan => {
  const existed = found.state.components.some((c) => c.type === 'ExternalClientApplication');
  const changes = diffComponents(found.desired, found.state.components);
  const changedIn = (part: 'app' | 'policies'): boolean =>
    found.components.some((c) => c.phase === part && changes.some((row) => row.component === componentLabel(c)));
  const base = { existed, changes };
  const together = existed || input.policiesWithNewApp;
  // A dry run validates all five parts in one check-only deploy (twoStep() narrows it if the org refuses that).
  if (input.dryRun) {
    const dry: Plan = { ...base, checkOnly: true, deploy: ['app+policies'], notValidated: [CREDENTIALS_NOT_READ] };
    return together ? dry : twoStep(dry);
  }
  const resumed = input.resume?.deploy?.phase;
  const app = changedIn('app') || resumed === 'app';
  const policies = changedIn('policies') || resumed === 'policies';
  // An earlier run's deploy is polled in the shape it was submitted; the policies follow an app-only one.
  const deploy: DeployPhase[] =
    resumed === 'app+policies' ? ['app+policies']
    : resumed === 'policies' ? ['policies']
    : app && policies && resumed === undefined && together ? ['app+policies']
    : [...(app ? (['app'] as const) : []), ...(policies ? (['policies'] as const) : [])];
  return { ...base, checkOnly: false, deploy, notValidated: [] };
};

/**
 * The plan once the org has refused the policies in the same deploy as their new app (nothing changed): the app
 * first, then the policies; a dry run can then validate only the app.
 */
export const twoStep = (planned: Plan): Plan =>
  planned.checkOnly
    ? { ...planned, deploy: ['app'], notValidated: [POLICIES_NOT_VALIDATED, ...planned.notValidated] }
    : { ...planned, deploy: ['app', 'policies'] };
