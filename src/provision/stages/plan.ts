/**
 * Stage 2, pure: what the run will do, from what preflight found. The one diff engine says what changes; a
 * phase none of whose components change is not deployed (a re-run with no change deploys nothing), unless the
 * org switch rides with the app or an earlier run's deploy of that phase is to be polled.
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
  /** The phases to deploy (or validate), in order. */
  readonly deploy: readonly DeployPhase[];
  /** What a dry run cannot validate, said in its outcome. */
  readonly notValidated: readonly string[];
};

export const plan = (found: Preflight, input: { dryRun: boolean; resume?: ResumePoint }): Plan => {
  const existed = found.state.components.some((c) => c.type === 'ExternalClientApplication');
  const changes = diffComponents(found.desired, found.state.components);
  const changedIn = (phase: DeployPhase): boolean =>
    found.components.some((c) => c.phase === phase && changes.some((row) => row.component === componentLabel(c)));
  if (input.dryRun) {
    const policies = existed || !changedIn('policies');
    return {
      existed,
      changes,
      checkOnly: true,
      deploy: policies ? ['app', 'policies'] : ['app'],
      notValidated: [
        ...(policies ? [] : ['The policies: Salesforce creates them with the app, so they can only be validated once the app exists.']),
        'Reading the credentials back: nothing is deployed in a dry run.',
      ],
    };
  }
  const resumed = input.resume?.deploy?.phase;
  const deployApp = resumed !== 'policies' && (changedIn('app') || found.orgSwitchOn || resumed === 'app');
  const deployPolicies = changedIn('policies') || resumed === 'policies';
  return {
    existed,
    changes,
    checkOnly: false,
    deploy: [...(deployApp ? (['app'] as const) : []), ...(deployPolicies ? (['policies'] as const) : [])],
    notValidated: [],
  };
};
