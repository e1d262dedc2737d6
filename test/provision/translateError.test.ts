/**
 * The provision boundary, as the rollout meets it (a direct call, no CLI): every org failure leaves as a
 * cliError with the org's text, an exit code, data.apiCalls and, where known, the phase and deploy id.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import { SfError } from '@salesforce/core/sfError';
import type { LoopbackOrg, LoopbackOrgOptions } from '../../src/loopback-org/index.js';
import { loggedInOrgs } from '../e2e/deployHarness.js';
import { routeLibraryWarnings } from '../../src/salesforce/libraryWarnings.js';
import { provision } from '../../src/provision/index.js';
import { loadRegistration } from '../../src/registration/loadRegistration.js';

const orgs = loggedInOrgs('ERRORS');

const failingRun = async (arm: (org: LoopbackOrg) => void, switches: LoopbackOrgOptions['switches'] = {}): Promise<{ error: SfError; org: LoopbackOrg }> => {
  const { org, alias, dir } = await orgs.setup({ orgSettings: { oAuthCdCrdtFlowEnable: true, enableClientSecretInRestApiAccess: true }, switches });
  arm(org);
  try {
    await provision({ targetOrg: alias,
      registration: await loadRegistration({}),
      options: { dryRun: false, waitMinutes: 1, allowOrgSettings: false, pollIntervalMs: 10, outputPath: join(dir, 'h.json'), readbackRetry: { attempts: 2, initialDelayMs: 10 } },
    });
  } catch (e) {
    return { error: e as SfError, org };
  }
  throw new Error('provision succeeded although a fault was armed');
};

const nthCall = (kind: string, nth: number) => {
  let seen = 0;
  return (c: { kind: string }): boolean => c.kind === kind && ++seen === nth;
};

describe('provision error boundary', function () {
  this.timeout(30_000);
  before(() => routeLibraryWarnings(() => undefined));
  after(() => orgs.stopAll());

  it('a SOAP fault on the deploy of all five parts: OrgRequestFailedError, exit 1, the org\'s text, apiCalls and phase', async () => {
    const { error } = await failingRun((org) => org.faults.failCall('soap:deploy', 'soapFault', 1));
    expect(error).to.be.instanceOf(SfError);
    expect(error.name).to.equal('OrgRequestFailedError');
    expect(error.exitCode).to.equal(1);
    expect(error.message).to.include('UNKNOWN_EXCEPTION').and.include('An unexpected error occurred');
    expect(error.actions?.length ?? 0).to.be.greaterThan(0);
    const data = error.data as { apiCalls: Record<string, number>; phase: string; stage: string };
    expect(data.apiCalls['soap:deploy']).to.equal(1);
    expect(data).to.include({ phase: 'app+policies', stage: 'deploy:app+policies' });
  });

  it('in two steps (an org that takes policies only once their app exists), a SOAP fault on the policies deploy after the app deployed: DeployPartialError, exit 68', async () => {
    // Deploy 1 (all five) is refused for order and changes nothing; deploy 2 is the app; deploy 3 the policies.
    const { error, org } = await failingRun((o) => o.faults.failCall(nthCall('soap:deploy', 3), 'soapFault', 1), { policiesWithAppInSameDeploy: 'refuse' });
    expect(error.name).to.equal('DeployPartialError');
    expect(error.exitCode).to.equal(68);
    expect(error.message).to.include('the app is deployed').and.include('UNKNOWN_EXCEPTION');
    expect((error.data as { phase: string; partlyDeployed: boolean }).phase).to.equal('policies');
    expect((error.data as { partlyDeployed: boolean }).partlyDeployed).to.equal(true);
    expect(org.components().some((c) => c.type === 'ExternalClientApplication'), 'the app stands').to.equal(true);
  });

  it('a status poll failing: the deploy id is in data so the caller can resume it', async () => {
    const { error } = await failingRun((org) => org.faults.failCall('soap:checkDeployStatus', 'soapFault', 5));
    expect(error.exitCode).to.equal(1);
    expect((error.data as { deployId?: string }).deployId).to.match(/^0Af/);
  });

  it('REQUEST_LIMIT_EXCEEDED during preflight is reported (not swallowed as an unchecked fact), with its cause for back-off', async () => {
    const { error } = await failingRun((org) => org.faults.failCall('rest:query', 'requestLimit', 1));
    expect(error.name).to.equal('OrgRequestFailedError');
    expect(error.message).to.include('REQUEST_LIMIT_EXCEEDED');
    expect((error.cause as { errorCode?: string } | undefined)?.errorCode).to.equal('REQUEST_LIMIT_EXCEEDED');
    expect((error.data as { stage: string }).stage).to.equal('preflight');
  });

  it('an HTML 500 from a load balancer: exit 1 naming the HTTP status', async () => {
    const { error } = await failingRun((org) => org.faults.failCall('soap:deploy', 'http500', 1));
    expect(error.name).to.equal('OrgRequestFailedError');
    expect(error.message).to.include('500');
    expect((error.data as { apiCalls: Record<string, number> }).apiCalls['soap:deploy']).to.equal(1);
  });
});

describe('translateError: what the run left changed (issue 11)', () => {
  it('lists, from the completed stages, what a failed run left changed in the org: as an action and as data.leftChanged', async () => {
    const { translateError } = await import('../../src/provision/translateError.js');
    const { cliError } = await import('../../src/errors/index.js');
    const trail = [
      { stage: 'deploy:org-settings', state: 'done' },
      { stage: 'deploy:app', state: 'done' },
      { stage: 'deploy:policies', state: 'done' },
      { stage: 'check', state: 'start' },
    ] as const;
    const error = translateError(cliError('EndStateMismatch', ['acme', 1, '  - x']), { label: 'acme', ref: { aliasOrUsername: 'acme', instanceUrl: 'https://x' }, trail, apiCalls: {} });
    expect(error.exitCode).to.equal(68);
    expect((error.data as { leftChanged: string[] }).leftChanged).to.have.length(3);
    expect(error.actions?.at(-1)).to.match(/^This run left changed in the org: the org setting "Allow Authorization Code and Credentials Flows" is switched ON .*; Ren's policies are deployed\.$/);
    const untouched = translateError(cliError('EndStateMismatch', ['acme', 1, '  - x']), { label: 'acme', ref: { aliasOrUsername: 'acme', instanceUrl: 'https://x' }, trail: [{ stage: 'preflight', state: 'start' }], apiCalls: {} });
    expect((untouched.data as Record<string, unknown>).leftChanged).to.equal(undefined);
    expect(untouched.actions?.some((a) => a.startsWith('This run left changed'))).to.equal(false);
  });
});
