/**
 * A stand-in for the single-org provisioning, for tests of the rollout's own behaviour (scheduling, state,
 * resume, back-off, reports). It keeps a per-org log like the loopback org's request log, so tests assert
 * on what each org received. Org behaviour itself is tested end to end against the loopback org.
 */
import { writeFile } from 'node:fs/promises';
import { SfError } from '@salesforce/core/sfError';
import { z } from 'zod';
import type { RolloutDependencies, TenantProvisionOutcome, TenantProvisionRequest } from '../../src/fleet/rolloutDependencies.js';

export const fakeOverridesSchema = z.strictObject({
  profiles: z.array(z.string().min(1)).optional(),
  permissionSets: z.array(z.string().min(1)).optional(),
  callbackUrls: z.array(z.url({ protocol: /^https$/ })).min(1).optional(),
});

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
  /** Per run: whether provisioning found the record a run that died with secret access on left behind. */
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
  /** Stand-in for provisionOrg's own per-org record (src/salesforce/secretAccess): kept by provisioning, not by the rollout. */
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

  const provision = async (req: TenantProvisionRequest): Promise<TenantProvisionOutcome> => {
    const b = behaviour.get(req.username) ?? {};
    const l = log(req.username);
    touched.push(req.username);
    l.runs++;
    l.resumedFrom.push(req.resume?.deployId);
    l.secretAccessHints.push(secretAccessRecord.has(req.username));
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      await sleep(b.delayMs ?? 5);
      if ((b.requestLimitTimes ?? 0) > 0) {
        b.requestLimitTimes = (b.requestLimitTimes ?? 0) - 1;
        throw Object.assign(new Error('REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.'), { name: 'sf:REQUEST_LIMIT_EXCEEDED', errorCode: 'sf:REQUEST_LIMIT_EXCEEDED' });
      }
      req.progress({ stage: 'preflight', state: 'start' });
      if (b.failPreflight) throw sfError('PreflightFailedError', b.failPreflight, 1, ['Create the profile in the org.']);
      req.progress({ stage: 'preflight', state: 'done' });
      const app = orgApps.get(req.username) ?? { deployed: false };
      const created = !app.deployed;
      if (req.resume === undefined) {
        const id = `0Af${String(++deployCounter).padStart(15, '0')}`;
        l.deploysSubmitted.push(id);
        req.progress({ stage: 'deploy:app', state: 'submitted', deployId: id });
      }
      await sleep(b.delayMs ?? 5);
      if ((b.stillRunningTimes ?? 0) > 0) {
        b.stillRunningTimes = (b.stillRunningTimes ?? 0) - 1;
        throw sfError('DeployStillRunningError', 'The deploy is still running in the org.', 69, ['Run the same command again to continue waiting.']);
      }
      if (b.failDeploy) throw sfError('DeployFailedError', b.failDeploy, 1, ['Fix the component error.']);
      if (!req.dryRun) app.deployed = true;
      orgApps.set(req.username, app);
      req.progress({ stage: 'deploy:app', state: 'done' });
      let handoffPath: string | undefined;
      if (!req.dryRun) {
        // The read-back, with provisionOrg's secret-access dance.
        if (secretAccessOn(req.username) && secretAccessRecord.has(req.username)) {
          secretAccess.set(req.username, false);
          secretAccessRecord.delete(req.username);
          req.progress({ stage: 'readback', state: 'secret-access-restored' });
        } else if (!secretAccessOn(req.username)) {
          secretAccessRecord.add(req.username);
          req.progress({ stage: 'readback', state: 'secret-access-on' });
          secretAccess.set(req.username, true);
          if ((b.dieWithSecretAccessOnTimes ?? 0) > 0) {
            b.dieWithSecretAccessOnTimes = (b.dieWithSecretAccessOnTimes ?? 0) - 1;
            throw new Error('the process died (stand-in for kill -9) with secret access on');
          }
          secretAccess.set(req.username, false);
          secretAccessRecord.delete(req.username);
          req.progress({ stage: 'readback', state: 'secret-access-restored' });
        }
        await writeFile(req.outputPath, JSON.stringify({ consumerKey: `3MVG${req.username}`, consumerSecret: 'S'.repeat(64) }), { mode: 0o600 });
        l.handoffsWritten++;
        handoffPath = req.outputPath;
        req.progress({ stage: 'handoff', state: 'done' });
      }
      return {
        status: req.dryRun ? 'validated' : created ? 'created' : 'unchanged',
        exitCode: 0,
        changes: created ? [{ component: 'ExternalClientApplication', field: 'label', to: 'Ren' }] : [],
        ...(handoffPath === undefined ? {} : { handoffPath }),
        consumerKey: `3MVG${req.username}`,
        orgId: '00D000000000001AAA',
        loginUrl: `https://${req.username}.my.salesforce.com`,
        apiCalls: { 'soap:deploy': 1, 'soap:checkDeployStatus': 2 },
        warnings: [],
      };
    } finally {
      inFlight--;
    }
  };

  const deps: RolloutDependencies = {
    overridesSchema: fakeOverridesSchema,
    prepareRegistration: (overrides) => {
      const profiles = (overrides as { profiles?: string[] }).profiles;
      if (profiles?.includes('Nobody')) {
        return Promise.reject(SfError.create({ name: 'SpecInvalidError', message: 'bad', exitCode: 2, data: { problems: ['policies.profiles: "Nobody" is reserved — pick another profile'] } }));
      }
      return Promise.resolve({ app: 'ren', overrides });
    },
    orgDirectory: () => Promise.resolve({ resolveUsername: (a: string) => Promise.resolve(aliases[a] ?? (Object.values(aliases).includes(a) ? a : undefined)) }),
    provision,
  };
  return { deps, behaviour, log, maxInFlight: () => peak, secretAccessOn, touched };
};
