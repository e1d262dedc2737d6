import { chmod, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runRollout, type RolloutOptions } from '../../src/fleet/runRollout.js';
import { DEFAULT_WAIT_MINUTES } from '../../src/cli/defaults.js';
import { deployStatusOf } from '../../src/salesforce/deployStatus.js';
import { StateStore } from '../../src/fleet/stateStore.js';
import { parseReport } from '../../src/fleet/report.js';
import { fakeFleet } from './fakeFleet.js';
import { aliasesFor, csvFor, tenantIds, workspace, type Workspace } from './helpers.js';

const noWait = { maxRetries: 3, baseMs: 1, maxMs: 2 };

describe('rollout run (scheduling, state, resume) with a stand-in for the single-org provisioning', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(() => ws.cleanup());

  const options = (tenantsPath: string, extra: Partial<RolloutOptions> = {}): RolloutOptions => ({
    tenantsPath,
    concurrency: 3,
    dryRun: false,
    stateDir: ws.stateDir,
    outputDir: ws.outputDir,
    backoff: noWait,
    waitMinutes: DEFAULT_WAIT_MINUTES,
    ...extra,
  });

  it('provisions every tenant with at most --concurrency orgs in flight, writing hand-offs, state and a report', async () => {
    const ids = tenantIds(10);
    const fleet = fakeFleet(aliasesFor(ids));
    for (const id of ids) fleet.behaviour.set(`admin@${id}.example.com`, { delayMs: 20 });
    const result = await runRollout(options(await ws.file('tenants.csv', csvFor(ids))), fleet.deps);

    expect(fleet.maxInFlight()).to.equal(3);
    expect(result.summary).to.include({ total: 10, succeeded: 10, failed: 0, exitCode: 0 });
    expect(result.tenants.map((t) => t.status)).to.deep.equal(Array(10).fill('created'));
    expect((await stat(ws.outputDir)).mode & 0o777).to.equal(0o700);
    const handoffs = (await readdir(ws.outputDir)).sort();
    expect(handoffs).to.deep.equal(ids.map((id) => `${id}.json`));
    for (const h of handoffs) expect((await stat(join(ws.outputDir, h))).mode & 0o777).to.equal(0o600);
    const report = parseReport(await readFile(result.reportPath, 'utf8'), 'report');
    expect(report.map((r) => [r.tenant, r.status, r.exitCode, r.apiCallsTotal])).to.deep.equal(ids.map((id) => [id, 'created', 0, 3]));
    const state = await new StateStore(ws.stateDir).load('t01');
    expect(state?.step).to.equal('done');
    expect(state?.history.map((h) => h.step)).to.deep.equal(['preflight', 'deploy-submitted', 'deployed', 'credentials-written', 'done']);
  });

  it('keeps going when tenants fail, exits 68, and a re-run after the fix touches only the failed tenants', async () => {
    const ids = tenantIds(5);
    const fleet = fakeFleet(aliasesFor(ids));
    fleet.behaviour.set('admin@t02.example.com', { failPreflight: 'Profile "Sales" does not exist in this org.' });
    fleet.behaviour.set('admin@t04.example.com', { failDeploy: 'ExtlClntAppOauthSettings: invalid callback URL' });
    const path = await ws.file('tenants.csv', csvFor(ids));

    const first = await runRollout(options(path), fleet.deps);
    expect(first.tenants.map((t) => [t.tenant, t.status, t.exitCode])).to.deep.equal([
      ['t01', 'created', 0],
      ['t02', 'failed', 1],
      ['t03', 'created', 0],
      ['t04', 'failed', 1],
      ['t05', 'created', 0],
    ]);
    expect(first.summary.exitCode).to.equal(68);
    expect(first.tenants[1]?.error).to.deep.equal({ name: 'PreflightFailedError', message: 'Profile "Sales" does not exist in this org.', actions: ['Create the profile in the org.'] });

    fleet.behaviour.clear();
    fleet.touched.length = 0;
    const second = await runRollout(options(path), fleet.deps);
    expect(fleet.touched.sort()).to.deep.equal(['admin@t02.example.com', 'admin@t04.example.com']);
    expect(second.summary).to.include({ total: 5, succeeded: 5, reused: 3, exitCode: 0 });
    // t04's failed deploy is not polled again: the retry starts over with a new deploy.
    expect(fleet.log('admin@t04.example.com').resumedFrom).to.deep.equal([undefined, undefined]);
    expect(second.tenants.find((t) => t.tenant === 't02')?.attempts).to.equal(2);
  });

  it('re-runs a done tenant whose hand-off file is gone, holds another org, or is not where --output-dir now points', async () => {
    const ids = tenantIds(4);
    const fleet = fakeFleet(aliasesFor(ids));
    const path = await ws.file('tenants.csv', csvFor(ids));
    expect((await runRollout(options(path), fleet.deps)).summary.exitCode).to.equal(0);
    await rm(join(ws.outputDir, 't02.json'));
    await writeFile(join(ws.outputDir, 't03.json'), JSON.stringify({ orgId: '00D000000000999AAA', consumerKey: '3MVGother' }));
    await writeFile(join(ws.outputDir, 't04.json'), 'not a hand-off');
    fleet.touched.length = 0;
    const second = await runRollout(options(path), fleet.deps);
    expect(fleet.touched.sort()).to.deep.equal(['admin@t02.example.com', 'admin@t03.example.com', 'admin@t04.example.com']);
    expect(second.tenants.map((t) => [t.tenant, t.reused])).to.deep.equal([['t01', true], ['t02', false], ['t03', false], ['t04', false]]);
    for (const id of ['t02', 't03', 't04']) {
      const file = JSON.parse(await readFile(join(ws.outputDir, `${id}.json`), 'utf8')) as { orgId?: string };
      expect(file.orgId, id).to.equal('00D000000000001AAA');
    }

    fleet.touched.length = 0;
    const moved = join(ws.dir, 'new-output');
    const third = await runRollout(options(path, { outputDir: moved }), fleet.deps);
    expect(fleet.touched).to.have.length(4);
    expect(third.tenants.every((t) => !t.reused)).to.equal(true);
    expect((await readdir(moved)).sort()).to.deep.equal(ids.map((id) => `${id}.json`));
  });

  it('refuses a world-writable or symlinked --output-dir before any tenant runs (exit 2, no state written)', async () => {
    const fleet = fakeFleet(aliasesFor(['t01']));
    const path = await ws.file('tenants.csv', csvFor(['t01']));
    const open = join(ws.dir, 'open');
    await mkdir(open);
    await chmod(open, 0o777);
    const linked = join(ws.dir, 'linked');
    await symlink(ws.outputDir, linked).catch(async () => {
      await mkdir(ws.outputDir, { recursive: true });
      await symlink(ws.outputDir, linked);
    });
    for (const [dir, why] of [[open, /writable by every user/], [linked, /symbolic link/]] as const) {
      const err = await runRollout(options(path, { outputDir: dir }), fleet.deps).then(
        () => undefined,
        (e: unknown) => e as { name: string; exitCode: number; message: string },
      );
      expect(err, dir).to.include({ name: 'HandoffTargetRefusedError', exitCode: 2 });
      expect(err?.message).to.match(why);
    }
    expect(fleet.touched).to.deep.equal([]);
    expect(await readdir(open)).to.deep.equal([]);
    expect(await new StateStore(ws.stateDir).load('t01')).to.equal(undefined);
  });

  it('continues a deploy that was still running instead of submitting another (exit 69, then done)', async () => {
    const fleet = fakeFleet(aliasesFor(['t01']));
    fleet.behaviour.set('admin@t01.example.com', { stillRunningTimes: 1 });
    const path = await ws.file('tenants.csv', csvFor(['t01']));
    const first = await runRollout(options(path), fleet.deps);
    expect(first.summary.exitCode).to.equal(69);
    expect(first.tenants[0]?.status).to.equal('still-running');
    const second = await runRollout(options(path), fleet.deps);
    expect(second.summary.exitCode).to.equal(0);
    const log = fleet.log('admin@t01.example.com');
    expect(log.deploysSubmitted).to.have.length(1);
    expect(log.resumedFrom).to.deep.equal([undefined, log.deploysSubmitted[0]]);
  });

  it('resumes a tenant whose run was killed after the deploy was submitted, by polling that deploy', async () => {
    const fleet = fakeFleet(aliasesFor(['t01', 't02']));
    const path = await ws.file('tenants.csv', csvFor(['t01', 't02']));
    await runRollout(options(path), fleet.deps);
    // What a kill -9 right after the submit leaves: the state says deploy-submitted, no result.
    const store = new StateStore(ws.stateDir);
    const done = await store.load('t02');
    const deployId = fleet.log('admin@t02.example.com').deploysSubmitted[0] as string;
    await store.save({ ...done!, step: 'deploy-submitted', deploy: { deployId, phase: 'app' }, result: undefined });

    const again = await runRollout(options(path), fleet.deps);
    expect(again.tenants.map((t) => [t.tenant, t.status, t.reused])).to.deep.equal([
      ['t01', 'created', true],
      ['t02', 'unchanged', false],
    ]);
    expect(fleet.log('admin@t02.example.com').deploysSubmitted).to.have.length(1);
    expect(fleet.log('admin@t02.example.com').resumedFrom).to.deep.equal([undefined, deployId]);
  });

  it('a run that died with secret access switched on: the next run switches it off (provisioning keeps the record; the rollout state holds no copy)', async () => {
    const fleet = fakeFleet(aliasesFor(['t01', 't02']));
    const org = 'admin@t01.example.com';
    fleet.behaviour.set(org, { secretAccessOff: true, dieWithSecretAccessOnTimes: 1 });
    fleet.behaviour.set('admin@t02.example.com', { secretAccessOff: true });
    const path = await ws.file('tenants.csv', csvFor(['t01', 't02']));
    const noCopy = async (): Promise<string[]> => (await readdir(join(ws.stateDir, 'tenants'))).filter((n) => n.includes('secret-access'));

    const first = await runRollout(options(path), fleet.deps);
    expect(first.tenants.map((t) => [t.tenant, t.status])).to.deep.equal([['t01', 'failed'], ['t02', 'created']]);
    expect(fleet.secretAccessOn(org), 'left on by the run that died').to.equal(true);
    expect(await noCopy(), 'no second copy of the record in the rollout state').to.deep.equal([]);
    expect(fleet.secretAccessOn('admin@t02.example.com'), 'the other org was switched back off in its own run').to.equal(false);

    const second = await runRollout(options(path), fleet.deps);
    expect(second.summary.exitCode).to.equal(0);
    expect(fleet.log(org).secretAccessHints, 'the record is found by the run after the one that died, only').to.deep.equal([false, true]);
    expect(fleet.log('admin@t02.example.com').secretAccessHints).to.deep.equal([false]);
    expect(fleet.secretAccessOn(org), 'switched back off after the read-back').to.equal(false);
    expect(await noCopy()).to.deep.equal([]);
    expect((await stat(join(ws.outputDir, 't01.json'))).mode & 0o777).to.equal(0o600);
  });

  it('backs off on REQUEST_LIMIT_EXCEEDED and reports the back-offs; gives up after the bound', async () => {
    const fleet = fakeFleet(aliasesFor(['t01', 't02']));
    fleet.behaviour.set('admin@t01.example.com', { requestLimitTimes: 2 });
    fleet.behaviour.set('admin@t02.example.com', { requestLimitTimes: 10 });
    const result = await runRollout(options(await ws.file('tenants.csv', csvFor(['t01', 't02']))), fleet.deps);
    expect(result.tenants.map((t) => [t.tenant, t.status, t.backoffs])).to.deep.equal([
      ['t01', 'created', 2],
      ['t02', 'failed', 3],
    ]);
    expect(fleet.log('admin@t02.example.com').runs).to.equal(4);
    expect(result.tenants[1]?.error?.message).to.contain('REQUEST_LIMIT_EXCEEDED');
  });

  it('re-runs finished tenants with --force, and re-runs just the tenant whose settings changed', async () => {
    const ids = tenantIds(3);
    const fleet = fakeFleet(aliasesFor(ids));
    await runRollout(options(await ws.file('tenants.csv', csvFor(ids))), fleet.deps);
    fleet.touched.length = 0;
    await runRollout(options(await ws.file('tenants.csv', csvFor(ids, (id) => (id === 't02' ? 'Sales;Support' : '')))), fleet.deps);
    expect(fleet.touched).to.deep.equal(['admin@t02.example.com']);
    fleet.touched.length = 0;
    const forced = await runRollout(options(join(ws.dir, 'tenants.csv'), { force: true }), fleet.deps);
    expect(fleet.touched.sort()).to.deep.equal(ids.map((id) => `admin@${id}.example.com`));
    expect(forced.tenants.map((t) => t.status)).to.deep.equal(['unchanged', 'unchanged', 'unchanged']);
  });

  it('reports every bad row together, exit 2, before any org is touched', async () => {
    const fleet = fakeFleet(aliasesFor(['t01', 't02']));
    const csv = [
      'tenant,org,profiles,callbackUrls',
      't01,org-t01,Sales,',
      't02,org-nobody,Sales,',
      't01,org-t02,,',
      'bad id,org-t02,,http://insecure.example.com',
      't05,org-t01,Nobody,',
    ].join('\n');
    const err = await runRollout(options(await ws.file('tenants.csv', csv)), fleet.deps).then(
      () => undefined,
      (e: unknown) => e as { name: string; message: string; exitCode: number },
    );
    expect(err?.name).to.equal('TenantsInvalidError');
    expect(err?.exitCode).to.equal(2);
    const lines = (err?.message ?? '').split('\n').filter((l) => l.startsWith('  - '));
    expect(lines.map((l) => l.replace(/:.*/, ''))).to.have.members([
      '  - line 5 (bad id)', // bad id
      '  - line 5 (bad id)', // http callback
      '  - line 4 (t01)', // duplicate id
      '  - line 6 (t05)', // same org as t01
      '  - line 3 (t02)', // unknown org
      '  - line 6 (t05)', // bad override value
    ]);
    expect(err?.message).to.contain('sf org login web --alias org-nobody');
    expect(fleet.touched).to.deep.equal([]);
    expect(await readdir(ws.dir)).to.deep.equal(['tenants.csv']);
  });

  it('keeps dry runs apart: validated tenants are not "done" for the real run', async () => {
    const fleet = fakeFleet(aliasesFor(['t01']));
    const path = await ws.file('tenants.csv', csvFor(['t01']));
    const dry = await runRollout(options(path, { dryRun: true }), fleet.deps);
    expect(dry.tenants[0]?.status).to.equal('validated');
    expect(dry.reportPath).to.equal(join(ws.stateDir, 'validate', 'report.all.jsonl'));
    const real = await runRollout(options(path), fleet.deps);
    expect(real.tenants[0]).to.include({ status: 'created', reused: false });
  });

  it('refuses a second rollout on the same state while one runs, and takes over the lock of a killed one', async () => {
    const fleet = fakeFleet(aliasesFor(['t01']));
    fleet.behaviour.set('admin@t01.example.com', { delayMs: 100 });
    const path = await ws.file('tenants.csv', csvFor(['t01']));
    const running = runRollout(options(path), fleet.deps);
    await new Promise((r) => setTimeout(r, 30));
    const second = await runRollout(options(path), fleet.deps).then(
      () => undefined,
      (e: unknown) => e as { name: string },
    );
    expect(second?.name).to.equal('RolloutStateLockedError');
    await running;
    // A lock whose process is gone (kill -9) does not block the next run.
    const { writeFile } = await import('node:fs/promises');
    const { hostname } = await import('node:os');
    await writeFile(join(ws.stateDir, 'lock.all'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    const third = await runRollout(options(path, { force: true }), fleet.deps);
    expect(third.summary.exitCode).to.equal(0);
  });

  describe("a kill between the org accepting a deploy and its id being saved (a 'submitting' marker, no id)", () => {
    const withDeploys = (fleet: ReturnType<typeof fakeFleet>, status: string | undefined): { deps: typeof fleet.deps; lookups: { username: string; since: Date }[] } => {
      const lookups: { username: string; since: Date }[] = [];
      const deps = {
        ...fleet.deps,
        findDeploys: (username: string, since: Date) => {
          lookups.push({ username, since });
          return Promise.resolve(status === undefined ? [] : [{ id: '0Af000000000000ORP', status, state: deployStatusOf(status)?.running ? ('running' as const) : deployStatusOf(status)?.applied ? ('applied' as const) : ('other' as const), createdDate: new Date().toISOString() }]);
        },
      };
      return { deps, lookups };
    };
    const killedWhileSubmitting = async (at: Date): Promise<string> => {
      await new StateStore(ws.stateDir).markSubmitting('t01', 'app', at);
      return ws.file('tenants.csv', csvFor(['t01']));
    };

    it('a deploy still running in the org is continued (polled by its id), not submitted again', async () => {
      const fleet = fakeFleet(aliasesFor(['t01']));
      const { deps, lookups } = withDeploys(fleet, 'InProgress');
      const at = new Date('2026-01-31T12:00:00.000Z');
      const result = await runRollout(options(await killedWhileSubmitting(at)), deps);
      expect(result.summary).to.include({ succeeded: 1, exitCode: 0 });
      expect(lookups.map((l) => l.username)).to.deep.equal(['admin@t01.example.com']);
      expect(lookups[0]?.since.getTime(), 'looked from a little before the marker (clock skew)').to.be.below(at.getTime());
      expect(fleet.log('admin@t01.example.com').resumedFrom).to.deep.equal(['0Af000000000000ORP']);
      expect(fleet.log('admin@t01.example.com').deploysSubmitted).to.deep.equal([]);
      expect(result.tenants[0]?.warnings.some((w) => w.includes('0Af000000000000ORP'))).to.equal(true);
      expect(await new StateStore(ws.stateDir).submitting('t01'), 'marker cleared').to.deep.equal([]);
    });

    it('a deploy that already succeeded is not resumed: the run compares the org again; a failed or missing one is submitted anew', async () => {
      for (const status of ['Succeeded', 'Failed', undefined]) {
        await ws.cleanup();
        ws = await workspace();
        const fleet = fakeFleet(aliasesFor(['t01']));
        const { deps } = withDeploys(fleet, status);
        const result = await runRollout(options(await killedWhileSubmitting(new Date())), deps);
        expect(result.summary, String(status)).to.include({ succeeded: 1, exitCode: 0 });
        expect(fleet.log('admin@t01.example.com').resumedFrom, String(status)).to.deep.equal([undefined]);
        expect(await new StateStore(ws.stateDir).submitting('t01'), String(status)).to.deep.equal([]);
      }
    });

    it('without a marker (a normal run) the org is not asked', async () => {
      const fleet = fakeFleet(aliasesFor(['t01', 't02']));
      const { deps, lookups } = withDeploys(fleet, 'InProgress');
      const result = await runRollout(options(await ws.file('tenants.csv', csvFor(['t01', 't02']))), deps);
      expect(result.summary).to.include({ succeeded: 2, exitCode: 0 });
      expect(lookups).to.deep.equal([]);
    });
  });
});
