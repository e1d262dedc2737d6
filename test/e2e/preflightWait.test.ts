/**
 * The preflight reads the org through synchronous calls: no retrieve is submitted, so no org job can hold it up
 * (it used to be a retrieve polled until done or until --wait ran out).
 */
import { join } from 'node:path';
import { expect } from 'chai';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { loggedInOrgs, runCliInProcess } from './deployHarness.js';

const orgs = loggedInOrgs('PWAIT1');

describe('deploy: the preflight submits no asynchronous job', function () {
  this.timeout(60_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('an org whose retrieves never finish still gets registered: the preflight sends readMetadata/listMetadata, no retrieve', async () => {
    const ctx = await orgs.setup({ faults: { retrieveInProgressPolls: 1_000_000 } });
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h.json'), '--allow-org-settings', '--wait', '1', '--poll-interval', '20']);
    expect(run.exitCode, run.stderr).to.equal(0);
    const counts = ctx.org.counts();
    expect(Object.keys(counts).filter((k) => /retrieve/i.test(k)), JSON.stringify(counts)).to.deep.equal([]);
    expect(counts['soap:readMetadata'] ?? 0, JSON.stringify(counts)).to.be.greaterThan(0);
  });
});
