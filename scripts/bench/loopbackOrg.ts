/**
 * The loopback org's own cost, in-process (what every deploy/read-back test pays): starting and stopping an org,
 * one SDR SOAP deploy of Ren's three phase-1 components into a fresh org (10 ms polls, 0 in-progress polls),
 * a retrieve of the five components, a credentials read (key and secret), and a SOQL query. Medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type BenchLine } from './stats.js';

const ms = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

const sample = async (runs: number, fn: () => Promise<unknown>): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await ms(fn));
  return median(times);
};

export const run = async (): Promise<BenchLine[]> => {
  const home = mkdtempSync(join(tmpdir(), 'ren-eca-bench-loopback-'));
  Object.assign(process.env, { HOME: home, USERPROFILE: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_LOG_FILE: 'true', SF_DISABLE_TELEMETRY: 'true' });
  const { startLoopbackOrg } = await import('../../src/loopback-org/index.js');
  const { connectionFor, deploySource, fixturePath, retrieveComponents } = await import('../../test/loopback-org/testSupport.js');
  try {
    const start = await sample(20, async () => (await startLoopbackOrg()).stop());
    const renFiles = [fixturePath('ren')];
    const warm = await startLoopbackOrg();
    await deploySource(await connectionFor(warm), renFiles);
    await warm.stop();

    let calls = 0;
    const deploy = await sample(10, async () => {
      const org = await startLoopbackOrg();
      const conn = await connectionFor(org);
      org.resetLog();
      await deploySource(conn, renFiles);
      calls = org.requests.length;
      await org.stop();
    });

    const org = await startLoopbackOrg({ orgSettings: { enableClientSecretInRestApiAccess: true } });
    const conn = await connectionFor(org);
    await deploySource(conn, [fixturePath('ren'), fixturePath('ren-policies')]);
    const app = await conn.singleRecordQuery<{ Id: string }>("SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'ren'");
    const { consumers } = await conn.request<{ consumers: { id: string }[] }>(`/apps/oauth/credentials/${app.Id}`);
    const credentials = await sample(50, () => conn.request(`/apps/oauth/credentials/${app.Id}/${consumers[0]?.id ?? ''}?part=keyandsecret`));
    const query = await sample(50, () => Promise.resolve(conn.query("SELECT Name FROM Profile WHERE Name IN ('Sales', 'Standard User')")));
    const members = ['ExternalClientApplication:ren', 'ExtlClntAppOauthSettings:renOauth', 'ExtlClntAppGlobalOauthSettings:renGlblOauth',
      'ExtlClntAppOauthConfigurablePolicies:renOauth_defaultPolicy', 'ExtlClntAppConfigurablePolicies:ren_defaultPolicy']
      .map((m) => ({ type: m.split(':')[0] ?? '', fullName: m.split(':')[1] ?? '' }));
    const retrieve = await sample(10, () => retrieveComponents(conn, members, mkdtempSync(join(home, 'retrieve-'))));
    await org.stop();
    return [
      { name: 'start + stop an org', value: start, unit: 'ms', note: 'median of 20' },
      { name: 'SDR deploy of Ren phase 1 into a fresh org', value: deploy, unit: 'ms', note: `median of 10; ${calls} HTTP calls` },
      { name: 'SDR retrieve of the five components', value: retrieve, unit: 'ms', note: 'median of 10' },
      { name: 'credentials read (part=keyandsecret)', value: credentials, unit: 'ms', note: 'median of 50' },
      { name: 'SOQL query (Profile IN …)', value: query, unit: 'ms', note: 'median of 50' },
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
};
