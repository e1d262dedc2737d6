import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import dns from 'node:dns';
import net from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import { Org } from '@salesforce/core';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import { loginToLoopbackOrg } from '../../src/loopback-org/login.js';
import { deploySource, fixturePath, muteInsecureProtocolWarnings, retrieveComponents } from '../loopback-org/testSupport.js';
import { TEST_HOME } from '../helpers/isolation.js';
import { blockedAttempts, discardAttemptsSince, isLoopbackHost } from './networkGuard.js';

const attemptsSince = (mark: number): string[] => blockedAttempts().slice(mark).map((a) => `${a.kind} ${a.target}`);

describe('network guard and test isolation', () => {
  it('refuses and records a connection and a DNS lookup beyond loopback (so the check below can fail)', async () => {
    const mark = blockedAttempts().length;
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const socket = net.connect({ host: '203.0.113.10', port: 443 });
      socket.on('error', resolve);
    });
    expect(error.code).to.equal('ECONNREFUSED');
    const fetchError = await fetch('https://login.salesforce.com/services/data').then(() => undefined, (e: Error) => e);
    expect(fetchError).to.be.instanceOf(Error);
    const lookupError = await dns.promises.lookup('test.salesforce.com').then(() => undefined, (e: NodeJS.ErrnoException) => e);
    expect(lookupError?.code).to.equal('ENOTFOUND');
    expect(attemptsSince(mark)).to.deep.equal(['connect 203.0.113.10:443', 'connect login.salesforce.com:443', 'dns test.salesforce.com']);
    expect(isLoopbackHost('127.0.0.1') && isLoopbackHost('::1') && isLoopbackHost('localhost')).to.equal(true);
    discardAttemptsSince(mark);
  });

  it('runs login, deploy, credential read-back and retrieve with no non-loopback connection, in a HOME that is not the real one', async () => {
    muteInsecureProtocolWarnings();
    expect(homedir()).to.equal(TEST_HOME);
    expect(homedir()).to.not.equal(userInfo().homedir);
    const mark = blockedAttempts().length;
    const org = await startLoopbackOrg({ orgSettings: { enableClientSecretInRestApiAccess: true } });
    try {
      const username = await loginToLoopbackOrg(org, { alias: 'guarded' });
      expect(existsSync(join(TEST_HOME, '.sfdx', `${username}.json`))).to.equal(true);
      const conn = (await Org.create({ aliasOrUsername: 'guarded' })).getConnection();
      const deployed = await deploySource(conn, [fixturePath('ren')]);
      expect(deployed.response.status).to.equal('Succeeded');
      const app = await conn.singleRecordQuery<{ Id: string }>("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'");
      const { consumers } = await conn.request<{ consumers: { id: string }[] }>(`/apps/oauth/credentials/${app.Id}`);
      const creds = await conn.request<{ secret?: string }>(`/apps/oauth/credentials/${app.Id}/${consumers[0]?.id ?? ''}?part=keyandsecret`);
      expect(/^[0-9A-F]{64}$/.test(creds.secret ?? ''), 'secret format').to.equal(true);
      const retrieved = await retrieveComponents(conn, [{ type: 'ExternalClientApplication', fullName: 'ren' }], join(TEST_HOME, 'guard-retrieve'));
      expect(retrieved.response.success).to.equal(true);
    } finally {
      await org.stop();
    }
    expect(attemptsSince(mark)).to.deep.equal([]);
  });
});
