import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { startLoopbackOrg, type LoopbackOrg } from '../../src/loopback-org/index.js';
import { fixedPollSchedule, pollDelays, pollOnSchedule, pollScheduleFor, SHIPPED_POLL_SCHEDULE, type PollSchedule } from '../../src/salesforce/pollSchedule.js';
import { runDeploy } from '../../src/salesforce/runDeploy.js';
import { connectionFor, fixturePath } from '../loopback-org/testSupport.js';

const firstDelays = (schedule: PollSchedule, n: number): number[] => {
  const delays = pollDelays(schedule);
  return Array.from({ length: n }, () => delays.next().value);
};

/** The rendered app (phase 1) as the source files runDeploy takes. */
const renFiles = (): { relativePath: string; contents: string }[] => {
  const root = fixturePath('ren');
  return readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).map((f) => ({ relativePath: `${dir}/${f}`, contents: readFileSync(join(root, dir, f), 'utf8') })));
};

describe('salesforce: status poll schedule', () => {
  it('asks first after 150 ms, then waits 1.5 times longer each time up to a 2 s cap', () => {
    expect(firstDelays(SHIPPED_POLL_SCHEDULE, 10).map(Math.round)).to.deep.equal([150, 225, 338, 506, 759, 1139, 1709, 2000, 2000, 2000]);
  });

  it('keeps a fixed interval when one is asked for (--poll-interval), the shipped schedule otherwise', () => {
    expect(firstDelays(pollScheduleFor(40), 3)).to.deep.equal([40, 40, 40]);
    expect(pollScheduleFor(undefined)).to.equal(SHIPPED_POLL_SCHEDULE);
    expect(firstDelays(fixedPollSchedule(0), 2)).to.deep.equal([0, 0]);
  });

  describe('against an org whose jobs take wall time', () => {
    let org: LoopbackOrg;
    let conn: Connection;
    beforeEach(async () => {
      org = await startLoopbackOrg();
      conn = await connectionFor(org);
    });
    afterEach(() => org.stop());

    it('a 1 s deploy is seen done with the shipped schedule in at most 5 status checks (checks at 0.15, 0.38, 0.71, 1.22 s)', async () => {
      org.faults.jobDurationMs = 1000;
      org.resetLog();
      const report = await runDeploy({ conn, files: renFiles(), apiVersion: '64.0', checkOnly: false, waitMinutes: 1 });
      expect(report.status).to.equal('Succeeded');
      const checks = org.counts()['soap:checkDeployStatus'] ?? 0;
      expect(checks).to.be.within(3, 5);
    });

    it('a retrieve is polled on the same schedule and still returns what the org holds', async () => {
      await runDeploy({ conn, files: renFiles(), apiVersion: '64.0', checkOnly: false, waitMinutes: 1, pollIntervalMs: 10 });
      org.faults.jobDurationMs = 400;
      org.resetLog();
      const retrieve = await new ComponentSet([{ type: 'ExternalClientApplication', fullName: 'ren' }]).retrieve({
        usernameOrConnection: conn, output: mkdtempSync(join(tmpdir(), 'poll-schedule-')), merge: false,
      });
      const result = await pollOnSchedule(retrieve, SHIPPED_POLL_SCHEDULE, 10);
      expect(result.getFileResponses().map((f) => `${f.type}:${f.fullName}:${f.state}`)).to.include('ExternalClientApplication:ren:Created');
      expect(org.counts()['soap:checkRetrieveStatus']).to.be.within(2, 4);
    });

    it('keeps --wait: a deploy still running when the wait runs out is reported InProgress with its id', async () => {
      org.faults.neverFinishDeploys = true;
      const report = await runDeploy({ conn, files: renFiles(), apiVersion: '64.0', checkOnly: false, waitMinutes: 1 / 60 });
      expect(report.status).to.equal('InProgress');
      expect(report.id).to.match(/^0Af/);
    });
  });
});
