/** The read-only preflight retrieve is bounded by --wait (it used to poll for a fixed 600 s whatever --wait said). */
import { join } from 'node:path';
import { expect } from 'chai';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { loggedInOrgs, runCliInProcess } from './deployHarness.js';

const orgs = loggedInOrgs('PWAIT1');

describe('deploy: the preflight retrieve honours --wait', function () {
  this.timeout(60_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('a retrieve still running when --wait runs out ends the run with exit 1, nothing deployed, and the fix', async () => {
    const ctx = await orgs.setup({ faults: { retrieveInProgressPolls: 1_000_000 } });
    const run = await runCliInProcess(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h.json'), '--wait', '0.02', '--poll-interval', '50']);
    expect(run.exitCode, run.stderr).to.equal(1);
    expect(run.stderr).to.include('PreflightTimedOutError').and.include('Nothing was changed').and.include('within --wait (0.02 minute(s))').and.include('longer --wait');
    const counts = ctx.org.counts();
    expect(Object.entries(counts).filter(([k]) => /retrieve/i.test(k)).reduce((n, [, v]) => n + v, 0), JSON.stringify(counts)).to.be.greaterThan(1);
    expect(counts['soap:deploy'] ?? 0).to.equal(0);
  });
});
