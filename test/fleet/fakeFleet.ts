/**
 * A stand-in for the single-org provisioning, for tests of the rollout's own behaviour (scheduling, state,
 * resume, back-off, reports). It keeps a per-org log like the loopback org's request log, so tests assert
 * on what each org received. Org behaviour itself is tested end to end against the loopback org.
 */
import { writeFile } from 'node:fs/promises';
import { SfError } from '@salesforce/core/sfError';
import type { RolloutDependencies } from '../../src/fleet/rolloutDependencies.js';
import type { ProvisionOutcome, ProvisionRequest } from '../../src/provision/index.js';
import { applyTenantOverrides, loadRegistration, tenantOverridesSchema, type Registration } from '../../src/registration/index.js';

export type FakeOrgBehaviour = {
  /** Throw at preflight (nothing submitted). */
  failPreflight?: string;
  /** The deploy is submitted, then fails. */
  failDeploy?: string;
  /** The first n calls answer REQUEST_LIMIT_EXCEEDED. */
  requestLimitTimes?: number;
  /** Deploy keeps running past the wait (exit 69) on the first n runs. */
  stillRunningTimes?: number;
  delayMs?: number;
  /** The org has REST access to consumer secrets off: the read-back switches it on, reads, switches it off. */
  secretAccessOff?: boolean;
  /** The first n runs die (the process, as by kill -9) after switching secret access on: it stays on. */
  dieWithSecretAccessOnTimes?: number;
};

export type FakeOrgLog = {
  deploysSubmitted: string[];
  resumedFrom: (string | undefined)[];
  /** Per run: whether provisioning's per-org record said an earlier run left secret access on. */
  secretAccessHints: boolean[];
  runs: number;
  handoffsWritten: number;
};

