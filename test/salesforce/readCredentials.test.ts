import { expect } from 'chai';
import { readCredentials } from '../../src/salesforce/readCredentials.js';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/types.js';
import { mdapiDeploy, renPhaseOne } from '../../src/loopback-org/mdapiDeploy.js';
import { connectionFor, muteInsecureProtocolWarnings } from '../loopback-org/testSupport.js';

const KEY_FORMAT = /^3MVG9[A-Za-z0-9._]{20,}$/;

describe('readCredentials finds the app by API name on either API', () => {
  let org: LoopbackOrg | undefined;
  before(muteInsecureProtocolWarnings);
  afterEach(async () => org?.stop());

  for (const externalClientAppQuery of ['dataAndTooling', 'toolingOnly'] as const) {
    it(`when ExternalClientApplication is queryable on ${externalClientAppQuery === 'toolingOnly' ? 'the Tooling API only' : 'both APIs'}`, async () => {
      org = await startLoopbackOrg({ switches: { externalClientAppQuery } });
      const conn = await connectionFor(org);
      await mdapiDeploy(conn, renPhaseOne());
      org.resetLog();
      const creds = await readCredentials(conn, { appApiName: 'ren' }, { withSecret: false, retry: { attempts: 1, initialDelayMs: 1 } });
      expect(KEY_FORMAT.test(creds.consumerKey), 'consumer key format').to.equal(true);
      expect(creds.consumerKey === org.issuedKeyForTest('ren'), 'the key the org issued').to.equal(true);
      expect(creds.appId.startsWith('0xI')).to.equal(true);
      expect(org.counts()['tooling:query'] ?? 0).to.equal(externalClientAppQuery === 'toolingOnly' ? 1 : 0);
    });
  }
});
