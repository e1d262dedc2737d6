/**
 * stdout carries only the document asked for, whatever the libraries are told to log: the shipped bundle runs
 * as a child with @salesforce/core's most verbose settings (SF_LOG_LEVEL=trace, DEBUG=*, log file enabled),
 * and its stdout must parse as exactly one document.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { HANDOFF_FIELDS } from '../../src/credentials/handoff.js';
import { SECRET_FORMAT, loggedInOrgs, noSecretIn, runCliChild } from './deployHarness.js';

const orgs = loggedInOrgs('STDOUT');
const FAST = ['--poll-interval', '10'];
const LOUD = { SF_LOG_LEVEL: 'trace', DEBUG: '*', SF_DISABLE_LOG_FILE: 'false', SF_LOG_STDERR: 'false' };
const READY = { orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true } };

describe('stdout carries only the document (shipped CLI, libraries logging at trace)', function () {
  this.timeout(120_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('--json: stdout is one JSON document; the library logs went to stderr', async () => {
    const ctx = await orgs.setup(READY);
    const run = await runCliChild(['deploy', '-o', ctx.alias, '--output', join(ctx.dir, 'h.json'), '--json', ...FAST], { cwd: ctx.dir, env: LOUD });
    expect(run.exitCode, run.stderr.slice(-2000)).to.equal(0);
    const doc = JSON.parse(run.stdout) as { status: number; result: { status: string } };
    expect(doc.status).to.equal(0);
    expect(doc.result.status).to.equal('created');
    expect(noSecretIn(ctx.org, run), 'no secret').to.equal(true);
  });

  it('--output -: stdout is exactly the hand-off JSON (piped like `| vault kv put … -`)', async () => {
    const ctx = await orgs.setup(READY);
    const run = await runCliChild(['deploy', '-o', ctx.alias, '--output', '-', ...FAST], { cwd: ctx.dir, env: LOUD });
    expect(run.exitCode, run.stderr.slice(-2000)).to.equal(0);
    const handoff = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(handoff)).to.deep.equal([...HANDOFF_FIELDS]);
    expect(SECRET_FORMAT.test(String(handoff.consumerSecret)), 'secret format').to.equal(true);
    expect(handoff.orgId).to.equal(ctx.org.orgId);
  });

  it('a refusal under --json: stdout is the error document (exit 2), nothing else', async () => {
    const ctx = await orgs.setup(READY);
    const run = await runCliChild(['deploy', '-o', ctx.alias, '--output', '/dev/null', '--json', ...FAST], { cwd: ctx.dir, env: LOUD });
    expect(run.exitCode).to.equal(2);
    const doc = JSON.parse(run.stdout) as { name: string; exitCode: number; stack?: string };
    expect(doc).to.include({ name: 'HandoffTargetRefusedError', exitCode: 2 });
    expect(doc).to.not.have.property('stack');
  });
});
