/**
 * The Tooling sObject DeployRequest: every Metadata API deploy the org received, with its status as the
 * Metadata API reports it, queryable by CreatedDate (datetime comparison), Status and CheckOnly, newest first.
 * Not on the data API, as in Salesforce.
 */
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLoopbackOrg, type LoopbackOrg } from '../../src/loopback-org/index.js';
import { buildDeployZip, mdapiDeploy, renPhaseOne } from '../../src/loopback-org/mdapiDeploy.js';
import { connectionFor } from './testSupport.js';

type DeployRequestRow = { Id: string; Status: string; CreatedDate: string; CheckOnly: boolean };
type ApiError = Error & { errorCode?: string };

const REST_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;

describe('loopback org: Tooling DeployRequest query', () => {
  let org: LoopbackOrg;
  let conn: Connection;
  beforeEach(async () => {
    org = await startLoopbackOrg({ faults: { deployInProgressPolls: 1 } });
    conn = await connectionFor(org);
  });
  afterEach(() => org.stop());

  const deployRequests = async (where = ''): Promise<DeployRequestRow[]> =>
    (await conn.tooling.query<DeployRequestRow>(`SELECT Id, Status, CreatedDate, CheckOnly FROM DeployRequest ${where} ORDER BY CreatedDate DESC`)).records;

  it('lists a submitted deploy as Pending, then its final status once it ran; check-only deploys are flagged', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const { id: pending } = await conn.metadata.deploy(await buildDeployZip(renPhaseOne(), '66.0'), { singlePackage: true, rollbackOnError: true });
    let rows = await deployRequests(`WHERE CreatedDate >= ${before.replace(/\.\d{3}Z$/, 'Z')}`);
    expect(rows.map((r) => [r.Id, r.Status, r.CheckOnly])).to.deep.equal([[pending, 'Pending', false]]);
    expect(REST_DATETIME.test(rows[0]?.CreatedDate ?? ''), `CreatedDate ${rows[0]?.CreatedDate ?? ''}`).to.equal(true);

    for (let done = false; !done; ) done = (await conn.metadata.checkDeployStatus(pending)).done;
    expect((await mdapiDeploy(conn, renPhaseOne(), { checkOnly: true })).status).to.equal('Succeeded');
    rows = await deployRequests();
    expect(rows).to.have.length(2);
    expect(rows.find((r) => r.Id === pending)?.Status).to.equal('Succeeded');
    expect(rows.find((r) => r.Id !== pending)?.CheckOnly).to.equal(true);
    expect(rows.map((r) => r.Id)).to.deep.equal([...rows].sort((a, b) => b.CreatedDate.localeCompare(a.CreatedDate)).map((r) => r.Id));
    expect((await deployRequests("WHERE Status IN ('Pending','InProgress')")).map((r) => r.Id)).to.deep.equal([]);
    expect(await deployRequests('WHERE CheckOnly = false')).to.have.length(1);
  });

  it('filters by CreatedDate as an instant: nothing created after now', async () => {
    await conn.metadata.deploy(await buildDeployZip(renPhaseOne(), '66.0'), { singlePackage: true, rollbackOnError: true });
    const later = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(await deployRequests(`WHERE CreatedDate > ${later}`)).to.deep.equal([]);
    expect(await deployRequests(`WHERE CreatedDate < ${later}`)).to.have.length(1);
  });

  it('is a Tooling sObject only: the data API answers INVALID_TYPE', async () => {
    const error = await conn.query('SELECT Id FROM DeployRequest').then(
      () => undefined,
      (e: ApiError) => e,
    );
    expect(error?.errorCode).to.equal('INVALID_TYPE');
  });
});
