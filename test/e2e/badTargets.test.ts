/**
 * Hand-off targets that cannot take a secret are refused before the org is touched: exit 2, one paragraph
 * with the fix, no stack trace, nothing written (the run's own TMPDIR and the target folder are scanned),
 * and the loopback org received no retrieve and no deploy. Runs the shipped bundle as a child so a target
 * that would block (a FIFO, /dev/stdout on a pipe) shows up as a timeout instead of hanging the suite.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { loggedInOrgs, runCliInProcess, type CliRun } from './deployHarness.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js');
const FAST = ['--poll-interval', '10'];
const orgs = loggedInOrgs('TARGET');

/** The bundle as a child with its own TMPDIR; killed after `limitMs` so a blocking open fails the test instead of the suite. */
const runBounded = (argv: readonly string[], tmp: string, limitMs = 30_000): Promise<CliRun & { timedOut: boolean }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...argv], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });

/** Requests that read or change Ren's metadata; a refused target must not cause any. */
const metadataCalls = (org: LoopbackOrg): number =>
  Object.entries(org.counts())
    .filter(([key]) => /deploy|retrieve|credentials|settings/i.test(key))
    .reduce((sum, [, n]) => sum + n, 0);

const expectRefused = (run: CliRun & { timedOut?: boolean }, org: LoopbackOrg, mention: RegExp): void => {
  expect(run.timedOut ?? false, 'the run did not block').to.equal(false);
  expect(run.exitCode, run.stderr).to.equal(2);
  expect(run.stderr).to.include('HandoffTargetRefusedError').and.match(mention).and.include('Nothing was changed in the org');
  expect(run.stderr, 'no stack trace').to.not.match(/\n\s+at .+:\d+:\d+/);
  expect(run.stdout, 'nothing on stdout').to.equal('');
  expect(metadataCalls(org), JSON.stringify(org.counts())).to.equal(0);
};

describe('deploy refuses a bad hand-off target before the org is touched (exit 2)', function () {
  this.timeout(90_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('a FIFO as --output: refused at once, no read that blocks, nothing left in TMPDIR', async () => {
    const ctx = await orgs.setup();
    const tmp = join(ctx.dir, 'tmp');
    mkdirSync(tmp);
    const fifo = join(ctx.dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).to.equal(0);
    const run = await runBounded(['deploy', '-o', ctx.alias, '--output', fifo, ...FAST], tmp);
    expectRefused(run, ctx.org, /named pipe \(FIFO\)/);
    expect(run.stderr).to.include('--output -');
    expect(statSync(fifo).isFIFO()).to.equal(true);
    expect(readdirSync(tmp)).to.deep.equal([]);
  });

  it('/dev/stdout while stdout is a pipe, and a character device (/dev/null): refused, pointing at --output -', async () => {
    const ctx = await orgs.setup();
    const tmp = join(ctx.dir, 'tmp');
    mkdirSync(tmp);
    expectRefused(await runBounded(['deploy', '-o', ctx.alias, '--output', '/dev/stdout', ...FAST], tmp), ctx.org, /symbolic link/);
    const devNull = await runBounded(['deploy', '-o', ctx.alias, '--output', '/dev/null', ...FAST], tmp);
    expectRefused(devNull, ctx.org, /character device/);
    expect(devNull.stderr).to.include('--output -');
    expect(readdirSync(tmp)).to.deep.equal([]);
  });

  it('a directory or a symlinked file as --output is refused', async () => {
    const ctx = await orgs.setup();
    mkdirSync(join(ctx.dir, 'a-folder'));
    expectRefused(await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'a-folder'), ...FAST]), ctx.org, /is a directory/);
    symlinkSync(join(ctx.dir, 'elsewhere.json'), join(ctx.dir, 'link.json'));
    expectRefused(await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'link.json'), ...FAST]), ctx.org, /symbolic link/);
    expect(readdirSync(ctx.dir).sort()).to.include.members(['a-folder', 'link.json']).and.not.include('elsewhere.json');
  });

  it('a world-writable hand-off folder and a symlinked one are refused with the chmod fix; neither is changed', async () => {
    const ctx = await orgs.setup();
    const open = join(ctx.dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const loose = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(open, 'h.json'), ...FAST]);
    expectRefused(loose, ctx.org, /writable by every user \(mode 777\)/);
    expect(loose.stderr).to.include(`chmod 700 ${open}`);
    expect(statSync(open).mode & 0o777).to.equal(0o777);
    expect(readdirSync(open)).to.deep.equal([]);

    const real = join(ctx.dir, 'real');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, join(ctx.dir, 'linked'));
    expectRefused(await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'linked', 'h.json'), ...FAST]), ctx.org, /folder .*linked is a symbolic link/);
    expect(readdirSync(real)).to.deep.equal([]);
  });

  it('the default folder ./ren-credentials, when world-writable, is refused too (also under --dry-run)', async () => {
    const ctx = await orgs.setup();
    const folder = join(ctx.dir, 'ren-credentials');
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    const cwd = process.cwd();
    process.chdir(ctx.dir);
    try {
      expectRefused(await runCliInProcess(['deploy', '-o', ctx.alias, '--dry-run', ...FAST]), ctx.org, /ren-credentials is writable by every user/);
    } finally {
      process.chdir(cwd);
    }
    expect(statSync(folder).mode & 0o777).to.equal(0o777);
    expect(readdirSync(folder)).to.deep.equal([]);
  });
});
