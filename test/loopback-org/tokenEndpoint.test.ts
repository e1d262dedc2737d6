/**
 * The loopback org's token endpoint as `verify` meets it (issue 15 item 6): a refresh-token grant with a made-up
 * token authenticates the client first (unknown key → invalid_client_id, wrong secret → invalid_client, then
 * invalid_grant); the switches flip the order and keep a new key unknown for a while; the sf CLI's own login
 * (PlatformCLI, no secret) keeps working.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { AuthInfo } from '@salesforce/core';
import { TEST_HOME } from '../helpers/isolation.js';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { connectionFor, deploySource, fixturePath, muteInsecureProtocolWarnings } from './testSupport.js';

type TokenAnswer = { status: number; error?: string; access_token?: string };

const askToken = async (org: LoopbackOrg, form: Record<string, string>): Promise<TokenAnswer> => {
  const response = await fetch(`${org.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, ...((await response.json()) as Omit<TokenAnswer, 'status'>) };
};

const grant = (clientId: string, clientSecret?: string): Record<string, string> => ({
  grant_type: 'refresh_token',
  refresh_token: 'made-up-refresh-token',
  client_id: clientId,
  ...(clientSecret === undefined ? {} : { client_secret: clientSecret }),
});

/** The ren fixture, with the Global OAuth settings' isSecretRequiredForRefreshToken set to `required`. */
const renFixture = (secretRequired: boolean): string => {
  const dir = join(mkdtempSync(join(TEST_HOME, 'token-fixture-')), 'ren');
  cpSync(fixturePath('ren'), dir, { recursive: true });
  const global = join(dir, 'extlClntAppGlobalOauthSets', 'renGlblOauth.ecaGlblOauth-meta.xml');
  writeFileSync(global, readFileSync(global, 'utf8').replace(/<isSecretRequiredForRefreshToken>\w+</, `<isSecretRequiredForRefreshToken>${String(secretRequired)}<`));
  return dir;
};

describe('loopback org: token endpoint (client before grant)', () => {
  let org: LoopbackOrg;
  const withApp = async (options: LoopbackOrgOptions = {}, secretRequired = true): Promise<{ key: string; secret: string }> => {
    org = await startLoopbackOrg(options);
    await deploySource(await connectionFor(org), [renFixture(secretRequired)]);
    return { key: org.issuedKeyForTest('ren') ?? '', secret: org.issuedSecretForTest('ren') ?? '' };
  };
  afterEach(() => org.stop());

  it('answers invalid_client_id for an unknown key, invalid_client for a wrong or missing secret, invalid_grant for the right pair', async () => {
    const app = await withApp();
    expect(await askToken(org, grant('3MVG9notAKeyOfThisOrg', app.secret))).to.deep.include({ status: 400, error: 'invalid_client_id' });
    expect(await askToken(org, grant(app.key, 'F'.repeat(64)))).to.deep.include({ status: 400, error: 'invalid_client' });
    expect(await askToken(org, grant(app.key))).to.deep.include({ status: 400, error: 'invalid_client' });
    expect(await askToken(org, grant(app.key, app.secret))).to.deep.include({ status: 400, error: 'invalid_grant' });
    expect(org.requests.filter((r) => r.kind === 'oauth:token').map((r) => r.status)).to.deep.equal([400, 400, 400, 400]);
  });

  it("with tokenEndpointOrder 'grantFirst' a made-up refresh token answers invalid_grant whatever the secret", async () => {
    const app = await withApp({ switches: { tokenEndpointOrder: 'grantFirst' } });
    expect((await askToken(org, grant(app.key, 'F'.repeat(64)))).error).to.equal('invalid_grant');
    expect((await askToken(org, grant(app.key, app.secret))).error).to.equal('invalid_grant');
    expect((await askToken(org, grant('3MVG9notAKeyOfThisOrg', app.secret))).error).to.equal('invalid_grant');
  });

  it('does not check the secret of an app that does not require it for the refresh token flow', async () => {
    const app = await withApp({}, false);
    expect((await askToken(org, grant(app.key, 'F'.repeat(64)))).error).to.equal('invalid_grant');
  });

  it('keeps a new key unknown for tokenEndpointKnowsKeyAfterMs, then knows it', async () => {
    const app = await withApp({ switches: { tokenEndpointKnowsKeyAfterMs: 400 } });
    expect((await askToken(org, grant(app.key, app.secret))).error).to.equal('invalid_client_id');
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await askToken(org, grant(app.key, app.secret))).error).to.equal('invalid_grant');
  });

  it('still logs the sf CLI in with its own client id PlatformCLI and no secret, in both orders', async () => {
    muteInsecureProtocolWarnings();
    for (const [i, tokenEndpointOrder] of (['clientFirst', 'grantFirst'] as const).entries()) {
      org = await startLoopbackOrg({ orgId: `00D00000000T0K${i}AAA`, switches: { tokenEndpointOrder } });
      const authInfo = await AuthInfo.create({ username: org.username, oauth2Options: { loginUrl: org.loginUrl, refreshToken: org.refreshToken, clientId: org.clientId } });
      expect(authInfo.getFields().orgId).to.equal(org.orgId);
      expect((await askToken(org, { grant_type: 'refresh_token', refresh_token: org.refreshToken, client_id: 'PlatformCLI' })).status).to.equal(200);
      org.revokeRefreshToken();
      expect((await askToken(org, { grant_type: 'refresh_token', refresh_token: 'old', client_id: 'PlatformCLI' })).error).to.equal('invalid_grant');
      if (tokenEndpointOrder === 'clientFirst') await org.stop();
    }
  });
});
