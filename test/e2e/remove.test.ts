/**
 * `ren-eca remove` as an admin runs it: the shipped bundle in a child process (no terminal: stdin is not a TTY)
 * against a loopback org that holds Ren (deployed by `ren-eca deploy`). Checked: exit codes, what the org holds
 * afterwards, whether the old pair still authenticates, the destructive deploys the org received, and the local
 * hand-off file renamed to `<name>.removed-<timestamp>`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { loggedInOrgs, runCliChild, type LoggedInOrg } from './deployHarness.js';

const FAST = ['--poll-interval', '10'];
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js');
/** util-linux `script` gives the CLI a pseudo-terminal (stdin and stderr are TTYs); absent → those tests are skipped. */
const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs `remove` on a pseudo-terminal and answers the prompt with `answer` once it is asked. */
const removeOnTerminal = (alias: string, cwd: string, answer: string): Promise<{ exitCode: number; screen: string }> =>
  new Promise((resolve, reject) => {
    const command = [process.execPath, MAIN, 'remove', '-o', alias, ...FAST].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let answered = false;
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString('utf8');
      if (!answered && screen.includes('Type "yes"')) {
        answered = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, screen }));
  });
const renParts = (org: LoopbackOrg): string[] => org.components().filter((c) => c.type !== 'Settings').map((c) => `${c.type} ${c.fullName}`);
const deploys = (org: LoopbackOrg): number => org.counts()['soap:deploy'] ?? 0;

