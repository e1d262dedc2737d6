/**
 * The secret-access switch (issue 12), each path on a child process running the shipped bundle against the loopback
 * org, with its fault injection and its onRequest hook as exact kill points. Every test checks what the org holds
 * afterwards (the setting), the durable record in the state folder, the exit code (cli-contract.md), no stack trace
 * and no secret in the output.
 *
 *   refusal (403 on the secret)            → exit 1, setting off, no record
 *   switch-on answer lost after applied    → exit 1, setting off, no record
 *   failed switch-off                      → exit 68 + secretAccessLeftOn, record kept; next run switches it off
 *   SIGINT / SIGTERM while on              → exit 130 / 143, setting off, no record
 *   SIGKILL while on                       → record kept, setting on; next run switches it off and says so
 *   two deploy runs at once                → both end with a contract code, setting off, no record
 *
 * The first describe runs against an org that refuses updateMetadata for ExternalClientAppSettings (loopback switch
 * settingsUpdateMetadata 'refuse'), so the switch goes through Settings deploys, the fallback; the second against
 * an org that takes it (the default, as documented), so the switch is one synchronous call each way.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { loggedInOrgs, noSecretIn, spawnCliChild, runCliChild, type CliRun, type LoggedInOrg } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
const orgs = loggedInOrgs('SECRET');
const SETUP_PATH = 'Setup → External Client App Settings';
const STACK = /\n\s+at .+:\d+:\d+/;

/** The org refuses the synchronous update: the switch falls back to Settings deploys, as before issue 14. */
const BY_DEPLOY = { orgSettings: { oAuthCdCrdtFlowEnable: true }, switches: { settingsUpdateMetadata: 'refuse' as const } };

const settingOn = (org: LoopbackOrg): boolean => org.settings().enableClientSecretInRestApiAccess;
const records = (orgId: string): string[] => {
  const dir = join(process.env.REN_ECA_STATE_DIR ?? '', 'secret-access');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(`${orgId}.`)) : [];
};
const deployArgs = (ctx: LoggedInOrg, name: string): string[] => ['deploy', '-o', ctx.alias, '--output', join(ctx.dir, `${name}.json`), '--json', ...FAST];
const json = (run: CliRun): Record<string, unknown> => JSON.parse(run.stdout) as Record<string, unknown>;
const clean = (ctx: LoggedInOrg, run: CliRun): void => {
  expect(STACK.test(run.stdout) || STACK.test(run.stderr), 'no stack trace').to.equal(false);
  expect(noSecretIn(ctx.org, run), 'no secret in the output').to.equal(true);
};

/** Calls `act` once, when the org has acted on the first secret read while the setting is on (before it answers). */
const whenSecretReadWhileOn = (org: LoopbackOrg, act: () => void): { fired: () => boolean } => {
  let fired = false;
  const stop = org.onRequest((e) => {
    if (!fired && e.kind === 'connect:credentials' && e.path.includes('part=keyandsecret') && settingOn(org)) {
      fired = true;
      stop();
      act();
    }
  });
  return { fired: () => fired };
};

