/**
 * Issue 17 "Done when", through the shipped CLI: `deploy` with handoff.recipients in the spec writes only a sealed
 * `<orgId>.json.age` (no plaintext secret in the output folder, the temp folder or HOME), `--output -` prints the
 * sealed text, and `verify` proves a sealed file with --identity, refuses without one or with a wrong one (exit 2),
 * and leaves the sealed file as it is (verifiedAt in its output only).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { TEST_HOME } from '../helpers/isolation.js';
import { defaultSpecPath } from '../../src/files/packageRoot.js';
import { readHandoffFile } from '../../src/credentials/handoffFile.js';
import { loggedInOrgs, runCliChild, type CliRun } from './deployHarness.js';
import { muteInsecureProtocolWarnings } from '../loopback-org/testSupport.js';

const FAST = ['--poll-interval', '10'];

/** Every regular file under `dir` whose bytes contain `needle` (a boolean-only answer keeps the secret out of diffs). */
const filesHolding = (dir: string, needle: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => readFileSync(p).includes(needle));

const nothingPrinted = (run: CliRun, secret: string): boolean => !run.stdout.includes(secret) && !run.stderr.includes(secret);

describe('sealed hand-offs through the CLI (deploy, --output -, verify)', function () {
  this.timeout(60_000);
  const orgs = loggedInOrgs('sealho');
  before(() => muteInsecureProtocolWarnings());
  after(() => orgs.stopAll());

  const sealedSetup = async () => {
    const ctx = await orgs.setup();
    const identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const spec = JSON.parse(readFileSync(defaultSpecPath(), 'utf8')) as Record<string, unknown>;
    const specPath = join(ctx.dir, 'spec.json');
    writeFileSync(specPath, JSON.stringify({ ...spec, $schema: undefined, handoff: { recipients: [recipient] } }));
    const identityPath = join(mkdtempSync(join(TEST_HOME, 'ren-key-')), 'ren.agekey');
    writeFileSync(identityPath, `# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
    const tmp = mkdtempSync(join(TEST_HOME, 'tmpdir-'));
    return { ...ctx, specPath, identityPath, tmp };
  };

  it('deploy writes <orgId>.json.age only; the secret is in no file of the output folder, the temp folder or HOME, nor in the output', async () => {
    const s = await sealedSetup();
    const out = join(s.dir, 'out');
    const run = await runCliChild(['deploy', '-o', s.alias, '--spec', s.specPath, '--allow-org-settings', '--output', join(out, `${s.org.orgId}.json`), ...FAST], {
      cwd: s.dir,
      env: { TMPDIR: s.tmp, TMP: s.tmp, TEMP: s.tmp },
    });
    expect(run.exitCode, run.stderr).to.equal(0);
    const secret = s.org.issuedSecretForTest('ren') ?? '';
    expect(secret.length).to.be.greaterThan(20);
    expect(readdirSync(out)).to.deep.equal([`${s.org.orgId}.json.age`]);
    const sealedPath = join(out, `${s.org.orgId}.json.age`);
    expect(statSync(sealedPath).mode & 0o777).to.equal(0o600);
    expect(run.stdout).to.include(sealedPath);
    expect(filesHolding(s.dir, secret), 'output folder').to.deep.equal([]);
    expect(filesHolding(s.tmp, secret), 'temp folder').to.deep.equal([]);
    expect(filesHolding(TEST_HOME, secret), 'HOME (sf auth store, every test folder)').to.deep.equal([]);
    expect(nothingPrinted(run, secret), 'secret printed').to.equal(true);
    const opened = await readHandoffFile(sealedPath, { identityText: readFileSync(s.identityPath, 'utf8') });
    expect(opened.handoff.consumerSecret.reveal() === secret, 'the sealed payload holds the issued secret').to.equal(true);
    expect(opened.handoff.consumerKey).to.equal(s.org.issuedKeyForTest('ren'));

    // verify: with the identity it proves and leaves the sealed file unchanged; without one, or with a wrong one, exit 2
    const before = readFileSync(sealedPath, 'utf8');
    const proved = await runCliChild(['verify', sealedPath, '--identity', s.identityPath, '--json']);
    expect(proved.exitCode, proved.stdout).to.equal(0);
    const file = (JSON.parse(proved.stdout) as { result: { files: Record<string, unknown>[] } }).result.files[0];
    expect(file).to.include({ verdict: 'accepted', form: 'sealed', recorded: 'output-only' });
    expect(Number.isNaN(Date.parse(String(file?.verifiedAt)))).to.equal(false);
    expect(readFileSync(sealedPath, 'utf8')).to.equal(before);
    expect(nothingPrinted(proved, secret), 'secret printed').to.equal(true);

    const noIdentity = await runCliChild(['verify', sealedPath]);
    expect(noIdentity.exitCode).to.equal(2);
    expect(noIdentity.stderr).to.match(/HandoffNeedsIdentityError.*sealed to Ren's public key/s);
    expect(noIdentity.stderr).to.include('--identity <file>');
    const wrongPath = join(s.dir, 'other.agekey');
    writeFileSync(wrongPath, `${await generateX25519Identity()}\n`);
    const wrong = await runCliChild(['verify', sealedPath, '--identity', wrongPath]);
    expect(wrong.exitCode).to.equal(2);
    expect(wrong.stderr).to.match(/Error \(HandoffWrongIdentityError\): The identity given with --identity cannot open the sealed hand-off/);
    expect(s.org.requests.filter((r) => r.kind === 'oauth:token' && r.status === 400)).to.have.length(2);
  });

  it('--output - prints the sealed text (no secret), and writes no file', async () => {
    const s = await sealedSetup();
    const run = await runCliChild(['deploy', '-o', s.alias, '--spec', s.specPath, '--allow-org-settings', '--output', '-', ...FAST], {
      cwd: s.dir,
      env: { TMPDIR: s.tmp, TMP: s.tmp, TEMP: s.tmp },
    });
    expect(run.exitCode, run.stderr).to.equal(0);
    const secret = s.org.issuedSecretForTest('ren') ?? '';
    expect(run.stdout.startsWith('ren-eca sealed hand-off, format 1.')).to.equal(true);
    expect(run.stdout).to.include('-----BEGIN AGE ENCRYPTED FILE-----');
    expect(nothingPrinted(run, secret), 'secret printed').to.equal(true);
    expect(filesHolding(s.tmp, secret).length + filesHolding(s.dir, secret).length, 'files holding the secret').to.equal(0);
    const piped = join(s.dir, 'piped.json.age');
    writeFileSync(piped, run.stdout);
    const opened = await readHandoffFile(piped, { identityText: readFileSync(s.identityPath, 'utf8') });
    expect(opened.handoff.consumerSecret.reveal() === secret, 'the printed payload opens to the issued secret').to.equal(true);
  });
});
