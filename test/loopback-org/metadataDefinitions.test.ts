import { expect } from 'chai';
import { loadMetadataDefinitions } from '../../src/loopback-org/metadata/metadataDefinitions.js';

describe('metadataDefinitions (from @salesforce/types)', () => {
  const defs = loadMetadataDefinitions();

  it('knows the ECA header type with its inherited fullName and enum-typed distributionState', () => {
    const eca = defs.get('ExternalClientApplication');
    expect(eca?.fields.get('fullName')?.type).to.equal('string');
    expect(eca?.fields.get('distributionState')?.enumValues).to.include.members(['Local', 'Packaged']);
    expect(eca?.fields.has('isAdminApproved'), 'invented field').to.equal(false);
  });

  it('marks required fields and treats arrays as optional', () => {
    const oauth = defs.get('ExtlClntAppOauthSettings');
    expect(oauth?.fields.get('externalClientApplication')?.optional).to.equal(false);
    expect(oauth?.fields.get('customAttributes')).to.include({ array: true, optional: true, type: 'ExtlClntAppOauthSettingsAttribute' });
    expect(defs.get('ExtlClntAppConfigurablePolicies')?.fields.get('isEnabled')?.optional).to.equal(false);
  });

  it('resolves complex types and settings types', () => {
    expect(defs.get('ExternalAppIdTokenConfig')?.fields.get('idTokenValidityInMinutes')?.type).to.equal('number');
    expect(defs.get('ExternalClientAppSettings')?.fields.has('enableClientSecretInRestApiAccess')).to.equal(true);
    expect(defs.get('OauthOidcSettings')?.fields.has('oAuthCdCrdtFlowEnable')).to.equal(true);
    expect(defs.enumValues('RefreshTokenPolicyType')).to.deep.equal(['Infinite', 'Zero', 'SpecificLifetime', 'SpecificInactivity']);
  });

  it('returns undefined for a type Salesforce does not define', () => {
    expect(defs.get('ExtlClntAppPolicies')).to.equal(undefined);
  });
});
