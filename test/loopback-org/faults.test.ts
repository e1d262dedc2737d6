import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { connectionFor, deploySource, fixturePath, POLL_MS } from './testSupport.js';

const rejection = async (p: Promise<unknown>): Promise<Error & { errorCode?: string }> =>
  p.then(() => { throw new Error('expected a rejection'); }, (e: Error) => e);

describe('loopback org: fault injection', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  beforeEach(async () => {
    org = await startLoopbackOrg();
    conn = await connectionFor(org);
    org.resetLog();
  });
  afterEach(() => org.stop());

  it('answers InProgress for the asked number of polls before the deploy finishes', async () => {
    org.faults.deployInProgressPolls = 2;
    const result = await deploySource(conn, [fixturePath('ren')]);
    expect(result.response.status).to.equal('Succeeded');
    expect(org.counts()['soap:checkDeployStatus']).to.equal(3);
  });

  it('dropFieldOnDeploy: the deploy succeeds, the org does not store that field, other fields and types are stored', async () => {
    org.faults.dropFieldOnDeploy = { type: 'ExtlClntAppGlobalOauthSettings', field: 'isPkceRequired' };
    const result = await deploySource(conn, [fixturePath('ren')]);
    expect(result.response.status).to.equal('Succeeded');
    const global = org.components().find((c) => c.type === 'ExtlClntAppGlobalOauthSettings');
    expect(global?.fields).to.not.have.property('isPkceRequired');
    expect(global?.fields).to.have.property('callbackUrl');
    org.faults.clear();
    expect(org.faults.dropFieldOnDeploy).to.equal(undefined);
    await deploySource(conn, [fixturePath('ren')]);
    expect(org.components().find((c) => c.type === 'ExtlClntAppGlobalOauthSettings')?.fields).to.have.property('isPkceRequired');
  });

  it('keeps a deploy InProgress for its wall time however often it is polled, then finishes it', async () => {
    org.faults.jobDurationMs = 300;
    const submitted = Date.now();
    const result = await deploySource(conn, [fixturePath('ren')]);
    expect(result.response.status).to.equal('Succeeded');
    expect(Date.now() - submitted, 'the deploy took at least its job duration').to.be.at.least(300);
    const polls = org.requests.filter((r) => r.kind === 'soap:checkDeployStatus').length;
    expect(polls, `InProgress answers while the job ran (${POLL_MS} ms polls)`).to.be.at.least(2);
  });

  it('keeps a retrieve InProgress for its wall time, then returns the zip', async () => {
    await deploySource(conn, [fixturePath('ren')]);
    org.faults.jobDurationMs = 300;
    org.resetLog();
    const submitted = Date.now();
    const retrieve = await new ComponentSet([{ type: 'ExternalClientApplication', fullName: 'ren' }]).retrieve({
      usernameOrConnection: conn, output: mkdtempSync(join(tmpdir(), 'loopback-faults-')), merge: false,
    });
    const result = await retrieve.pollStatus(POLL_MS, 5);
    expect(result.response.success).to.equal(true);
    expect(Date.now() - submitted).to.be.at.least(300);
    expect(org.counts()['soap:checkRetrieveStatus']).to.be.at.least(2);
  });

  it('fails chosen calls a bounded number of times: SDR rides out 503s while polling', async () => {
    org.faults.failCall('soap:checkDeployStatus', 'http503', 2);
    const result = await deploySource(conn, [fixturePath('ren')]);
    expect(result.response.status).to.equal('Succeeded');
    const polls = org.requests.filter((r) => r.kind === 'soap:checkDeployStatus').map((r) => `${r.status}${r.fault === undefined ? '' : ` ${r.fault}`}`);
    expect(polls).to.deep.equal(['503 http503', '503 http503', '200']);
  });

  it('REQUEST_LIMIT_EXCEEDED: a SOAP fault on deploy, a 403 JSON error on REST', async () => {
    org.faults.failCall('soap:deploy', 'requestLimit');
    const soap = await rejection(ComponentSet.fromSource(fixturePath('ren')).deploy({ usernameOrConnection: conn }));
    expect(soap.name).to.equal('sf:REQUEST_LIMIT_EXCEEDED');
    org.faults.failCall('rest:query', 'requestLimit');
    const rest = await rejection(Promise.resolve(conn.query('SELECT Id FROM Organization')));
    expect(rest.errorCode).to.equal('REQUEST_LIMIT_EXCEEDED');
    expect(org.components()).to.deep.equal([]);
  });

  it('drops the connection of a chosen call (by predicate)', async () => {
    org.faults.failCall((c) => c.kind === 'soap:deploy' && c.method === 'POST', 'drop');
    const error = await rejection(ComponentSet.fromSource(fixturePath('ren')).deploy({ usernameOrConnection: conn }));
    // undici (jsforce 3.12) says "fetch failed" and keeps the socket's own words on the cause chain.
    const chain = [error.message, String((error.cause as Error | undefined)?.message), String(((error.cause as Error | undefined)?.cause as Error | undefined)?.message)];
    expect(chain.join(' | ')).to.match(/socket hang up|ECONNRESET|other side closed/i);
    expect(org.requests.find((r) => r.kind === 'soap:deploy')).to.include({ status: 0, fault: 'drop' });
  });

  it('a SOAP fault while polling surfaces as SDR MetadataTransferError', async () => {
    org.faults.failCall('soap:checkDeployStatus', 'soapFault');
    const deploy = await ComponentSet.fromSource(fixturePath('ren')).deploy({ usernameOrConnection: conn });
    const error = await rejection(deploy.pollStatus(POLL_MS, 5));
    expect(error.name).to.equal('MetadataTransferError');
    expect(error.message).to.include('UNKNOWN_EXCEPTION');
  });

  it('retries a GET that got a 500 (jsforce backoff) and then succeeds', async () => {
    org.faults.failCall('rest:query', 'http500', 1);
    const result = await conn.query<{ Name: string }>("SELECT Name FROM Profile WHERE Name = 'Sales'");
    expect(result.records.map((r) => r.Name)).to.deep.equal(['Sales']);
    expect(org.requests.filter((r) => r.kind === 'rest:query').map((r) => r.status)).to.deep.equal([500, 200]);
  });

  it('a deploy that never finishes stays InProgress until it is cancelled, and changes nothing', async () => {
    org.faults.neverFinishDeploys = true;
    const deploy = await ComponentSet.fromSource(fixturePath('ren')).deploy({ usernameOrConnection: conn });
    expect((await deploy.checkStatus()).status).to.equal('InProgress');
    expect((await deploy.checkStatus()).done).to.equal(false);
    await deploy.cancel();
    const after = await deploy.checkStatus();
    expect(after.status).to.equal('Canceled');
    expect(after.done).to.equal(true);
    expect(org.components()).to.deep.equal([]);
    expect(org.counts()['soap:cancelDeploy']).to.equal(1);
  });

  it('holds every answer back by latencyMs (a client giving up after 50 ms sees no answer when latency is 2 s)', async () => {
    org.faults.latencyMs = 2_000;
    const aborted = await fetch(`${org.instanceUrl}/services/data`, { signal: AbortSignal.timeout(50) }).then(() => 'answered', (e: Error) => e.name);
    expect(aborted).to.equal('TimeoutError');
    org.faults.latencyMs = 0;
    expect((await fetch(`${org.instanceUrl}/services/data`)).status).to.equal(200);
  });

  it('answers InProgress to retrieve polls as asked, then returns the zip', async () => {
    await deploySource(conn, [fixturePath('ren')]);
    org.faults.retrieveInProgressPolls = 2;
    org.resetLog();
    const retrieve = await new ComponentSet([{ type: 'ExternalClientApplication', fullName: 'ren' }]).retrieve({
      usernameOrConnection: conn, output: mkdtempSync(join(tmpdir(), 'loopback-faults-')), merge: false,
    });
    const result = await retrieve.pollStatus(POLL_MS, 5);
    expect(result.response.success).to.equal(true);
    expect(org.counts()['soap:checkRetrieveStatus']).to.equal(3);
  });

  it('clear() disarms faults and resets the knobs', async () => {
    org.faults.failCall('rest:query', 'requestLimit', 5);
    org.faults.deployInProgressPolls = 3;
    org.faults.jobDurationMs = 3000;
    org.faults.clear();
    expect(org.faults.deployInProgressPolls).to.equal(0);
    expect(org.faults.jobDurationMs).to.equal(0);
    expect((await conn.query('SELECT Id FROM Organization')).totalSize).to.equal(1);
  });
  it('onRequest tells a listener of each request after the org acted on it and before the answer leaves', async () => {
    const seen: { kind: string; answered: boolean }[] = [];
    let answered = false;
    const stop = org.onRequest((e) => seen.push({ kind: e.kind, answered }));
    const result = await deploySource(conn, [fixturePath('ren')]);
    answered = true;
    expect(result.response.status).to.equal('Succeeded');
    const deploy = seen.find((s) => s.kind === 'soap:deploy');
    expect(deploy, 'the deploy call was reported').to.not.equal(undefined);
    expect(deploy?.answered, 'reported before the client had its answer').to.equal(false);
    expect(seen.map((s) => s.kind)).to.deep.equal(org.requests.map((r) => r.kind));
    stop();
    await conn.query('SELECT Id FROM Organization');
    expect(seen.length, 'no report after stop()').to.equal(org.requests.length - 1);
  });
});
