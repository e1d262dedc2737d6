/** Adoption, pure: the names the spec renders onto in an org, and which parts count as adopted (issue 11). */
import { expect } from 'chai';
import { adoptedPartNames, orgPartNames } from '../../src/render/orgPartNames.js';
import { renderRegistration } from '../../src/render/renderRegistration.js';
import { parseEcaComponentXml } from '../../src/render/readComponents.js';
import { loadRegistration } from '../../src/registration/index.js';

const SETUP = [
  { type: 'ExternalClientApplication', fullName: 'ren' },
  { type: 'ExtlClntAppOauthSettings', fullName: 'ren_oauth' },
  { type: 'ExtlClntAppGlobalOauthSettings', fullName: 'ren_glbloauth' },
  { type: 'ExtlClntAppOauthConfigurablePolicies', fullName: 'ren_oauthPlcy' },
  { type: 'ExtlClntAppConfigurablePolicies', fullName: 'ren_plcy' },
];

describe('orgPartNames / adoptedPartNames (adoption)', () => {
  it('an org without the app: our own names, nothing adopted', () => {
    expect(orgPartNames('ren', [])).to.deep.equal({
      ExternalClientApplication: 'ren', ExtlClntAppOauthSettings: 'renOauth', ExtlClntAppGlobalOauthSettings: 'renGlblOauth',
      ExtlClntAppOauthConfigurablePolicies: 'renOauth_defaultPolicy', ExtlClntAppConfigurablePolicies: 'ren_defaultPolicy',
    });
    expect(adoptedPartNames('ren', [])).to.deep.equal([]);
    expect(adoptedPartNames('ren', [{ type: 'ExtlClntAppOauthSettings', fullName: 'renOauth' }])).to.deep.equal([]);
  });

  it("a Setup-made app: every part keeps the org's name and all four are listed as adopted", () => {
    expect(orgPartNames('ren', SETUP)).to.deep.equal({
      ExternalClientApplication: 'ren', ExtlClntAppOauthSettings: 'ren_oauth', ExtlClntAppGlobalOauthSettings: 'ren_glbloauth',
      ExtlClntAppOauthConfigurablePolicies: 'ren_oauthPlcy', ExtlClntAppConfigurablePolicies: 'ren_plcy',
    });
    expect(adoptedPartNames('ren', SETUP)).to.deep.equal(['ren_oauth', 'ren_glbloauth', 'ren_oauthPlcy', 'ren_plcy']);
  });

  it('a half-made app without policies: the OAuth policies get the name the org generates from its OAuth settings', () => {
    const names = orgPartNames('ren', SETUP.slice(0, 3));
    expect(names.ExtlClntAppOauthConfigurablePolicies).to.equal('ren_oauth_defaultPolicy');
    expect(names.ExtlClntAppConfigurablePolicies).to.equal('ren_defaultPolicy');
  });

  it('renders the spec onto the org names (labels follow), while `render` without names is unchanged', async () => {
    const registration = await loadRegistration({});
    const adopted = renderRegistration(registration, { apiVersion: '64.0', partNames: orgPartNames('ren', SETUP) }).components;
    const plain = renderRegistration(registration, { apiVersion: '64.0' }).components;
    expect(adopted.map((c) => c.fullName)).to.deep.equal(['ren', 'ren_oauth', 'ren_glbloauth', 'ren_oauthPlcy', 'ren_plcy']);
    expect(plain.map((c) => c.fullName)).to.deep.equal(['ren', 'renOauth', 'renGlblOauth', 'renOauth_defaultPolicy', 'ren_defaultPolicy']);
    const global = adopted.find((c) => c.type === 'ExtlClntAppGlobalOauthSettings');
    expect(global?.relativePath).to.match(/\/ren_glbloauth\.ecaGlblOauth-meta\.xml$/);
    const fields = parseEcaComponentXml(global?.contents ?? '', 'ren_glbloauth.ecaGlblOauth').fields as Record<string, unknown>;
    expect(fields.label).to.equal('ren_glbloauth');
    expect(fields).to.not.have.property('consumerKey');
  });
});