describe('deploy: the secret-access switch is never left on, and the run says so (child process, bundle)', function () {
  this.timeout(90_000);
  after(() => orgs.stopAll());

  it('403 INSUFFICIENT_ACCESS on the secret after the switch-on: exit 1 SecretNotReadable, the setting is switched off, no record', async () => {
    const ctx = await orgs.setup(BY_DEPLOY);
    // Preflight checks the permission; an admin takes it away while the app deploys (the org then answers 403).
    let deploys = 0;
    ctx.org.onRequest((e) => {
      if (e.kind === 'soap:deploy' && ++deploys === 1) ctx.org.revokeUserPermission('ViewClientSecret');
    });
    const run = await runCliChild(deployArgs(ctx, 'refused'));
    expect(run.exitCode, run.stdout).to.equal(1);
    const doc = json(run);
    expect(doc.name).to.equal('SecretNotReadableError');
    expect(String(doc.message)).to.include('INSUFFICIENT_ACCESS').and.include('View Client Secret');
    expect(settingOn(ctx.org), 'switched off again').to.equal(false);
    expect(ctx.org.counts()['soap:deploy'], 'app and policies (one deploy), switch on, switch off').to.equal(3);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
    clean(ctx, run);
  });

  it('the switch-on answer is lost after the org applied it: the run switches it off anyway, exit 1, never "rejected"', async () => {
    const ctx = await orgs.setup(BY_DEPLOY);
    let deploys = 0;
    let appliedButLost = false;
    ctx.org.onRequest((e) => {
      if (e.kind === 'soap:deploy' && ++deploys === 2) ctx.org.faults.failCall('soap:checkDeployStatus', 'lostAnswer', 6);
      if (e.kind === 'soap:checkDeployStatus' && e.fault === 'lostAnswer' && settingOn(ctx.org)) appliedButLost = true;
    });
    const run = await runCliChild(deployArgs(ctx, 'lost'));
    expect(appliedButLost, 'the org applied the switch-on and its answer was lost').to.equal(true);
    expect(run.exitCode, run.stdout).to.equal(1);
    const doc = json(run);
    expect(doc.name).to.equal('SecretAccessNotSwitchedOnError');
    expect(String(doc.message)).to.include('switched off again').and.not.include('rejected');
    expect(settingOn(ctx.org), 'switched off').to.equal(false);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
    clean(ctx, run);
  });

  it('the switch-off fails: exit 68 with secretAccessLeftOn and the Setup path, the record stays; the next run switches it off and says so', async () => {
    const ctx = await orgs.setup(BY_DEPLOY);
    let deploys = 0;
    ctx.org.faults.failCall((c) => c.kind === 'soap:deploy' && ++deploys === 3, 'soapFault');
    const run = await runCliChild(deployArgs(ctx, 'leftOn'));
    expect(run.exitCode, run.stdout).to.equal(68);
    const doc = json(run) as { status: number; result: { secretAccessLeftOn?: boolean; settingsToggled?: unknown; handoffPath?: string }; warnings: string[] };
    expect(doc.status).to.equal(68);
    expect(doc.result.secretAccessLeftOn).to.equal(true);
    expect(doc.result.settingsToggled, 'never "switched off again"').to.equal(undefined);
    expect(doc.warnings.join('\n')).to.include('still switched ON').and.include(SETUP_PATH);
    expect(run.stdout).to.not.include('off again');
    expect(existsSync(join(ctx.dir, 'leftOn.json')), 'the credentials were read and handed over').to.equal(true);
    expect(settingOn(ctx.org), 'left on').to.equal(true);
    expect(records(ctx.org.orgId)).to.have.length(1);
    clean(ctx, run);

    const rerun = await runCliChild(deployArgs(ctx, 'leftOn'));
    expect(rerun.exitCode, rerun.stdout).to.equal(0);
    expect((json(rerun) as { warnings: string[] }).warnings.join('\n')).to.include('left on by an interrupted earlier run');
    expect(settingOn(ctx.org), 'the next run switched it off').to.equal(false);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
    clean(ctx, rerun);
  });

  it('the switch-off fails, as a human sees it: exit 68, "still switched ON" with the Setup path, never "switched off again"', async () => {
    const ctx = await orgs.setup(BY_DEPLOY);
    let deploys = 0;
    ctx.org.faults.failCall((c) => c.kind === 'soap:deploy' && ++deploys === 3, 'soapFault');
    const run = await runCliChild(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'human.json'), ...FAST]);
    expect(run.exitCode, run.stderr).to.equal(68);
    const all = run.stdout + run.stderr;
    expect(all).to.include('still switched ON').and.include(SETUP_PATH);
    expect(all, 'never claims it was switched off').to.not.match(/switched off again|off again/);
    expect(settingOn(ctx.org)).to.equal(true);
    clean(ctx, run);
  });

  for (const [signal, code, name] of [
    ['SIGINT', 130, 'InterruptedError'],
    ['SIGTERM', 143, 'TerminatedError'],
  ] as const) {
    it(`${signal} while the setting is on (at the secret read): the setting is switched off, then exit ${code}`, async () => {
      const ctx = await orgs.setup(BY_DEPLOY);
      const { child, done } = spawnCliChild(deployArgs(ctx, signal));
      const kill = whenSecretReadWhileOn(ctx.org, () => child.kill(signal));
      const run = await done;
      expect(kill.fired(), 'the signal landed while the setting was on').to.equal(true);
      expect(run.exitCode, run.stdout + run.stderr).to.equal(code);
      const doc = json(run);
      expect(doc.name).to.equal(name);
      expect(String(doc.message)).to.include('switched off again');
      expect(settingOn(ctx.org), 'switched off').to.equal(false);
      expect(records(ctx.org.orgId)).to.deep.equal([]);
      expect(existsSync(join(ctx.dir, `${signal}.json`)), 'no hand-off').to.equal(false);
      clean(ctx, run);
    });
  }

  it('SIGKILL while the setting is on: the record stays; the next run switches it off and says so', async () => {
    const ctx = await orgs.setup(BY_DEPLOY);
    const { child, done } = spawnCliChild(deployArgs(ctx, 'killed'));
    const kill = whenSecretReadWhileOn(ctx.org, () => child.kill('SIGKILL'));
    const killed = await done;
    expect(kill.fired()).to.equal(true);
    expect(killed.signal).to.equal('SIGKILL');
    expect(settingOn(ctx.org), 'left on by the killed run').to.equal(true);
    expect(records(ctx.org.orgId), 'the durable record').to.have.length(1);

    const rerun = await runCliChild(deployArgs(ctx, 'killed'));
    expect(rerun.exitCode, rerun.stdout).to.equal(0);
    expect((json(rerun) as { warnings: string[] }).warnings.join('\n')).to.include('left on by an interrupted earlier run');
    expect(settingOn(ctx.org), 'switched off by the next run').to.equal(false);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
    clean(ctx, rerun);
  });

  it('two deploy runs at once against one org: each ends with a contract exit code, the setting off, no record left', async () => {
    const ctx = await orgs.setup(BY_DEPLOY);
    const runs = await Promise.all([runCliChild(deployArgs(ctx, 'first')), runCliChild(deployArgs(ctx, 'second'))]);
    for (const run of runs) {
      expect([0, 1, 68], run.stdout).to.include(run.exitCode);
      clean(ctx, run);
    }
    expect(settingOn(ctx.org), 'off once both ended').to.equal(false);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
  });
});