export type FakeFleet = {
  deps: RolloutDependencies;
  behaviour: Map<string, FakeOrgBehaviour>;
  log(username: string): FakeOrgLog;
  maxInFlight: () => number;
  /** The org's REST-access-to-consumer-secrets setting now. */
  secretAccessOn(username: string): boolean;
  /** Orgs the fake provision was called for, in call order. */
  touched: string[];
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const sfError = (name: string, message: string, exitCode: number, actions: string[] = ['Fix it.']): SfError =>
  SfError.create({ name, message, exitCode, actions });

export const fakeFleet = (aliases: Record<string, string>): FakeFleet => {
  const behaviour = new Map<string, FakeOrgBehaviour>();
  const logs = new Map<string, FakeOrgLog>();
  const orgApps = new Map<string, { deployed: boolean }>();
  const secretAccess = new Map<string, boolean>();
  /** Stand-in for provisioning's own per-org record (src/salesforce/secretAccess): kept by provisioning, not by the rollout. */
  const secretAccessRecord = new Set<string>();
  const secretAccessOn = (u: string): boolean => secretAccess.get(u) ?? !(behaviour.get(u)?.secretAccessOff ?? false);
  const touched: string[] = [];
  let inFlight = 0;
  let peak = 0;
  let deployCounter = 0;
  const log = (u: string): FakeOrgLog => {
    if (!logs.has(u)) logs.set(u, { deploysSubmitted: [], resumedFrom: [], secretAccessHints: [], runs: 0, handoffsWritten: 0 });
    return logs.get(u) as FakeOrgLog;
  };

  const provision = async (req: ProvisionRequest): Promise<ProvisionOutcome> => {
    const username = req.targetOrg ?? '';
    const { dryRun, outputPath } = req.options;
    const emit = req.onEvent ?? ((): void => undefined);
    const b = behaviour.get(username) ?? {};
    const l = log(username);
    touched.push(username);
    l.runs++;
    l.resumedFrom.push(req.resume?.deploy?.deployId);
    l.secretAccessHints.push(secretAccessRecord.has(username));
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      await sleep(b.delayMs ?? 5);
      if ((b.requestLimitTimes ?? 0) > 0) {
        b.requestLimitTimes = (b.requestLimitTimes ?? 0) - 1;
        throw Object.assign(new Error('REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.'), { name: 'sf:REQUEST_LIMIT_EXCEEDED', errorCode: 'sf:REQUEST_LIMIT_EXCEEDED' });
      }
      emit({ stage: 'preflight', state: 'start' });
      if (b.failPreflight) throw sfError('PreflightFailedError', b.failPreflight, 1, ['Create the profile in the org.']);
      emit({ stage: 'preflight', state: 'done' });
      const app = orgApps.get(username) ?? { deployed: false };
      const created = !app.deployed;
      emit({ stage: 'deploy:app', state: 'start' });
      if (req.resume?.deploy === undefined) {
        if (!dryRun) await req.journal?.submitting('app');
        const id = `0Af${String(++deployCounter).padStart(15, '0')}`;
        l.deploysSubmitted.push(id);
        emit({ stage: 'deploy:app', state: 'submitted', deployId: id });
        await req.journal?.submitted({ deployId: id, phase: 'app' });
      }
      await sleep(b.delayMs ?? 5);
      if ((b.stillRunningTimes ?? 0) > 0) {
        b.stillRunningTimes = (b.stillRunningTimes ?? 0) - 1;
        throw sfError('DeployStillRunningError', 'The deploy is still running in the org.', 69, ['Run the same command again to continue waiting.']);
      }
      if (b.failDeploy) throw sfError('DeployFailedError', b.failDeploy, 1, ['Fix the component error.']);
      if (!dryRun) app.deployed = true;
      orgApps.set(username, app);
      emit({ stage: 'deploy:app', state: 'done' });
      await req.journal?.deployed('app');
      let handoffPath: string | undefined;
      if (!dryRun && outputPath !== undefined) {
        // The read-back, with the pipeline's secret-access dance.
        if (secretAccessOn(username) && secretAccessRecord.has(username)) {
          secretAccess.set(username, false);
          secretAccessRecord.delete(username);
          emit({ stage: 'readback', state: 'secret-access-restored' });
        } else if (!secretAccessOn(username)) {
          secretAccessRecord.add(username);
          emit({ stage: 'readback', state: 'secret-access-on' });
          secretAccess.set(username, true);
          if ((b.dieWithSecretAccessOnTimes ?? 0) > 0) {
            b.dieWithSecretAccessOnTimes = (b.dieWithSecretAccessOnTimes ?? 0) - 1;
            throw new Error('the process died (stand-in for kill -9) with secret access on');
          }
          secretAccess.set(username, false);
          secretAccessRecord.delete(username);
          emit({ stage: 'readback', state: 'secret-access-restored' });
        }
        await writeFile(outputPath, JSON.stringify({ consumerKey: `3MVG${username}`, consumerSecret: 'S'.repeat(64), orgId: '00D000000000001AAA' }), { mode: 0o600 });
        l.handoffsWritten++;
        handoffPath = outputPath;
        emit({ stage: 'handoff', state: 'done' });
      }
      const loginUrl = `https://${username}.my.salesforce.com`;
      return {
        status: dryRun ? 'validated' : created ? 'created' : 'unchanged',
        exitCode: 0,
        changes: created ? [{ component: 'ExternalClientApplication ren', field: '(new)' }] : [],
        ...(handoffPath === undefined ? {} : { handoffPath }),
        consumerKey: `3MVG${username}`,
        orgId: '00D000000000001AAA',
        loginUrl,
        instanceUrl: loginUrl,
        isSandbox: false,
        apiVersion: '64.0',
        apiCalls: { 'soap:deploy': 1, 'soap:checkDeployStatus': 2 },
        warnings: [],
      };
    } finally {
      inFlight--;
    }
  };

  let spec: Promise<Registration> | undefined;
  const deps: RolloutDependencies = {
    // The real schema and the real merge: a fake that copied them would drift (it once lacked contactEmail).
    overridesSchema: tenantOverridesSchema,
    prepareRegistration: async (overrides) => {
      const profiles = (overrides as { profiles?: string[] }).profiles;
      if (profiles?.includes('Nobody')) {
        throw SfError.create({ name: 'SpecInvalidError', message: 'bad', exitCode: 2, data: { problems: ['policies.profiles: "Nobody" is reserved — pick another profile'] } });
      }
      return applyTenantOverrides(await (spec ??= loadRegistration()), overrides, 'spec with the tenant overrides');
    },
    orgDirectory: () => Promise.resolve({ resolveUsername: (a: string) => Promise.resolve(aliases[a] ?? (Object.values(aliases).includes(a) ? a : undefined)) }),
    provision,
  };
  return { deps, behaviour, log, maxInFlight: () => peak, secretAccessOn, touched };
};
