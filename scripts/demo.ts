/**
 * `npm run demo`: the whole deploy against the built-in loopback org, with nothing of yours touched.
 * Starts the loopback org, logs in to it in a throwaway sf auth store (a temp HOME), runs
 * `ren-eca deploy --target-org demo` exactly as an admin would (a child process), shows the hand-off
 * with the secret masked, and ends with the proof Ren runs on its side: `ren-eca verify <hand-off file>`
 * (the org's token endpoint accepts the key and secret; verifiedAt lands in the file).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Isolate before @salesforce/core is loaded: throwaway HOME, no inherited SF_* settings, no proxy.
for (const k of Object.keys(process.env)) if (/^(SF|SFDX)_/.test(k) || /^(https?|no|all)_proxy$/i.test(k)) delete process.env[k];
const home = mkdtempSync(join(tmpdir(), 'ren-eca-demo-'));
Object.assign(process.env, { HOME: home, USERPROFILE: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_LOG_FILE: 'true', SF_DISABLE_TELEMETRY: 'true' });

const { startLoopbackOrg } = await import('../src/loopback-org/index.js');
const { loginToLoopbackOrg } = await import('../src/loopback-org/login.js');
const { routeLibraryWarnings } = await import('../src/salesforce/libraryWarnings.js');
const { maskedSecret } = await import('../src/credentials/secret.js');
routeLibraryWarnings(() => undefined); // core's "insecure protocol" notice for http://127.0.0.1

const org = await startLoopbackOrg({ myDomain: 'demo' });
try {
  await loginToLoopbackOrg(org, { alias: 'demo' });
  console.error(`» Loopback org ${org.orgId} at ${org.instanceUrl}; logged in as alias "demo" in a throwaway auth store (${home})`);
  const output = join(home, 'ren-credentials', `${org.orgId}.json`);
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js') // the bundle `npm run deploy` runs;
  const args = ['deploy', '--target-org', 'demo', '--allow-org-settings', '--output', output, '--poll-interval', '200'];
  console.error(`» ren-eca ${args.join(' ')}\n`);
  // Asynchronous on purpose: the loopback org answers from this process's event loop.
  const runCli = (argv: string[]): Promise<number> =>
    new Promise<number>((resolve) => {
      spawn(process.execPath, [main, ...argv], { stdio: 'inherit', env: process.env }).on('close', (code) => resolve(code ?? 1));
    });
  const status = await runCli(args);
  if (status !== 0) {
    console.error(`\nThe deploy exited ${String(status)}.`);
    process.exitCode = status;
  } else {
    const handoff = JSON.parse(readFileSync(output, 'utf8')) as Record<string, unknown>;
    console.log(`\nHand-off file ${output} (mode 0600), secret masked:`);
    console.log(JSON.stringify({ ...handoff, consumerSecret: maskedSecret(String(handoff.consumerSecret)) }, undefined, 2));
    console.log(`\nThe proof, as Ren runs it on its side (the org's token endpoint, no login): ren-eca verify ${output}`);
    const proof = await runCli(['verify', output]);
    if (proof !== 0) {
      console.error(`\nverify exited ${String(proof)}.`);
      process.exitCode = proof;
    }
    console.log(`\nAgainst a real org: sf org login web --alias acme && npm run deploy -- --target-org acme, then ren-eca verify <hand-off file> --wait 30`);
  }
} finally {
  await org.stop();
}