describe('deploy: the secret-access switch through updateMetadata (org takes CRUD for the setting), never left on', function () {
  this.timeout(90_000);
  const byUpdate = loggedInOrgs('SECUPD');
  after(() => byUpdate.stopAll());
  const updates = (org: LoopbackOrg): number => org.counts()['soap:updateMetadata'] ?? 0;

  it('a first registration flips the setting with two synchronous calls and no Settings deploy: exit 0, setting off, no record', async () => {
    const ctx = await byUpdate.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    const run = await runCliChild(deployArgs(ctx, 'crud'));
    expect(run.exitCode, run.stdout).to.equal(0);
    expect(updates(ctx.org), 'switch on, switch off').to.equal(2);
    expect(ctx.org.counts()['soap:deploy'], 'the app and policies only (one deploy)').to.equal(1);
    expect(settingOn(ctx.org)).to.equal(false);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
    clean(ctx, run);
  });

  it('the switch-on answer is lost after the org applied it: the run switches it off anyway, exit 1, never "rejected"', async () => {
    const ctx = await byUpdate.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    ctx.org.faults.failCall('soap:updateMetadata', 'lostAnswer', 1);
    const run = await runCliChild(deployArgs(ctx, 'lost'));
    expect(run.exitCode, run.stdout).to.equal(1);
    const doc = json(run);
    expect(doc.name).to.equal('SecretAccessNotSwitchedOnError');
    expect(String(doc.message)).to.include('switched off again').and.not.include('rejected');
    expect(settingOn(ctx.org), 'switched off').to.equal(false);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
    clean(ctx, run);
  });

  it('the org faults the switch-off update: the same change goes through a Settings deploy, exit 0, setting off', async () => {
    const ctx = await byUpdate.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    let calls = 0;
    ctx.org.faults.failCall((c) => c.kind === 'soap:updateMetadata' && ++calls === 2, 'soapFault');
    const run = await runCliChild(deployArgs(ctx, 'fallback'));
    expect(run.exitCode, run.stdout).to.equal(0);
    expect(ctx.org.counts()['soap:deploy'], 'app and policies (one deploy), then the switch-off as a deploy').to.equal(2);
    expect(settingOn(ctx.org)).to.equal(false);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
    clean(ctx, run);
  });

  it('the switch-off fails both ways (update and fallback deploy): exit 68 with secretAccessLeftOn, the record stays; the next run switches it off', async () => {
    const ctx = await byUpdate.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true } });
    let calls = 0;
    ctx.org.faults.failCall((c) => c.kind === 'soap:updateMetadata' && ++calls === 2, 'soapFault');
    ctx.org.faults.failCall((c) => c.kind === 'soap:deploy' && calls >= 2, 'soapFault');
    const run = await runCliChild(deployArgs(ctx, 'leftOn'));
    expect(run.exitCode, run.stdout).to.equal(68);
    const doc = json(run) as { result: { secretAccessLeftOn?: boolean }; warnings: string[] };
    expect(doc.result.secretAccessLeftOn).to.equal(true);
    expect(doc.warnings.join('\n')).to.include('still switched ON').and.include(SETUP_PATH);
    expect(settingOn(ctx.org), 'left on').to.equal(true);
    expect(records(ctx.org.orgId)).to.have.length(1);
    clean(ctx, run);
    const rerun = await runCliChild(deployArgs(ctx, 'leftOn'));
    expect(rerun.exitCode, rerun.stdout).to.equal(0);
    expect(settingOn(ctx.org), 'the next run switched it off').to.equal(false);
    expect(records(ctx.org.orgId)).to.deep.equal([]);
  });

  it("an org that answers the update with a SOAP fault (switch 'fault'): both flips go through Settings deploys, exit 0", async () => {
    const ctx = await byUpdate.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true }, switches: { settingsUpdateMetadata: 'fault' } });
    const run = await runCliChild(deployArgs(ctx, 'faulted'));
    expect(run.exitCode, run.stdout).to.equal(0);
    expect(updates(ctx.org), 'asked once; the run then deploys directly').to.equal(1);
    expect(ctx.org.counts()['soap:deploy'], 'app and policies (one deploy), switch on, switch off').to.equal(3);
    expect(settingOn(ctx.org)).to.equal(false);
    clean(ctx, run);
  });
});
