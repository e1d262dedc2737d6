import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SfError } from '@salesforce/core/sfError';
import { defaultSpecPath } from '../../src/files/packageRoot.js';
import { loadRegistration } from '../../src/registration/loadRegistration.js';
import { applyTenantOverrides } from '../../src/registration/tenantOverrides.js';

type Json = Record<string, unknown>;

const rejection = async (promise: Promise<unknown>): Promise<SfError> => {
  try {
    await promise;
  } catch (e) {
    return e as SfError;
  }
  throw new Error('expected the spec to be refused');
};

describe('loadRegistration', () => {
  let dir: string;
  const ren = JSON.parse(readFileSync(defaultSpecPath(), 'utf8')) as Json;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spec-'));
  });

  const writeSpec = async (name: string, spec: unknown): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, typeof spec === 'string' ? spec : JSON.stringify(spec, undefined, 2));
    return path;
  };

  /** The checked-in spec with `edit` applied to a deep copy. */
  const specWith = (edit: (s: { app: Json; oauth: Json & { flows: Json; security: Json }; policies: Json }) => void): Json => {
    const copy = structuredClone(ren) as { app: Json; oauth: Json & { flows: Json; security: Json }; policies: Json };
    edit(copy);
    return copy;
  };

  it('loads the checked-in spec from the package, whatever the current directory', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const registration = await loadRegistration();
      expect(registration.app.apiName).to.equal('ren');
      expect(registration.policies.profiles).to.deep.equal(['Sales']);
    } finally {
      process.chdir(cwd);
    }
  });

  describe('bad input: one clear line per problem with its JSON path and the fix, exit code 2', () => {
    const CASES: [string, Json | string, string, RegExp][] = [
      ['malformed JSON', '{\n  "app": {\n    "name": "Ren",\n  }\n}\n', 'line 4, column 3', /malformed JSON.*— fix the syntax/],
      ['an unknown key', specWith((s) => (s.app.colour = 'blue')), 'app.colour', /unknown key "colour" — remove it or fix its spelling/],
      ['a missing key', specWith((s) => delete s.app.contactEmail), 'app.contactEmail', /is missing — add it/],
      ['a wrong type', specWith((s) => (s.oauth.security.requirePkce = 'yes')), 'oauth.security.requirePkce', /must be a boolean, not string — change the value/],
      ['a non-https callback URL', specWith((s) => (s.oauth.callbackUrls = ['http://app.rensystems.com/cb'])), 'oauth.callbackUrls[0]', /must use https:\/\/ .* — Salesforce refuses http:\/\/ callback URLs; write it as https:\/\//],
      ['a relative callback URL', specWith((s) => (s.oauth.callbackUrls = ['/api/cb'])), 'oauth.callbackUrls[0]', /https:\/\//],
      ['an invalid email', specWith((s) => (s.app.contactEmail = 'support at rensystems')), 'app.contactEmail', /not a valid email address — write an address/],
      ['an API name with a space', specWith((s) => (s.app.apiName = 'ren app')), 'app.apiName', /not a valid API name — use letters, digits and single underscores/],
      ['an API name with a double underscore', specWith((s) => (s.app.apiName = 'ren__app')), 'app.apiName', /not a valid API name/],
      ['an API name starting with a digit', specWith((s) => (s.app.apiName = '1ren')), 'app.apiName', /not a valid API name/],
      ['an API name ending with an underscore', specWith((s) => (s.app.apiName = 'ren_')), 'app.apiName', /not a valid API name/],
      ['an unknown scope token', specWith((s) => (s.oauth.scopes = ['Basic', 'Everything'])), 'oauth.scopes[1]', /"Everything" is not a Metadata API scope token — use one of Basic, Api/],
      ['an OAuth wire name as scope', specWith((s) => (s.oauth.scopes = ['Basic', 'refresh_token'])), 'oauth.scopes[1]', /"refresh_token" is not a Metadata API scope token .* — write "RefreshToken"/],
      ['pre-authorization with nobody to authorize', specWith((s) => (s.policies.profiles = [])), 'policies.profiles', /nobody could ever authorize Ren — add a profile/],
      ['a profile name with a comma', specWith((s) => (s.policies.profiles = ['Sales, Marketing'])), 'policies.profiles[0]', /must not contain commas .* — write one name per array entry/],
      ['a control character in the description', specWith((s) => (s.app.description = 'bell\u0007')), 'app.description', /control character .* — remove it/],
      ['a packaged distribution state', specWith((s) => (s.app.distributionState = 'Packaged')), 'app.distributionState', /must be "Local" — /],
      ['an expiring refresh token without a period', specWith((s) => (s.policies.refreshTokenPolicy = { policy: 'ExpireAfter', unit: 'Days' })), 'policies.refreshTokenPolicy.period', /is missing — add it/],
    ];
    for (const [what, spec, path, fix] of CASES) {
      it(what, async () => {
        const file = await writeSpec(`${what.replace(/\W+/g, '-')}.json`, spec);
        const error = await rejection(loadRegistration({ specPath: file }));
        expect(error.name).to.equal('SpecInvalidError');
        expect(error.exitCode).to.equal(2);
        const line = error.message.split('\n').find((l) => l.startsWith(`  - ${path}: `));
        expect(line, error.message).to.match(fix);
        expect(error.actions?.join(' ')).to.include('ren.registration.schema.json');
        expect((error.data as { problems: string[] }).problems).to.have.length.greaterThan(0);
      });
    }

    it('reports every problem at once', async () => {
      const spec = specWith((s) => {
        s.app.contactEmail = 'nope';
        s.oauth.callbackUrls = ['http://x.example'];
        s.policies.extra = true;
      });
      const error = await rejection(loadRegistration({ specPath: await writeSpec('many.json', spec) }));
      expect(error.message).to.include('(3 problem(s))').and.include('app.contactEmail').and.include('oauth.callbackUrls[0]').and.include('policies.extra');
    });

    it('a file that does not exist', async () => {
      const error = await rejection(loadRegistration({ specPath: join(dir, 'nope.json') }));
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.match(/\(file\): the file does not exist — check the path/);
    });
  });

  it('accepts a description with <, & and quotes as plain text', async () => {
    const description = 'Sync <contacts> & "companies" to Ren\'s app';
    const registration = await loadRegistration({ specPath: await writeSpec('tricky.json', specWith((s) => (s.app.description = description))) });
    expect(registration.app.description).to.equal(description);
  });

  describe('tenant overrides', () => {
    it('layer profiles, permission sets, callback URLs and contact email over the spec without copying it', async () => {
      const overridesPath = await writeSpec('acme.json', {
        profiles: ['System Administrator', 'Sales'],
        permissionSets: ['Ren_Users'],
        callbackUrls: ['https://eu.rensystems.com/api/salesforce/auth_callback'],
        contactEmail: 'acme-admin@rensystems.com',
      });
      const registration = await loadRegistration({ overridesPath });
      expect(registration.policies.profiles).to.deep.equal(['System Administrator', 'Sales']);
      expect(registration.policies.permissionSets).to.deep.equal(['Ren_Users']);
      expect(registration.oauth.callbackUrls).to.deep.equal(['https://eu.rensystems.com/api/salesforce/auth_callback']);
      expect(registration.app.contactEmail).to.equal('acme-admin@rensystems.com');
      expect(registration.app.description).to.equal('Sync Salesforce contacts to Ren');
    });

    it('in code are applied after the overrides file', async () => {
      const overridesPath = await writeSpec('one.json', { profiles: ['A'] });
      const registration = await loadRegistration({ overridesPath, overrides: { profiles: ['B'] } });
      expect(registration.policies.profiles).to.deep.equal(['B']);
    });

    it('refuse unknown keys and bad values in the overrides file', async () => {
      const error = await rejection(loadRegistration({ overridesPath: await writeSpec('bad-overrides.json', { profile: ['Sales'], contactEmail: 'x' }) }));
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.match(/^The overrides file \S*bad-overrides\.json is invalid/).and.include('profile: unknown key').and.include('contactEmail: is not a valid email');
    });

    it('are validated together with the spec: emptying every profile under pre-authorization is refused', async () => {
      const registration = await loadRegistration();
      expect(() => applyTenantOverrides(registration, { profiles: [], permissionSets: [] }, 'acme'))
        .to.throw(/The spec acme is invalid.*\n.*policies\.profiles: is empty while permittedUsers is "AdminApprovedPreAuthorized"/)
        .with.property('exitCode', 2);
      expect(applyTenantOverrides(registration, { profiles: [], permissionSets: ['Ren_Users'] }).policies.permissionSets).to.deep.equal(['Ren_Users']);
    });
  });
});
