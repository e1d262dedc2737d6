/** The one comparison of spec and org (end-state check and `status`): components via the diff engine, plus org switches. */
import { expect } from 'chai';
import { compareWithSpec, desiredSwitches } from '../../src/provision/compareWithSpec.js';
import { parseEcaComponentXml } from '../../src/render/readComponents.js';

const xml = (root: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://soap.sforce.com/2006/04/metadata">${body}</${root}>`;
const global = (name: string, body: string) => parseEcaComponentXml(xml('ExtlClntAppGlobalOauthSettings', body), `${name}.ecaGlblOauth`);

describe('compareWithSpec', () => {
  const desired = { components: [global('ren_glbloauth', '<isPkceRequired>true</isPkceRequired><isCodeCredFlowEnabled>true</isCodeCredFlowEnabled>')], switches: desiredSwitches(true) };

  it('no rows when the org holds every field the spec sets and the switch is on', () => {
    const held = { components: [global('ren_glbloauth', '<isPkceRequired>true</isPkceRequired><isCodeCredFlowEnabled>true</isCodeCredFlowEnabled><consumerKey>3MVG9x</consumerKey>')], switches: { codeCredentialsFlow: true, secretsViaRest: false } };
    expect(compareWithSpec(desired, held)).to.deep.equal([]);
  });

  it('one row per field the org did not take, the org switch first; a missing component is "(new)"', () => {
    const held = { components: [global('ren_glbloauth', '<isPkceRequired>true</isPkceRequired><isCodeCredFlowEnabled>false</isCodeCredFlowEnabled>')], switches: { codeCredentialsFlow: false, secretsViaRest: undefined } };
    expect(compareWithSpec(desired, held)).to.deep.equal([
      { component: 'Settings OauthOidc', field: 'oAuthCdCrdtFlowEnable', expected: true, actual: false },
      { component: 'ExtlClntAppGlobalOauthSettings ren_glbloauth', field: 'isCodeCredFlowEnabled', expected: true, actual: false },
    ]);
    expect(compareWithSpec(desired, { components: [], switches: { codeCredentialsFlow: undefined, secretsViaRest: undefined } })).to.deep.equal([
      { component: 'Settings OauthOidc', field: 'oAuthCdCrdtFlowEnable', expected: true },
      { component: 'ExtlClntAppGlobalOauthSettings ren_glbloauth', field: '(new)' },
    ]);
  });

  it('a spec without the code-and-credentials flow does not care about the switch', () => {
    expect(desiredSwitches(false)).to.deep.equal({});
    expect(compareWithSpec({ components: [], switches: desiredSwitches(false) }, { components: [], switches: { codeCredentialsFlow: false, secretsViaRest: false } })).to.deep.equal([]);
  });
});