describe('ren-eca remove (the shipped CLI, loopback org, no terminal)', function () {
  this.timeout(120_000);
  const { setup, stopAll } = loggedInOrgs('REMOVE');
  after(stopAll);

  const withRen = async (): Promise<LoggedInOrg & { out: string; key: string; secret: string }> => {
    const ctx = await setup();
    const out = join(ctx.dir, 'ren-credentials', `${ctx.org.orgId}.json`);
    // The default hand-off path, as an admin who ran plain `deploy` has it.
    const deployed = await runCliChild(['deploy', '-o', ctx.alias, '--allow-org-settings', ...FAST], { cwd: ctx.dir });
    expect(deployed.exitCode, deployed.stderr).to.equal(0);
    const handoff = JSON.parse(readFileSync(out, 'utf8')) as { consumerKey: string; consumerSecret: string };
    ctx.org.resetLog();
    return { ...ctx, out, key: handoff.consumerKey, secret: handoff.consumerSecret };
  };

  it('without a terminal and without --yes: exit 2 before the org is touched; Ren and the hand-off stay', async () => {
    const ctx = await withRen();
    const before = renParts(ctx.org);
    const run = await runCliChild(['remove', '-o', ctx.alias, ...FAST], { cwd: ctx.dir });
    expect(run.exitCode).to.equal(2);
    expect(run.stderr).to.include('RemoveNeedsConfirmation').and.include('--yes');
    expect(ctx.org.requests, 'no call to the org').to.have.length(0);
    expect(renParts(ctx.org)).to.deep.equal(before);
    expect(existsSync(ctx.out)).to.equal(true);
    expect(ctx.org.authenticateClient(ctx.key, ctx.secret)).to.equal('ok');
  });

  it('--dry-run: lists what would go, exit 0, nothing deployed, nothing renamed', async () => {
    const ctx = await withRen();
    const before = renParts(ctx.org);
    const run = await runCliChild(['remove', '-o', ctx.alias, '--dry-run', '--json', ...FAST], { cwd: ctx.dir });
    expect(run.exitCode, run.stderr).to.equal(0);
    const doc = JSON.parse(run.stdout) as { result: { outcome: string; parts: { type: string; fullName: string }[]; handoffFiles: { from: string; to?: string }[] } };
    expect(doc.result.outcome).to.equal('would-remove');
    expect(doc.result.parts.map((p) => `${p.type} ${p.fullName}`).sort()).to.deep.equal([...before].sort());
    expect(doc.result.handoffFiles).to.deep.equal([{ from: ctx.out }]);
    expect(deploys(ctx.org)).to.equal(0);
    expect(renParts(ctx.org)).to.deep.equal(before);
    expect(existsSync(ctx.out)).to.equal(true);
  });

  it('--yes: exit 0, the org holds none of Ren\'s parts, the old pair no longer authenticates, the hand-off is renamed; a second run says Ren is absent (exit 0)', async () => {
    const ctx = await withRen();
    expect(renParts(ctx.org).length).to.be.greaterThan(0);
    const run = await runCliChild(['remove', '-o', ctx.alias, '--yes', ...FAST], { cwd: ctx.dir });
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(renParts(ctx.org)).to.deep.equal([]);
    expect(deploys(ctx.org), 'one destructive deploy').to.equal(1);
    expect(ctx.org.authenticateClient(ctx.key, ctx.secret)).to.equal('unknown-client');
    expect(existsSync(ctx.out), 'the working name is gone').to.equal(false);
    const renamed = readdirSync(join(ctx.dir, 'ren-credentials')).filter((f) => f.startsWith(`${ctx.org.orgId}.json.removed-`));
    expect(renamed).to.have.length(1);
    expect(renamed[0]).to.match(/\.json\.removed-\d{8}T\d{6}Z$/);
    expect(run.stdout).to.include('Removed Ren').and.include('Renamed');
    expect(run.stdout.includes(ctx.secret) || run.stderr.includes(ctx.secret), 'secret printed').to.equal(false);

    ctx.org.resetLog();
    const again = await runCliChild(['remove', '-o', ctx.alias, '--yes', '--json', ...FAST], { cwd: ctx.dir });
    expect(again.exitCode, again.stderr).to.equal(0);
    expect((JSON.parse(again.stdout) as { result: { outcome: string } }).result.outcome).to.equal('absent');
    expect(deploys(ctx.org), 'nothing deployed for an absent app').to.equal(0);
  });

  it('an org that never held Ren, without a terminal: --yes → exit 0 "nothing to remove"; without --yes → exit 2', async () => {
    const ctx = await setup();
    const run = await runCliChild(['remove', '-o', ctx.alias, '--yes', ...FAST], { cwd: ctx.dir });
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(run.stdout).to.include('is not in').and.include('nothing to remove');
    expect(deploys(ctx.org)).to.equal(0);
    expect((await runCliChild(['remove', '-o', ctx.alias, ...FAST], { cwd: ctx.dir })).exitCode).to.equal(2);
  });

  (HAS_SCRIPT ? describe : describe.skip)('on a terminal (pseudo-terminal through `script`)', () => {
    it('the prompt names every part; "no" → exit 1, nothing deployed, Ren and the hand-off stay', async () => {
      const ctx = await withRen();
      const before = renParts(ctx.org);
      const run = await removeOnTerminal(ctx.alias, ctx.dir, 'no');
      expect(run.exitCode, run.screen).to.equal(1);
      for (const part of before) expect(run.screen).to.include(part);
      expect(run.screen).to.include('RemoveDeclined');
      expect(deploys(ctx.org)).to.equal(0);
      expect(renParts(ctx.org)).to.deep.equal(before);
      expect(existsSync(ctx.out)).to.equal(true);
      expect(ctx.org.authenticateClient(ctx.key, ctx.secret)).to.equal('ok');
    });

    it('"yes" → exit 0, Ren removed, the hand-off renamed', async () => {
      const ctx = await withRen();
      const run = await removeOnTerminal(ctx.alias, ctx.dir, 'yes');
      expect(run.exitCode, run.screen).to.equal(0);
      expect(renParts(ctx.org)).to.deep.equal([]);
      expect(existsSync(ctx.out)).to.equal(false);
      expect(ctx.org.authenticateClient(ctx.key, ctx.secret)).to.equal('unknown-client');
    });
  });
});
