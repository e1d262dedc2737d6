/**
 * deploy end to end against the loopback org, for what happens to an org between runs or mid-run:
 * a profile deleted after preflight (exit 1 with the org rolled back, or exit 68 where the org needs two deploys; then
 * a re-run after the fix completes), a revoked login,
 * an org nobody answers for, and a resumed deploy that is polled rather than submitted again.
 * Each checks exit code, the message and its fix, the org's state, no hand-off file and no secret in output.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { SfError } from '@salesforce/core/sfError';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { provision } from '../../src/provision/index.js';
import { loadRegistration } from '../../src/registration/loadRegistration.js';
import { defaultSecretAccessRecords, secretAccessLeftByEarlierRun } from '../../src/provision/secretReadback.js';
import { loggedInOrgs, noSecretIn, runCliInProcess } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
const orgs = loggedInOrgs('FAULTS');
const setup = orgs.setup;
const ecaHeld = (org: LoopbackOrg): string[] => org.components().filter((c) => c.type !== 'Settings').map((c) => c.type);

describe('deploy: what happens to the org between and during runs (end to end)', function () {
  this.timeout(60_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('a profile deleted after preflight: the org refuses the whole deploy and rolls it back (exit 1, org unchanged); a re-run after the fix completes', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    // An admin deletes the profile just as the deploy arrives: the org's own validation then refuses the policies.
    ctx.org.faults.failCall((c) => {
      if (c.kind === 'soap:deploy') ctx.org.deleteProfile('Sales');
      return false;
    }, 'drop');
    const out = join(ctx.dir, 'refused.json');
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--json', ...FAST]);
    expect(run.exitCode, run.stdout).to.equal(1);
    const doc = JSON.parse(run.stdout) as { name: string; message: string; actions: string[]; data: { phase: string; deployId: string; leftChanged?: string[]; apiCalls: Record<string, number> } };
    expect(doc.name).to.equal('DeployFailedError');
    expect(doc.message).to.include('Sales').and.include('rolled it back');
    expect(doc.data.phase).to.equal('app+policies');
    expect(doc.data.deployId).to.match(/^0Af/);
    expect(doc.data.leftChanged, 'nothing left changed').to.equal(undefined);
    expect(doc.data.apiCalls['soap:deploy'], 'not retried in two steps: the refusal is not about order').to.equal(1);
    expect(ecaHeld(ctx.org), 'the org rolled the deploy back').to.deep.equal([]);
    expect(existsSync(out), 'no hand-off file').to.equal(false);
    expect(noSecretIn(ctx.org, run), 'no secret').to.equal(true);

    const overrides = join(ctx.dir, 'overrides.json');
    writeFileSync(overrides, JSON.stringify({ profiles: ['Standard User'] }));
    const rerun = await runCliInProcess(['deploy', '-o', ctx.alias, '--overrides', overrides, '--output', out, '--json', ...FAST]);
    expect(rerun.exitCode, rerun.stdout).to.equal(0);
    expect((JSON.parse(rerun.stdout) as { result: { status: string } }).result.status).to.equal('created');
    expect(ctx.org.components().find((c) => c.type === 'ExtlClntAppOauthConfigurablePolicies')?.fields.commaSeparatedProfile).to.equal('Standard User');
    expect(existsSync(out)).to.equal(true);
  });

  it("in two steps (an org that takes policies only once their app exists): the app deploys, the org rejects the policies (exit 68); a re-run after the fix completes", async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true }, switches: { policiesWithAppInSameDeploy: 'refuse' } });
    let deploys = 0;
    // Deploy 1 (all five) is refused for order, deploy 2 is the app; the profile goes as the policies deploy arrives.
    ctx.org.faults.failCall((c) => {
      if (c.kind === 'soap:deploy' && ++deploys === 3) ctx.org.deleteProfile('Sales');
      return false;
    }, 'drop');
    const out = join(ctx.dir, 'partial.json');
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--json', ...FAST]);
    expect(run.exitCode, run.stdout).to.equal(68);
    const doc = JSON.parse(run.stdout) as { name: string; message: string; actions: string[]; data: { phase: string; deployId: string; apiCalls: Record<string, number> } };
    expect(doc.name).to.equal('DeployPartialError');
    expect(doc.message).to.include('Sales').and.include('the app is deployed');
    expect(doc.actions.join(' ')).to.include('rerun the same command');
    expect(doc.data.phase).to.equal('policies');
    expect(doc.data.deployId).to.match(/^0Af/);
    expect(doc.data.apiCalls['soap:deploy']).to.equal(3);
    // Salesforce rolled back the policies deploy; the app (and the policies it created with defaults) stand.
    expect(ecaHeld(ctx.org)).to.include('ExternalClientApplication');
    const oauthPolicy = ctx.org.components().find((c) => c.type === 'ExtlClntAppOauthConfigurablePolicies');
    expect(oauthPolicy?.fields.commaSeparatedProfile ?? '', 'the rejected profile was not stored').to.not.include('Sales');
    expect(existsSync(out), 'no hand-off file').to.equal(false);
    expect(noSecretIn(ctx.org, run), 'no secret').to.equal(true);

    // The fix: name a profile the org has. The app exists now, so its policies go in the same deploy as its changes.
    const overrides = join(ctx.dir, 'overrides.json');
    writeFileSync(overrides, JSON.stringify({ profiles: ['Standard User'] }));
    const rerun = await runCliInProcess(['deploy', '-o', ctx.alias, '--overrides', overrides, '--output', out, '--json', ...FAST]);
    expect(rerun.exitCode, rerun.stdout).to.equal(0);
    expect((JSON.parse(rerun.stdout) as { result: { status: string } }).result.status).to.equal('updated');
    expect(ctx.org.components().find((c) => c.type === 'ExtlClntAppOauthConfigurablePolicies')?.fields.commaSeparatedProfile).to.equal('Standard User');
    expect(existsSync(out)).to.equal(true);
    expect(noSecretIn(ctx.org, rerun), 'no secret').to.equal(true);
  });

  it('a revoked login (the token endpoint answers invalid_grant): exit 1 naming the sf org login command, nothing changed', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    ctx.org.revokeRefreshToken();
    const out = join(ctx.dir, 'expired.json');
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', out, '--json', ...FAST]);
    expect(run.exitCode, run.stdout).to.equal(1);
    const doc = JSON.parse(run.stdout) as { name: string; message: string; actions: string[] };
    expect(doc.name).to.equal('ExpiredLoginError');
    expect(doc.actions.join(' ')).to.include(`sf org login web --alias ${ctx.alias} --instance-url ${ctx.org.instanceUrl}`);
    expect(ctx.org.counts()['soap:deploy'] ?? 0).to.equal(0);
    expect(ecaHeld(ctx.org)).to.deep.equal([]);
    expect(existsSync(out)).to.equal(false);
  });

  it('an org nobody answers for (nothing listens on its port): exit 1 fast, saying so with the fix', async () => {
    const ctx = await setup();
    await ctx.org.stop();
    const started = Date.now();
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'down.json'), '--json', ...FAST]);
    const seconds = (Date.now() - started) / 1000;
    expect(run.exitCode, run.stdout).to.equal(1);
    const doc = JSON.parse(run.stdout) as { name: string; message: string; actions: string[] };
    expect(doc.name).to.equal('OrgUnreachableError');
    expect(doc.message).to.include(ctx.org.instanceUrl).and.include('ECONNREFUSED');
    expect(doc.actions.join(' ')).to.include(`sf org login web --alias ${ctx.alias}`);
    // jsforce retries GETs on ECONNREFUSED for ~15 s; the first call must not wait for that.
    expect(seconds, 'fails fast').to.be.lessThan(5);
    expect(existsSync(join(ctx.dir, 'down.json'))).to.equal(false);
  });

  it('a resumed deploy is polled, not submitted again (provision with resume { deployId, phase })', async () => {
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true }, faults: { neverFinishDeploys: true } });
    const registration = await loadRegistration({});
    const options = { dryRun: false, waitMinutes: 0.01, allowOrgSettings: false, pollIntervalMs: 10, outputPath: join(ctx.dir, 'resumed.json') };
    const submitted: string[] = [];
    const first = await provision({ targetOrg: ctx.alias,
      registration,
      options,
      onEvent: (e) => {
        if (e.state === 'submitted') submitted.push(e.deployId);
      },
    }).then(
      () => undefined,
      (e: unknown) => e as SfError,
    );
    expect(first?.exitCode).to.equal(69);
    const { deployId, phase } = first?.data as { deployId: string; phase: 'app+policies' };
    expect(phase).to.equal('app+policies');
    expect(submitted).to.deep.equal([deployId]);

    // A status poll of the first run can still be in flight when its --wait ran out; let it land first, or it
    // would finish the deploy before the resumed run starts (and the resumed run would rightly say 'updated').
    for (let seen = -1; seen !== ctx.org.requests.length; ) {
      seen = ctx.org.requests.length;
      await new Promise((r) => setTimeout(r, 150));
    }
    ctx.org.faults.neverFinishDeploys = false; // the org finishes it in its own time
    ctx.org.resetLog();
    const outcome = await provision({ targetOrg: ctx.alias, registration, options: { ...options, waitMinutes: 1 }, resume: { deploy: { deployId, phase } } });
    expect(outcome.status).to.equal('created');
    const deploys = ctx.org.requests.filter((r) => r.kind === 'soap:deploy');
    // No new deploy: the one deploy of all five parts was polled by its id.
    expect(deploys).to.have.length(0);
    expect(ctx.org.counts()['soap:checkDeployStatus'] ?? 0, 'the earlier deploy polled').to.be.greaterThanOrEqual(1);
    expect(ecaHeld(ctx.org)).to.include('ExternalClientApplication');
    expect(existsSync(options.outputPath)).to.equal(true);
  });

  it('secret-access toggle: "on" is told before the switch-on deploy, "restored" after the switch-off; a record left by a crashed run makes the next run restore it', async () => {
    // An org that refuses updateMetadata for the setting: the switch goes through Settings deploys (secretAccess.test.ts
    // covers the synchronous update).
    const ctx = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true }, switches: { settingsUpdateMetadata: 'refuse' } });
    const registration = await loadRegistration({});
    const options = { dryRun: false, waitMinutes: 1, allowOrgSettings: false, pollIntervalMs: 10, outputPath: join(ctx.dir, 'toggle.json') };
    const seen: { state: string; deploysSoFar: number; settingOn: boolean }[] = [];
    await provision({ targetOrg: ctx.alias,
      registration,
      options,
      onEvent: (e) => {
        if (e.state === 'secret-access-on' || e.state === 'secret-access-restored') {
          seen.push({ state: e.state, deploysSoFar: ctx.org.counts()['soap:deploy'] ?? 0, settingOn: ctx.org.settings().enableClientSecretInRestApiAccess });
        }
      },
    });
    // app and policies deployed (one deploy), then: told "on" before the switch-on deploy (2nd), "restored" after the switch-off (3rd).
    expect(seen).to.deep.equal([
      { state: 'secret-access-on', deploysSoFar: 1, settingOn: false },
      { state: 'secret-access-restored', deploysSoFar: 3, settingOn: false },
    ]);

    // A run that died between the two left the setting on and its record in the state folder; the next run finds
    // the record and puts the setting back off.
    const crashed = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    defaultSecretAccessRecords().hold(crashed.org.orgId);
    const events: string[] = [];
    const outcome = await provision({ targetOrg: crashed.alias,
      registration,
      options: { ...options, outputPath: join(crashed.dir, 'resumed-toggle.json') },
      onEvent: (e) => events.push(e.state === 'warning' ? `warning: ${e.message}` : e.state),
    });
    expect(crashed.org.settings().enableClientSecretInRestApiAccess, 'switched back off').to.equal(false);
    expect(events).to.include('secret-access-restored');
    expect(events.some((e) => e.startsWith('warning: REST access to consumer secrets was left on'))).to.equal(true);
    expect(outcome.settingsToggled).to.deep.equal(['enableClientSecretInRestApiAccess']);
    expect(existsSync(join(crashed.dir, 'resumed-toggle.json'))).to.equal(true);

    expect(await secretAccessLeftByEarlierRun(crashed.org.orgId), 'record removed once off').to.equal(false);

    // Without a record, a setting found on is the admin's choice and stays on.
    const chosen = await setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } });
    await provision({ targetOrg: chosen.alias, registration, options: { ...options, outputPath: join(chosen.dir, 'kept.json') } });
    expect(chosen.org.settings().enableClientSecretInRestApiAccess).to.equal(true);
  });
});
