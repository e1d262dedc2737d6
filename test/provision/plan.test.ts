/**
 * The plan (pure): which deploys a run sends. One deploy of all five parts whenever both the app's parts and its
 * policies change; two (app, then policies) only for a new app in an org known to refuse that; an earlier run's
 * deploy is polled in the shape it was submitted.
 */
import { expect } from 'chai';
import { loadRegistration } from '../../src/registration/loadRegistration.js';
import { parseEcaComponentXml, renderRegistration, type RenderedComponent } from '../../src/render/index.js';
import { plan, twoStep, type PlanInput } from '../../src/provision/stages/plan.js';
import type { Preflight } from '../../src/provision/stages/preflight.js';
import type { DeployPhase } from '../../src/provision/index.js';

const APP_TYPES = new Set(['ExternalClientApplication', 'ExtlClntAppOauthSettings', 'ExtlClntAppGlobalOauthSettings']);

describe('plan: one deploy or two', () => {
  let components: readonly RenderedComponent[] = [];
  before(async () => {
    components = renderRegistration(await loadRegistration({}), { apiVersion: '66.0' }).components;
  });
  const parse = (c: RenderedComponent, contents = c.contents) => parseEcaComponentXml(contents, c.relativePath);
  /** What preflight found: the org holds `held` (each rendered component, its label changed where `changed` says). */
  const found = (held: 'nothing' | { changed: 'none' | 'app' | 'policies' | 'both' }): Preflight => {
    const differs = (c: RenderedComponent): boolean =>
      held !== 'nothing' && (held.changed === 'both' || (held.changed === 'app' ? APP_TYPES.has(c.type) : held.changed === 'policies' && !APP_TYPES.has(c.type)));
    return {
      apiVersion: '66.0',
      components,
      desired: components.map((c) => parse(c)),
      state: {
        components: held === 'nothing' ? [] : components.map((c) => parse(c, differs(c) ? c.contents.replace(/<label>[^<]*<\/label>/, '<label>Changed in Setup</label>') : c.contents)),
        switches: { codeCredentialsFlow: true, secretsViaRest: false },
      },
      adoptedParts: [],
      orgSwitchOn: false,
    };
  };
  const deploys = (f: Preflight, input: Partial<PlanInput> = {}): readonly DeployPhase[] => plan(f, { dryRun: false, policiesWithNewApp: true, ...input }).deploy;

  it('a new app: all five parts in one deploy; in two where the org (or the rollout) refuses that', () => {
    expect(deploys(found('nothing'))).to.deep.equal(['app+policies']);
    expect(deploys(found('nothing'), { policiesWithNewApp: false })).to.deep.equal(['app', 'policies']);
  });

  it('an existing app: only what changed, the app and its policies together whatever the org said of new apps', () => {
    expect(deploys(found({ changed: 'none' }))).to.deep.equal([]);
    expect(deploys(found({ changed: 'app' }))).to.deep.equal(['app']);
    expect(deploys(found({ changed: 'policies' }))).to.deep.equal(['policies']);
    expect(deploys(found({ changed: 'both' }), { policiesWithNewApp: false })).to.deep.equal(['app+policies']);
  });

  it("an earlier run's deploy is polled in its own shape; the policies follow an app-only one", () => {
    const resume = (phase: DeployPhase) => ({ resume: { deploy: { deployId: '0Af000000000001AAA', phase } } });
    expect(deploys(found({ changed: 'none' }), resume('app+policies'))).to.deep.equal(['app+policies']);
    expect(deploys(found('nothing'), resume('app'))).to.deep.equal(['app', 'policies']);
    expect(deploys(found({ changed: 'none' }), resume('app'))).to.deep.equal(['app']);
    expect(deploys(found({ changed: 'app' }), resume('policies'))).to.deep.equal(['policies']);
  });

  it('a dry run validates all five parts at once; where the org refuses that, the app alone, saying the policies were not validated', () => {
    const dry = plan(found('nothing'), { dryRun: true, policiesWithNewApp: true });
    expect(dry).to.include({ checkOnly: true });
    expect(dry.deploy).to.deep.equal(['app+policies']);
    expect(dry.notValidated.join(' ')).not.to.include('policies');
    const narrowed = twoStep(dry);
    expect(narrowed.deploy).to.deep.equal(['app']);
    expect(narrowed.notValidated.join(' ')).to.include('policies');
    expect(plan(found('nothing'), { dryRun: true, policiesWithNewApp: false }).deploy).to.deep.equal(['app']);
  });

  it('twoStep of a real run: the app, then the policies', () => {
    expect(twoStep(plan(found('nothing'), { dryRun: false, policiesWithNewApp: true })).deploy).to.deep.equal(['app', 'policies']);
  });
});
