/**
 * `npm run demo` as a user runs it (a child process): it succeeds, says where the hand-off file is, and shows
 * the hand-off with the secret fully masked — not a single character of it on stdout or stderr.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { maskedSecret, Secret } from '../../src/credentials/secret.js';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'demo.js');

const runDemo = (): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

describe('npm run demo', function () {
  this.timeout(60_000);

  it('deploys to the loopback org, names the hand-off file, masks the whole secret and ends with the proof', async () => {
    const run = await runDemo();
    expect(run.code, run.stderr).to.equal(0);
    const path = /Hand-off file (\S+) \(mode 0600\), secret masked:/.exec(run.stdout)?.[1];
    expect(path, 'hand-off path printed').to.be.a('string');
    const secret = String((JSON.parse(readFileSync(String(path), 'utf8')) as { consumerSecret: string }).consumerSecret);
    const shown = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'), run.stdout.lastIndexOf('}') + 1)) as { consumerSecret: string };
    expect(shown.consumerSecret).to.equal(`•••• (${secret.length} characters, in the hand-off file)`);
    expect(run.stdout, 'the proof at the end').to.match(/ren-eca verify \S+\n+accepted\s+\S+ \(org 00D\w+, key 3MVG9\w+…\): verifiedAt \S+ written to the file/);
    expect(Number.isNaN(Date.parse(String((JSON.parse(readFileSync(String(path), 'utf8')) as { verifiedAt?: string }).verifiedAt))), 'verifiedAt in the file').to.equal(false);
    const leaks = [run.stdout, run.stderr].some((out) => out.includes(secret) || out.includes(secret.slice(0, 8)) || out.includes(secret.slice(-8)));
    expect(leaks, 'no part of the secret in the output').to.equal(false);
  });

  it('maskedSecret shows only the length, for strings and Secret values alike', () => {
    expect(maskedSecret('a'.repeat(64))).to.equal('•••• (64 characters, in the hand-off file)');
    expect(maskedSecret(new Secret('b'.repeat(10)), 'in Setup')).to.equal('•••• (10 characters, in Setup)');
  });
});
