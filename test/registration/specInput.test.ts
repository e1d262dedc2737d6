/**
 * Bad spec input, as the shipped CLI sees it: every refusal is exit 2 with the field named and the fix,
 * no stack trace, and nothing written (the output folder and the run's own TMPDIR are scanned).
 * Lengths: FIELD_LIMITS (src/registration/fieldLimits.ts) says which limits Salesforce documents.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TEST_HOME } from '../helpers/isolation.js';
import { packageRoot } from '../../src/files/packageRoot.js';
import { callbackUrlProblem } from '../../src/registration/callbackUrl.js';
import { FIELD_LIMITS } from '../../src/registration/fieldLimits.js';

const MAIN = join(packageRoot(), 'dist/cli/main.js');
type Spec = { app: Record<string, unknown>; oauth: Record<string, unknown>; policies: Record<string, unknown> };
const seed = (): Spec => JSON.parse(readFileSync(join(packageRoot(), 'metadata-templates/ren.registration.json'), 'utf8')) as Spec;

/** `render --spec <bytes>` in a fresh folder with its own TMPDIR; returns what a user sees and what was left on disk. */
const render = (bytes: string | Buffer) => {
  const dir = mkdtempSync(join(TEST_HOME, 'spec-input-'));
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  writeFileSync(join(dir, 'spec.json'), bytes);
  const r = spawnSync(process.execPath, [MAIN, 'render', '--spec', join(dir, 'spec.json'), '--output-dir', join(dir, 'out')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, left: readdirSync(dir).sort(), tmpLeft: readdirSync(tmp) };
};
const renderSpec = (edit: (s: Spec) => void) => {
  const s = seed();
  edit(s);
  return render(JSON.stringify(s, undefined, 2));
};

const expectRefused = (run: ReturnType<typeof render>, ...mentions: (string | RegExp)[]): void => {
  expect(run.code, run.stderr).to.equal(2);
  expect(run.stderr).to.include('SpecInvalidError').and.include('nothing was written');
  for (const m of mentions) expect(run.stderr).to.match(typeof m === 'string' ? new RegExp(m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : m);
  expect(run.stderr, 'no stack trace').to.not.match(/\n\s+at .+:\d+:\d+/);
  expect(run.stdout).to.equal('');
  expect(run.left, 'nothing written next to the spec').to.deep.equal(['spec.json', 'tmp']);
  expect(run.tmpLeft, 'nothing left in TMPDIR').to.deep.equal([]);
};

describe('spec input refused before anything is written (exit 2)', () => {
  it('an apiName of 300 characters (once ENAMETOOLONG, exit 10, empty folders) and of 41: the documented 40-character limit', () => {
    expectRefused(renderSpec((s) => (s.app.apiName = 'a'.repeat(300))), 'app.apiName: is 300 characters long, more than the 40 allowed', 'DeveloperName');
    expectRefused(renderSpec((s) => (s.app.apiName = 'a'.repeat(41))), 'app.apiName: is 41 characters long');
    const ok = renderSpec((s) => (s.app.apiName = 'a'.repeat(FIELD_LIMITS.apiName.max)));
    expect(ok.code, ok.stderr).to.equal(0);
  });

  it('name, description, contact email and phone over their limits are each named, with the limit and "[UNCONFIRMED]" where Salesforce does not document it', () => {
    const run = renderSpec((s) => {
      s.app.name = 'N'.repeat(FIELD_LIMITS.label.max + 1);
      s.app.description = 'd'.repeat(FIELD_LIMITS.description.max + 1);
      s.app.contactEmail = `${'x'.repeat(FIELD_LIMITS.contactEmail.max)}@example.com`;
      s.app.contactPhone = '1'.repeat(FIELD_LIMITS.contactPhone.max + 1);
    });
    expectRefused(run, 'app.name: is 81 characters long', 'app.description: is 257 characters long', /app\.contactEmail: is \d+ characters long/, 'app.contactPhone: is 41 characters long', '[UNCONFIRMED]', '(4 problem(s))');
  });

  it('callback URLs: userinfo, fragment, spaces, backslash, control characters, http and an embedded newline are each refused with the fix, never rewritten', () => {
    const bad: Record<string, string> = {
      'https://user:pass@app.rensystems.com/cb': 'user:password@',
      'https://app.rensystems.com/cb#frag': '#fragment',
      'https://app.rensystems.com/a b': 'whitespace',
      'https://app.rensystems.com\\cb': 'backslash',
      'https://app.rensystems.com/\u0007cb': 'control character',
      'http://app.rensystems.com/cb': 'https://',
      'https://a.com/x\nhttps://evil.com/cb': 'line break',
      '\thttps://app.rensystems.com/cb': 'control character',
    };
    const run = renderSpec((s) => (s.oauth.callbackUrls = Object.keys(bad)));
    expectRefused(run, `(${Object.keys(bad).length} problem(s))`);
    Object.values(bad).forEach((why, i) => expect(run.stderr).to.match(new RegExp(`oauth\\.callbackUrls\\[${i}\\]: [^\\n]*${why.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`)));
    expect(run.stderr).to.not.include('https://a.com/xhttps://evil.com/cb');
  });

  it('callback URLs: https and a custom scheme of an app pass; the rule table gives one problem per URL', () => {
    expect(callbackUrlProblem('https://app.rensystems.com/api/salesforce/auth_callback')).to.equal(undefined);
    expect(callbackUrlProblem('renapp://oauth/callback')).to.equal(undefined);
    expect(callbackUrlProblem('javascript:alert(1)')).to.match(/https/);
    expect(callbackUrlProblem('not a url')).to.match(/whitespace/);
    expect(callbackUrlProblem('app.rensystems.com/cb')).to.match(/not an absolute URL/);
  });

  it('a spec with a UTF-8 BOM is accepted; UTF-16 (with or without BOM) is refused at line 1 with "save as UTF-8"', () => {
    const text = JSON.stringify(seed(), undefined, 2);
    const bom = render(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    expect(bom.code, bom.stderr).to.equal(0);
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), Buffer.from(text, 'utf16le')]) {
      expectRefused(render(bytes), 'line 1: the file is saved as UTF-16', 'save the file as UTF-8');
    }
    expectRefused(render(Buffer.from(text.replace('Sync Salesforce', 'Sync Salesforcé'), 'latin1')), 'is not UTF-8 text');
  });
});
