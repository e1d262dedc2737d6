/** The `render` and `schema` commands as a user runs them: a real process, its files, exit codes and output. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/files/packageRoot.js';

const MAIN = join(packageRoot(), 'dist/cli/main.js') // the bundle `npm run render` runs;

const run = (args: readonly string[], cwd: string) => {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: process.env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Every file under dir with its contents and mtime, to prove nothing was touched. */
const snapshot = async (dir: string): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out[p.slice(dir.length)] = `${(await stat(p)).mtimeMs} ${await readFile(p, 'utf8')}`;
    }
  };
  await walk(dir);
  return out;
};

describe('render command', () => {
  let cwd: string;
  let spec: Record<string, Record<string, unknown>>;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'render-cmd-'));
    await cp(join(packageRoot(), 'force-app'), join(cwd, 'force-app'), { recursive: true, preserveTimestamps: true });
    spec = JSON.parse(await readFile(join(packageRoot(), 'metadata-templates/ren.registration.json'), 'utf8')) as typeof spec;
  });

  it('renders the checked-in spec into ./force-app; a second run changes nothing; --check passes', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'render-fresh-'));
    const first = run(['render'], fresh);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.include('created    force-app/main/default/externalClientApps/ren.eca-meta.xml');
    expect(await readFile(join(fresh, 'force-app/main/default/extlClntAppPolicies/ren_defaultPolicy.ecaPlcy-meta.xml'), 'utf8')).to.equal(
      await readFile(join(packageRoot(), 'force-app/main/default/extlClntAppPolicies/ren_defaultPolicy.ecaPlcy-meta.xml'), 'utf8'),
    );
    const before = await snapshot(fresh);
    const second = run(['render'], fresh);
    expect(second.stdout).to.include('already matches the spec');
    expect(await snapshot(fresh)).to.deep.equal(before);
    expect(run(['render', '--check'], fresh).code).to.equal(0);
  });

  it('--check exits 1 and names the file when force-app differs, without writing', async () => {
    const file = join(cwd, 'force-app/main/default/externalClientApps/ren.eca-meta.xml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('<label>Ren</label>', '<label>Renn</label>'));
    const before = await snapshot(cwd);
    const r = run(['render', '--check'], cwd);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include('Error (RenderedFilesOutdatedError)').and.include('force-app/main/default/externalClientApps/ren.eca-meta.xml: differs');
    expect(await snapshot(cwd)).to.deep.equal(before);
  });

  it('writes --overrides and --output-dir, reports JSON under --json', async () => {
    await writeFile(join(cwd, 'acme.json'), JSON.stringify({ profiles: ['System Administrator'], permissionSets: ['Ren_Users'] }));
    const r = run(['render', '--overrides', 'acme.json', '--output-dir', 'out', '--json'], cwd);
    expect(r.code, r.stdout).to.equal(0);
    const doc = JSON.parse(r.stdout) as { status: number; result: { files: { path: string; status: string }[]; apiVersion: string; requiredApiVersion: string } };
    expect(doc.status).to.equal(0);
    expect(doc.result.apiVersion).to.equal('64.0');
    expect(doc.result.requiredApiVersion).to.equal('63.0');
    expect(doc.result.files.map((f) => f.status)).to.deep.equal(['created', 'created', 'created', 'created', 'created']);
    const policy = await readFile(join(cwd, 'out/main/default/extlClntAppOauthPolicies/renOauth_defaultPolicy.ecaOauthPlcy-meta.xml'), 'utf8');
    expect(policy).to.include('<commaSeparatedProfile>System Administrator</commaSeparatedProfile>').and.include('<commaSeparatedPermissionSet>Ren_Users</commaSeparatedPermissionSet>');
  });

  // Every kind of bad spec is covered in-process by test/registration/loadRegistration.test.ts; these prove the CLI
  // turns them into exit 2, one paragraph without a stack trace, and an untouched force-app/.
  describe('bad input: clear error, exit 2, no stack trace, nothing in force-app/ changed', () => {
    const CASES: [string, (s: typeof spec) => unknown, string[], RegExp][] = [
      ['malformed JSON', () => '{ "app": ', [], /line 1, column 10: malformed JSON/],
      ['http callback URL', (s) => ({ ...s, oauth: { ...s.oauth, callbackUrls: ['http://app.rensystems.com/cb'] } }), [], /oauth\.callbackUrls\[0\]: must use https:\/\//],
      ['pre-authorized nobody', (s) => ({ ...s, policies: { ...s.policies, profiles: [] } }), [], /policies\.profiles: is empty .* nobody could ever authorize Ren/],
      ['API version too old', (s) => s, ['--api-version', '58.0'], /API version 58\.0 cannot register Ren/],
    ];
    for (const [what, edit, extra, message] of CASES) {
      it(what, async () => {
        const edited = edit(spec);
        await writeFile(join(cwd, 'spec.json'), typeof edited === 'string' ? edited : JSON.stringify(edited));
        const before = await snapshot(join(cwd, 'force-app'));
        const r = run(['render', '--spec', 'spec.json', ...extra], cwd);
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.match(message);
        expect(r.stderr).to.match(/^Error \(\w+Error\): /).and.include('Try this:');
        expect(r.stderr).not.to.match(/\n\s+at .*\.js:\d+/);
        expect(r.stdout).to.equal('');
        expect(await snapshot(join(cwd, 'force-app'))).to.deep.equal(before);
      });
    }

    it('the same error as one JSON document under --json', async () => {
      await writeFile(join(cwd, 'spec.json'), JSON.stringify({ ...spec, app: { ...spec.app, contactEmail: 'nope' } }));
      const r = run(['render', '--spec', 'spec.json', '--json'], cwd);
      expect(r.code).to.equal(2);
      const doc = JSON.parse(r.stdout) as { name: string; exitCode: number; data: { problems: string[] } };
      expect(doc).to.include({ name: 'SpecInvalidError', exitCode: 2 });
      expect(doc.data.problems).to.deep.equal(['app.contactEmail: is not a valid email address — write an address such as support@example.com']);
    });
  });

  it('schema writes the JSON Schema where asked, and --check compares it with the generated one', async () => {
    expect(run(['schema', '--check'], cwd).code).to.equal(0);
    const written = run(['schema', '--output', 'spec.schema.json'], cwd);
    expect(written.code, written.stderr).to.equal(0);
    expect(await readFile(join(cwd, 'spec.schema.json'), 'utf8')).to.equal(await readFile(join(packageRoot(), 'metadata-templates/ren.registration.schema.json'), 'utf8'));
    await writeFile(join(cwd, 'spec.schema.json'), '{}');
    const stale = run(['schema', '--check', '--output', 'spec.schema.json'], cwd);
    expect(stale.code).to.equal(1);
    expect(stale.stderr).to.include('spec.schema.json: differs').and.include('npm run schema');
  });
});
