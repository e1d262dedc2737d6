import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { connectionFor, deploySource, fixturePath, problems } from './testSupport.js';

describe('loopback org: deploying Ren with the real SDR', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  beforeEach(async () => {
    org = await startLoopbackOrg();
    conn = await connectionFor(org);
  });
  afterEach(() => org.stop());

  it('creates the app, an OAuth consumer with key and secret, and the two default policies', async () => {
    const result = await deploySource(conn, [fixturePath('ren')]);
    expect(result.response.status, problems(result).join('\n')).to.equal('Succeeded');
    const states = result.getFileResponses().map((r) => `${r.type}:${r.fullName}:${r.state}`);
    expect(states).to.include.members([
      'ExternalClientApplication:ren:Created',
      'ExtlClntAppOauthSettings:renOauth:Created',
      'ExtlClntAppGlobalOauthSettings:renGlblOauth:Created',
    ]);
    const byName = new Map(org.components().map((c) => [`${c.type}:${c.fullName}`, c]));
    expect(byName.get('ExternalClientApplication:ren')?.id).to.match(/^0xI\w{15}$/);
    expect(byName.get('ExternalClientApplication:ren')?.fields.orgScopedExternalApp).to.equal(`${org.orgId.slice(0, 15)}:ren`);
    expect(byName.get('ExtlClntAppOauthSettings:renOauth')?.fields.oauthLink, 'real form: <orgId15>:<consumer id 15>').to.match(/^00D\w{12}:888\w{12}$/);
    expect(byName.get('ExtlClntAppOauthConfigurablePolicies:renOauth_defaultPolicy')?.fields).to.include({
      permittedUsersPolicyType: 'AllSelfAuthorized', refreshTokenPolicyType: 'SpecificLifetime', refreshTokenValidityPeriod: '365',
      refreshTokenValidityUnit: 'Days', ipRelaxationPolicyType: 'Enforce', requiredSessionLevel: 'STANDARD',
    });
    expect(byName.get('ExtlClntAppConfigurablePolicies:ren_defaultPolicy')?.fields).to.include({ isEnabled: 'true', isOauthPluginEnabled: 'true' });
    expect(/^3MVG9[\w.]{80}$/.test(org.issuedKeyForTest('ren') ?? ''), 'consumer key format').to.equal(true);
    expect(/^[0-9A-F]{64}$/.test(org.issuedSecretForTest('ren') ?? ''), 'consumer secret format').to.equal(true);
    // A boolean, so a failure never prints the secret in its diff.
    expect(JSON.stringify(org.components()).includes(org.issuedSecretForTest('ren') ?? 'no secret issued'), 'secret in components()').to.equal(false);
  });

  it('counts what crossed the wire per kind', async () => {
    org.resetLog();
    await deploySource(conn, [fixturePath('ren')]);
    const counts = org.counts();
    expect(counts['soap:deploy']).to.equal(1);
    expect(counts['soap:checkDeployStatus']).to.equal(1);
    expect(org.requests.every((r) => r.status === 200)).to.equal(true);
  });
});
