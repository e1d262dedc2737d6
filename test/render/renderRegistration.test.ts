import { expect } from 'chai';
import { ECA_TYPE_NAMES, ORG_SPECIFIC_FIELDS } from '../../src/render/ecaTypes.js';
import { parseMetadataXml } from '../../src/render/metadataXml.js';
import { parseEcaComponentXml } from '../../src/render/readComponents.js';
import { typeLayout } from '../../src/render/sdrRegistry.js';
import { FIELD_API_VERSIONS, MIN_SUPPORTED_API_VERSION, requiredApiVersion, versionRangeOf } from '../../src/render/apiVersions.js';
import { renderRegistration, type RenderedComponent } from '../../src/render/renderRegistration.js';
import { loadRegistration } from '../../src/registration/loadRegistration.js';
import type { Registration } from '../../src/registration/registrationSchema.js';
import { loadMetadataDefinitions } from '../../src/loopback-org/metadata/metadataDefinitions.js';

/** Child elements of a rendered file, in file order, as raw text (nothing typed, nothing reordered). */
const elementsOf = (component: RenderedComponent): [string, string][] => {
  const root = parseMetadataXml(component.contents)[component.type] as Record<string, unknown>;
  return Object.entries(root)
    .filter(([k]) => k !== '#text' && !k.startsWith('@_'))
    .map(([k, v]) => [k, String(v)]);
};

const byType = (components: readonly RenderedComponent[], type: string): RenderedComponent => {
  const found = components.find((c) => c.type === type);
  if (found === undefined) throw new Error(`no ${type} rendered`);
  return found;
};

const fieldValue = (components: readonly RenderedComponent[], type: string, field: string): string | undefined =>
  elementsOf(byType(components, type)).find(([k]) => k === field)?.[1];

