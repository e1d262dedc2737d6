/**
 * rotate / rotate --finish / remove over a tenants file, through the one fleet runner, against loopback orgs:
 * after `rollout` wrote each tenant's hand-off, `rotate --tenants` leaves both pairs working in every org, a rerun
 * skips the done tenants, a SIGKILL mid-fleet resumes with one staged pair at most, `--finish` leaves only the new
 * pair, and `remove --tenants` needs --yes, then empties every org and renames every hand-off.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli, spawnCli, startFleet, type Fleet } from './loopbackFleet.js';
import { workspace, type Workspace } from './helpers.js';

const TENANTS = ['rot1', 'rot2', 'rot3'];
type Handoff = { consumerKey: string; consumerSecret: string; rotation?: { state: string } };
type FleetDoc = { status: number; result: { tenants: { tenant: string; status: string; exitCode: number; reused: boolean; verified?: boolean }[] } };

describe('rotate and remove over a tenants file (the fleet runner, loopback orgs)', function () {
  this.timeout(180_000);
  let fleet: Fleet;
  let ws: Workspace;

  before(async () => {
    fleet = await startFleet(TENANTS);
    ws = await workspace();
  });
  after(async () => {
    await fleet.stop();
    await ws.cleanup();
  });

  const flags = (): string[] => ['--state', ws.stateDir, '--output-dir', ws.outputDir, '--concurrency', '3', '--poll-interval', '20'];
  const handoffOf = async (t: string): Promise<Handoff> => JSON.parse(await readFile(join(ws.outputDir, `${t}.json`), 'utf8')) as Handoff;
  const org = (t: string) => {
    const o = fleet.orgs.get(t);
    if (o === undefined) throw new Error(`no org for ${t}`);
    return o;
  };
  const posts = (t: string): number => org(t).requests.filter((r) => r.kind === 'connect:stagedCredentials' && r.method === 'POST').length;

  it('rollout, then rotate --tenants (one tenant killed mid-run and resumed), --finish --tenants, remove --tenants', async () => {
    const tenants = await ws.file('tenants.csv', ['tenant,org', ...TENANTS.map((t) => `${t},org-${t}`)].join('\n'));
    const rolled = await runCli(['rollout', '--tenants', tenants, ...flags(), '--json']);
    expect(rolled.exitCode, rolled.stdout + rolled.stderr).to.equal(0);
    const before = new Map(await Promise.all(TENANTS.map(async (t) => [t, await handoffOf(t)] as const)));
    for (const t of TENANTS) org(t).resetLog();

    // A kill right after rot2's org staged its new pair (the answer never reaches the CLI).
    const { child, done } = spawnCli(['rotate', '--tenants', tenants, ...flags(), '--concurrency', '1'], ws.dir);
    const stop = org('rot2').onRequest((e) => {
      if (e.kind === 'connect:stagedCredentials' && e.method === 'POST') child.kill('SIGKILL');
    });
    expect((await done).signal).to.equal('SIGKILL');
    stop();

    const rotated = await runCli(['rotate', '--tenants', tenants, ...flags(), '--json']);
    expect(rotated.exitCode, rotated.stdout + rotated.stderr).to.equal(0);
    const doc = JSON.parse(rotated.stdout) as FleetDoc;
    expect(doc.result.tenants.map((t) => t.status)).to.deep.equal(['rotated', 'rotated', 'rotated']);
    for (const t of TENANTS) {
      const old = before.get(t);
      const now = await handoffOf(t);
      expect(now.rotation?.state, `${t} rotation state`).to.equal('rotated');
      expect(now.consumerKey, `${t} new key`).to.not.equal(old?.consumerKey);
      expect(org(t).authenticateClient(now.consumerKey, now.consumerSecret), `${t} new pair`).to.equal('ok');
      expect(org(t).authenticateClient(old?.consumerKey ?? '', old?.consumerSecret ?? ''), `${t} old pair`).to.equal('ok');
      expect(posts(t), `${t}: one staged pair created, the resumed run staged none`).to.equal(1);
    }
    expect(rotated.stdout.includes((await handoffOf('rot1')).consumerSecret), 'secret printed').to.equal(false);

    const again = await runCli(['rotate', '--tenants', tenants, ...flags(), '--json']);
    expect(again.exitCode).to.equal(0);
    expect((JSON.parse(again.stdout) as FleetDoc).result.tenants.every((t) => t.reused), 'done tenants are skipped').to.equal(true);

    const finished = await runCli(['rotate', '--finish', '--tenants', tenants, ...flags(), '--json']);
    expect(finished.exitCode, finished.stdout + finished.stderr).to.equal(0);
    for (const t of TENANTS) {
      const old = before.get(t);
      const now = await handoffOf(t);
      expect(now.rotation?.state).to.equal('finished');
      expect(org(t).authenticateClient(old?.consumerKey ?? '', old?.consumerSecret ?? ''), `${t} old pair after finish`).to.equal('unknown-client');
      expect(org(t).authenticateClient(now.consumerKey, now.consumerSecret), `${t} new pair after finish`).to.equal('ok');
    }

    const unconfirmed = await runCli(['remove', '--tenants', tenants, ...flags()]);
    expect(unconfirmed.exitCode).to.equal(2);
    expect(org('rot1').components().filter((c) => c.type !== 'Settings').length).to.be.greaterThan(0);

    const removed = await runCli(['remove', '--tenants', tenants, ...flags(), '--yes', '--json']);
    expect(removed.exitCode, removed.stdout + removed.stderr).to.equal(0);
    expect((JSON.parse(removed.stdout) as FleetDoc).result.tenants.map((t) => t.status)).to.deep.equal(['removed', 'removed', 'removed']);
    const files = await readdir(ws.outputDir);
    for (const t of TENANTS) {
      expect(org(t).components().filter((c) => c.type !== 'Settings'), `${t} holds no part`).to.deep.equal([]);
      expect(files.includes(`${t}.json`), `${t}.json renamed`).to.equal(false);
      expect(files.some((f) => f.startsWith(`${t}.json.removed-`)), `${t}.json.removed-…`).to.equal(true);
    }
  });

  it('a tenant whose new key is not known at the token endpoint yet: unverified, fleet exit 69; a rerun does not rotate it again', async () => {
    const slow = await startFleet(['slow1'], () => ({ switches: { tokenEndpointKnowsKeyAfterMs: 600_000 } }));
    const own = await workspace();
    try {
      const tenants = await own.file('tenants.csv', 'tenant,org\nslow1,org-slow1');
      const args = ['--state', own.stateDir, '--output-dir', own.outputDir, '--poll-interval', '20', '--json'];
      expect((await runCli(['rollout', '--tenants', tenants, ...args, '--no-verify'])).exitCode).to.equal(0);
      const org1 = slow.orgs.get('slow1');
      const first = await runCli(['rotate', '--tenants', tenants, ...args, '--verify-wait', '0']);
      expect(first.exitCode, first.stdout).to.equal(69);
      const doc = JSON.parse(first.stdout) as FleetDoc & { result: { tenants: { proofDetail?: string }[] } };
      expect(doc.result.tenants[0]).to.include({ status: 'unverified', verified: false });
      expect(doc.result.tenants[0]?.proofDetail).to.include('ren-eca verify');
      const posts1 = org1?.requests.filter((r) => r.kind === 'connect:stagedCredentials' && r.method === 'POST').length;
      const again = await runCli(['rotate', '--tenants', tenants, ...args, '--verify-wait', '0']);
      expect(again.exitCode).to.equal(69);
      expect((JSON.parse(again.stdout) as FleetDoc).result.tenants[0]).to.include({ status: 'unverified', reused: true });
      expect(org1?.requests.filter((r) => r.kind === 'connect:stagedCredentials' && r.method === 'POST').length, 'no second rotation').to.equal(posts1);
    } finally {
      await slow.stop();
      await own.cleanup();
    }
  });
});