describe('renderRegistration', () => {
  let ren: Registration;
  let rendered: RenderedComponent[];
  before(async () => {
    ren = await loadRegistration();
    rendered = renderRegistration(ren, { apiVersion: '64.0' }).components;
  });

  describe('carries every value of the seed page (salesforce-eca.md §2.1, row by row)', () => {
    // [setup-page item, type, element, value] exactly as the mapping table lists them.
    const MAPPING: readonly [string, string, string, string][] = [
      ['External Client App Name', 'ExternalClientApplication', 'label', 'Ren'],
      ['Contact Email', 'ExternalClientApplication', 'contactEmail', 'support@rensystems.com'],
      ['Distribution State', 'ExternalClientApplication', 'distributionState', 'Local'],
      ['Info URL', 'ExternalClientApplication', 'infoUrl', 'https://rensystems.com'],
      ['Icon URL', 'ExternalClientApplication', 'iconUrl', 'https://app.rensystems.com/images/ios-icon-512.png'],
      ['Logo Image URL', 'ExternalClientApplication', 'logoUrl', 'https://app.rensystems.com/images/ios-icon-512.png'],
      ['Description', 'ExternalClientApplication', 'description', 'Sync Salesforce contacts to Ren'],
      ['OAuth enabled (plugins on)', 'ExtlClntAppConfigurablePolicies', 'isEnabled', 'true'],
      ['OAuth enabled (OAuth plugin)', 'ExtlClntAppConfigurablePolicies', 'isOauthPluginEnabled', 'true'],
      ['Callback URL', 'ExtlClntAppGlobalOauthSettings', 'callbackUrl', 'https://app.rensystems.com/api/salesforce/auth_callback'],
      ['OAuth Scopes (identity, api, refresh_token)', 'ExtlClntAppOauthSettings', 'commaSeparatedOauthScopes', 'Basic, Api, RefreshToken'],
      ['Enable Authorization Code and Credentials Flow', 'ExtlClntAppGlobalOauthSettings', 'isCodeCredFlowEnabled', 'true'],
      ['Require secret for Web Server Flow', 'ExtlClntAppGlobalOauthSettings', 'isConsumerSecretOptional', 'false'],
      ['Require secret for Refresh Token Flow', 'ExtlClntAppGlobalOauthSettings', 'isSecretRequiredForRefreshToken', 'true'],
      ['Require PKCE', 'ExtlClntAppGlobalOauthSettings', 'isPkceRequired', 'true'],
      ['Start page None', 'ExtlClntAppConfigurablePolicies', 'startPage', 'None'],
      ['Select Profiles (e.g. Sales)', 'ExtlClntAppOauthConfigurablePolicies', 'commaSeparatedProfile', 'Sales'],
      ['Permitted Users: admin approved users are pre-authorized', 'ExtlClntAppOauthConfigurablePolicies', 'permittedUsersPolicyType', 'AdminApprovedPreAuthorized'],
      ['Refresh Token Policy: valid until revoked', 'ExtlClntAppOauthConfigurablePolicies', 'refreshTokenPolicyType', 'Infinite'],
    ];
    for (const [item, type, field, value] of MAPPING) {
      it(`${item} → ${type}.${field} = ${value}`, () => {
        expect(fieldValue(rendered, type, field)).to.equal(value);
      });
    }

    it('API Name "ren" → the ECA full name and every satellite\'s externalClientApplication', () => {
      expect(byType(rendered, 'ExternalClientApplication').fullName).to.equal('ren');
      for (const c of rendered.filter((r) => r.type !== 'ExternalClientApplication')) {
        expect(fieldValue(rendered, c.type, 'externalClientApplication'), c.type).to.equal('ren');
      }
    });

    it('valid until revoked carries no period or unit; keys are never rotated on deploy', () => {
      expect(fieldValue(rendered, 'ExtlClntAppOauthConfigurablePolicies', 'refreshTokenValidityPeriod')).to.equal(undefined);
      expect(fieldValue(rendered, 'ExtlClntAppOauthConfigurablePolicies', 'refreshTokenValidityUnit')).to.equal(undefined);
      expect(fieldValue(rendered, 'ExtlClntAppGlobalOauthSettings', 'shouldRotateConsumerKey')).to.equal('false');
      expect(fieldValue(rendered, 'ExtlClntAppGlobalOauthSettings', 'shouldRotateConsumerSecret')).to.equal('false');
    });
  });

  it('renders the five components under the names the org auto-creates, in two deploy phases', () => {
    expect(rendered.map((c) => [c.type, c.fullName, c.phase])).to.deep.equal([
      ['ExternalClientApplication', 'ren', 'app'],
      ['ExtlClntAppOauthSettings', 'renOauth', 'app'],
      ['ExtlClntAppGlobalOauthSettings', 'renGlblOauth', 'app'],
      ['ExtlClntAppOauthConfigurablePolicies', 'renOauth_defaultPolicy', 'policies'],
      ['ExtlClntAppConfigurablePolicies', 'ren_defaultPolicy', 'policies'],
    ]);
  });

  it('puts each file in the folder and with the suffix SDR registers for its type', () => {
    for (const c of rendered) {
      const { directoryName, suffix } = typeLayout(c.type);
      expect(c.relativePath).to.equal(`main/default/${directoryName}/${c.fullName}.${suffix}-meta.xml`);
    }
    const layout = (type: string) => ({ name: type, directoryName: `dir${type.length}`, suffix: 'x' });
    const custom = renderRegistration(ren, { apiVersion: '64.0', layout }).components;
    expect(custom[0]?.relativePath).to.equal('main/default/dir25/ren.x-meta.xml');
  });

  it('writes the XML declaration, the metadata namespace, four-space indent and alphabetical elements', () => {
    for (const c of rendered) {
      const lines = c.contents.split('\n');
      expect(lines[0]).to.equal('<?xml version="1.0" encoding="UTF-8"?>');
      expect(lines[1]).to.equal(`<${c.type} xmlns="http://soap.sforce.com/2006/04/metadata">`);
      expect(lines.slice(2, -2).every((l) => /^ {4}<[a-zA-Z]+>[^<]*<\/[a-zA-Z]+>$/.test(l)), c.contents).to.equal(true);
      expect(lines.at(-1)).to.equal('');
      const names = elementsOf(c).map(([k]) => k);
      expect(names, c.type).to.deep.equal([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  it('is deterministic', () => {
    expect(renderRegistration(ren, { apiVersion: '64.0' })).to.deep.equal(renderRegistration(structuredClone(ren), { apiVersion: '64.0' }));
  });

  it('never emits org-specific fields', () => {
    for (const c of rendered) {
      for (const [name] of elementsOf(c)) expect(ORG_SPECIFIC_FIELDS.has(name), `${c.type}.${name}`).to.equal(false);
      expect(c.contents).not.to.match(/oauthLink|orgScopedExternalApp|consumerKey|consumerSecret/);
    }
  });

  it('emits only elements (and enum values) the Metadata API defines for each type, per @salesforce/types', () => {
    const defs = loadMetadataDefinitions();
    for (const c of rendered) {
      const def = defs.get(c.type);
      expect(def, c.type).not.to.equal(undefined);
      for (const [name, value] of elementsOf(c)) {
        const field = def?.fields.get(name);
        expect(field, `${c.type}.${name} exists`).not.to.equal(undefined);
        if (field?.enumValues !== undefined) expect(field.enumValues, `${c.type}.${name}`).to.include(value);
        if (field?.type === 'boolean') expect(['true', 'false'], `${c.type}.${name}`).to.include(value);
        if (field?.type === 'number') expect(value, `${c.type}.${name}`).to.match(/^\d+$/);
      }
      for (const [name, field] of def?.fields ?? []) {
        if (!field.optional && name !== 'fullName') expect(elementsOf(c).map(([k]) => k), `${c.type} requires ${name}`).to.include(name);
      }
    }
  });

  it('reads back to the same values it rendered', () => {
    const back = rendered.map((c) => parseEcaComponentXml(c.contents, c.relativePath));
    expect(back.map((c) => c.fullName)).to.deep.equal(rendered.map((c) => c.fullName));
    const eca = back.find((c) => c.type === 'ExternalClientApplication');
    expect(eca?.fields).to.deep.include({ label: 'Ren', isProtected: false, contactEmail: 'support@rensystems.com' });
    const global = back.find((c) => c.type === 'ExtlClntAppGlobalOauthSettings');
    expect(global?.fields).to.deep.include({ isPkceRequired: true, isConsumerSecretOptional: false, isCodeCredFlowEnabled: true });
  });

  describe('API versions', () => {
    it('has a version row for every element it can emit', () => {
      const tricky = { ...ren, policies: { ...ren.policies, permissionSets: ['X'], refreshTokenPolicy: { policy: 'ExpireAfter', period: 1, unit: 'Days' } } } as Registration;
      for (const c of [...rendered, ...renderRegistration(tricky, { apiVersion: '64.0' }).components]) {
        for (const [name] of elementsOf(c)) expect(versionRangeOf(c.type, name), `${c.type}.${name}`).not.to.equal(undefined);
      }
      expect(Object.keys(FIELD_API_VERSIONS).sort()).to.deep.equal([...ECA_TYPE_NAMES].sort());
    });

    it(`refuses targets below ${MIN_SUPPORTED_API_VERSION}, where policies and the credentials API do not exist`, () => {
      expect(() => renderRegistration(ren, { apiVersion: '59.0' }))
        .to.throw(/API version 59\.0 cannot register Ren.*60\.0/)
        .with.property('exitCode', 2);
    });

    it('refuses a setting the target cannot carry, naming the spec field and the version it needs', () => {
      const error = (() => {
        try {
          renderRegistration(ren, { apiVersion: '62.0' });
        } catch (e) {
          return e as { message: string; exitCode: number; actions: string[] };
        }
        throw new Error('no refusal');
      })();
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('policies.startPage').and.include('63.0');
      expect(error.actions[0]).to.equal('Use --api-version 63.0 or higher.');
    });

    it('leaves out, with a warning, an element the target lacks when its value is what orgs apply anyway', () => {
      const noStartPage: Registration = { ...ren, oauth: { ...ren.oauth, flows: { authorizationCodeAndCredentials: false } }, policies: { ...ren.policies, startPage: undefined } };
      const { components, warnings } = renderRegistration(noStartPage, { apiVersion: '60.0' });
      expect(fieldValue(components, 'ExtlClntAppGlobalOauthSettings', 'isCodeCredFlowEnabled')).to.equal(undefined);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include('isCodeCredFlowEnabled').and.include('61.0');
      expect(() => renderRegistration({ ...noStartPage, oauth: ren.oauth }, { apiVersion: '60.0' })).to.throw(/authorizationCodeAndCredentials.*61\.0/);
    });

    it('rejects a malformed version string', () => {
      expect(() => renderRegistration(ren, { apiVersion: '64' })).to.throw(/Invalid API version "64"/).with.property('exitCode', 2);
    });

    it('requiredApiVersion: the lowest version that carries the spec unchanged', () => {
      expect(requiredApiVersion(ren)).to.equal('63.0');
      expect(requiredApiVersion({ ...ren, policies: { ...ren.policies, startPage: undefined } })).to.equal('61.0');
      expect(
        requiredApiVersion({ ...ren, oauth: { ...ren.oauth, flows: { authorizationCodeAndCredentials: false } }, policies: { ...ren.policies, startPage: undefined } }),
      ).to.equal('60.0');
      expect(() => renderRegistration(ren, { apiVersion: requiredApiVersion(ren) })).not.to.throw();
    });
  });
});
