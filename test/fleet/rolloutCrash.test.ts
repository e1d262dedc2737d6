/**
 * Crash test: the rollout runs as a child process against loopback orgs living in this process and is
 * SIGKILLed at seeded request points (the n-th request of a seeded kind, counted across the fleet, killed
 * after the org acted on it and before its answer leaves), then re-run until it finishes. Kill points are
 * events, not wall-clock times, so load on the machine cannot make a kill miss; each planned kill must land.
 * Afterwards every org must have been provisioned exactly once (one app, the deploys of one clean run polled
 * to completion, none of them re-submitted) and every hand-off file must be complete, private and hold the
 * credentials the org issued.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { KEY_FORMAT, SECRET_FORMAT, spawnCli, startFleet, type Fleet } from './loopbackFleet.js';
import { workspace, type Workspace } from './helpers.js';
import { armKill, describeKill, floorOfRun, pickKill, prng, type RequestFloor } from './killPlan.js';

const KILLS_PER_SEED = 2;
/** Deploys one uninterrupted run sends to a fresh org that takes policies with their new app: one, all five parts. */
const DEPLOYS_PER_CLEAN_RUN = 1;
const IN_PROGRESS_POLLS = 2;

/**
 * Requests a tenant is sure to cause in a run (measured against the loopback org, rounded down): a tenant
 * never started goes through preflight, both deploys and the read-back; a tenant with a state file that is
 * not done goes at least through preflight (readMetadata, listMetadata, queries) and the read-back again.
 */
const NEVER_STARTED: RequestFloor = { any: 14, 'soap:deploy': DEPLOYS_PER_CLEAN_RUN, 'soap:checkDeployStatus': DEPLOYS_PER_CLEAN_RUN * (IN_PROGRESS_POLLS + 1), 'connect:credentials': 1 };
const INTERRUPTED: RequestFloor = { any: 5, 'soap:listMetadata': 1, 'connect:credentials': 1 };

type StoredState = { step: string; history: { deployId?: string }[] };

const storedState = async (stateDir: string, tenant: string): Promise<StoredState | undefined> => {
  try {
    return JSON.parse(await readFile(join(stateDir, 'tenants', `${tenant}.json`), 'utf8')) as StoredState;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
};

/** What the next run is sure to send, from the tenants' stored phases. */
const floorOfNextRun = async (stateDir: string, tenants: readonly string[]): Promise<RequestFloor> => {
  const states = await Promise.all(tenants.map((t) => storedState(stateDir, t)));
  return floorOfRun(states.filter((s) => s?.step !== 'done').map((s) => (s === undefined ? NEVER_STARTED : INTERRUPTED)));
};

/** The tenant's hand-off file: private, every field, and the key and secret the org issued (by format and equality, never shown). */
const expectCompleteHandoff = async (ws: Workspace, t: string, org: LoopbackOrg | undefined): Promise<void> => {
  const path = join(ws.outputDir, `${t}.json`);
  expect((await stat(path)).mode & 0o777, `${t} hand-off mode`).to.equal(0o600);
  const handoff = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  expect(Object.keys(handoff).sort()).to.deep.equal(['apiVersion', 'appApiName', 'consumerKey', 'consumerSecret', 'instanceUrl', 'isSandbox', 'issuedAt', 'loginUrl', 'orgId', 'verifiedAt']); // proven after the hand-off (the loopback org knows new keys at once)
  expect(KEY_FORMAT.test(String(handoff.consumerKey)), `${t} consumer key format`).to.equal(true);
  expect(SECRET_FORMAT.test(String(handoff.consumerSecret)), `${t} consumer secret format`).to.equal(true);
  expect(handoff.consumerKey === org?.issuedKeyForTest('ren'), `${t} key is the one the org issued`).to.equal(true);
  expect(handoff.consumerSecret === org?.issuedSecretForTest('ren'), `${t} secret is the one the org issued`).to.equal(true);
};

const rolloutArgv = (ws: Workspace, tenantsFile: string): string[] =>
  ['rollout', '--tenants', tenantsFile, '--state', ws.stateDir, '--output-dir', ws.outputDir, '--concurrency', '2', '--poll-interval', '10', '--json'];

/** One seed's whole scenario: kills, final run and every check, while its orgs are still up. */
const tenantsOf = (seed: number): string[] => [1, 2, 3, 4].map((i) => `s${seed}t${i}`);

const crashScenario = async (seed: number, fleet: Fleet): Promise<void> => {
  const random = prng(seed);
  const tenants = tenantsOf(seed);
  const ws: Workspace = await workspace();
  try {
    const file = await ws.file('tenants.csv', ['tenant,org', ...tenants.map((t) => `${t},org-${t}`)].join('\n'));
    const argv = rolloutArgv(ws, file);
    const kills: string[] = [];
    let final: { exitCode: number; stdout: string; stderr: string } | undefined;
    for (let run = 0; run <= KILLS_PER_SEED && final === undefined; run++) {
      const point = kills.length < KILLS_PER_SEED ? pickKill(random, await floorOfNextRun(ws.stateDir, tenants)) : undefined;
      const { child, done } = spawnCli(argv, ws.dir);
      const armed = point === undefined ? undefined : armKill(fleet.orgs.values(), point, () => child.kill('SIGKILL'));
      const result = await done.finally(() => armed?.disarm());
      if (point !== undefined) {
        // A planned kill that did not land would make this seed test nothing: fail loudly instead.
        expect(armed?.landed, `run ${run}: the planned kill at ${describeKill(point)} landed (exit ${result.exitCode}: ${result.stderr})`).to.equal(true);
        expect(result.signal, `run ${run} ended by SIGKILL`).to.equal('SIGKILL');
        kills.push(describeKill(point));
        continue;
      }
      expect(result.exitCode, `run ${run} after kills at ${kills.join(', ')}: ${result.stdout}${result.stderr}`).to.equal(0);
      final = result;
    }
    const where = `kills at ${kills.join(', ')}`;
    expect(final, `finished after ${where}`).to.not.equal(undefined);
    expect(kills.length, 'kills that landed').to.be.greaterThan(0);
    const doc = JSON.parse(final?.stdout ?? '{}') as { result: { summary: { total: number; succeeded: number } } };
    expect(doc.result.summary).to.include({ total: tenants.length, succeeded: tenants.length });

    for (const t of tenants) {
      const org = fleet.orgs.get(t);
      // Every deploy the rollout learnt the id of was polled to the end, never submitted again: the state's
      // history holds exactly the one deploy of a clean run.
      const state = await storedState(ws.stateDir, t);
      const known = new Set(state?.history.map((h) => h.deployId).filter((id) => id !== undefined));
      expect(known.size, `${t}: deploys the rollout ran (${where})`).to.equal(DEPLOYS_PER_CLEAN_RUN);
      // Exactly that one reached the org: a kill between the org accepting a deploy and its id reaching the
      // state file is covered by the 'submitting' marker, so the re-run found that deploy instead of re-submitting.
      expect(org?.counts()['soap:deploy'], `${t}: deploys the org received (${where})`).to.equal(DEPLOYS_PER_CLEAN_RUN);
      expect(org?.components().filter((c) => c.type === 'ExternalClientApplication').map((c) => c.fullName)).to.deep.equal(['ren']);
      await expectCompleteHandoff(ws, t, org);
    }
  } finally {
    await fleet.stop();
    await ws.cleanup();
  }
};


/**
 * An org with REST access to consumer secrets OFF: the read-back switches it on (updateMetadata), reads, and
 * switches it off. The run is killed while it is on (at the read after the switch-on); the
 * re-run must find the record of it, read, and switch it off although it finds it on.
 */
const SECRET_TENANT = 'secretoff';
// The switch-on is one synchronous updateMetadata (issue 14); the kill lands at the secret read that follows it.
const KILL_WHILE_SECRET_ACCESS_ON = { kind: 'connect:credentials', nth: 1, after: { kind: 'soap:updateMetadata', nth: 1 } } as const;

const secretAccessScenario = async (fleet: Fleet): Promise<void> => {
  const org = fleet.orgs.get(SECRET_TENANT);
  const ws: Workspace = await workspace();
  try {
    const argv = rolloutArgv(ws, await ws.file('tenants.csv', `tenant,org\n${SECRET_TENANT},org-${SECRET_TENANT}\n`));
    const killed = spawnCli(argv, ws.dir);
    const armed = armKill(fleet.orgs.values(), KILL_WHILE_SECRET_ACCESS_ON, () => killed.child.kill('SIGKILL'));
    const first = await killed.done.finally(() => armed.disarm());
    expect(armed.landed && first.signal === 'SIGKILL', `killed at ${describeKill(KILL_WHILE_SECRET_ACCESS_ON)} (exit ${first.exitCode}: ${first.stderr})`).to.equal(true);
    expect(org?.settings().enableClientSecretInRestApiAccess, 'the kill left REST access to secrets on').to.equal(true);

    const rerun = await spawnCli(argv, ws.dir).done;
    expect(rerun.exitCode, `${rerun.stdout}${rerun.stderr}`).to.equal(0);
    expect(org?.settings().enableClientSecretInRestApiAccess, 'switched back off by the re-run').to.equal(false);
    // app and policies deployed, the switch on (killed run); the switch off (the re-run, which found it on and had
    // nothing else to deploy).
    expect(org?.counts()['soap:deploy'], 'deploys the org received').to.equal(DEPLOYS_PER_CLEAN_RUN);
    expect(org?.counts()['soap:updateMetadata'], 'switch on, switch off').to.equal(2);
    await expectCompleteHandoff(ws, SECRET_TENANT, org);
    const warnings = (JSON.parse(rerun.stdout) as { warnings: string[] }).warnings;
    expect(warnings.some((w) => /left on by an interrupted earlier run/.test(w)), 'the re-run says what it found and does').to.equal(true);
  } finally {
    await fleet.stop();
    await ws.cleanup();
  }
};

/**
 * The orphan-deploy window: the kill lands right after the org accepted a deploy (before its answer, with the
 * id, left the org). The re-run must find that deploy in the org (Tooling DeployRequest) and poll it, not
 * submit another one, and finish with a complete hand-off.
 */
type OrphanCase = { readonly name: string; readonly nth: number; readonly what: string; readonly inAll: number; readonly twoStep: boolean };
/**
 * The one deploy of an org that takes policies with their new app; and, in an org that takes them only once the app
 * exists (switch policiesWithAppInSameDeploy 'refuse'), the app deploy and the policies deploy that follow the
 * refused single deploy (which changed nothing, so it counts among the org's deploys but not as a resubmission).
 */
const ORPHAN_CASES: readonly OrphanCase[] = [
  { name: 'orphan1', nth: 1, what: 'the one deploy of all five parts', inAll: DEPLOYS_PER_CLEAN_RUN, twoStep: false },
  { name: 'orphan2s', nth: 2, what: 'the app deploy of a two-step org', inAll: 3, twoStep: true },
  { name: 'orphan3s', nth: 3, what: 'the policies deploy of a two-step org', inAll: 3, twoStep: true },
];

const orphanDeployScenario = async ({ name: tenant, nth, inAll }: OrphanCase, fleet: Fleet): Promise<void> => {
  const org = fleet.orgs.get(tenant);
  const ws: Workspace = await workspace();
  try {
    const argv = rolloutArgv(ws, await ws.file('tenants.csv', `tenant,org\n${tenant},org-${tenant}\n`));
    const point = { kind: 'soap:deploy', nth };
    const killed = spawnCli(argv, ws.dir);
    const armed = armKill(fleet.orgs.values(), point, () => killed.child.kill('SIGKILL'));
    const first = await killed.done.finally(() => armed.disarm());
    expect(armed.landed && first.signal === 'SIGKILL', `killed at ${describeKill(point)} (exit ${first.exitCode}: ${first.stderr})`).to.equal(true);
    expect(org?.counts()['soap:deploy'], 'deploys the org accepted before the kill').to.equal(nth);
    const before = await storedState(ws.stateDir, tenant);
    expect(before?.history.filter((h) => h.deployId !== undefined), 'deploy ids saved before the kill').to.have.length(nth - 1);

    const rerun = await spawnCli(argv, ws.dir).done;
    expect(rerun.exitCode, `${rerun.stdout}${rerun.stderr}`).to.equal(0);
    expect(org?.counts()['soap:deploy'], 'deploys the org received in all (none submitted twice)').to.equal(inAll);
    expect(org?.counts()['tooling:query'] ?? 0, 'the re-run looked the deploy up').to.be.greaterThan(0);
    const state = await storedState(ws.stateDir, tenant);
    expect(state?.step).to.equal('done');
    expect(new Set(state?.history.map((h) => h.deployId).filter((id) => id !== undefined)).size, 'deploys the rollout ran').to.equal(inAll);
    expect(org?.components().filter((c) => c.type === 'ExternalClientApplication').map((c) => c.fullName)).to.deep.equal(['ren']);
    await expectCompleteHandoff(ws, tenant, org);
    const warnings = (JSON.parse(rerun.stdout) as { warnings: string[] }).warnings;
    expect(warnings.some((w) => /instead of submitting another/.test(w)), `the re-run says it continued the deploy: ${warnings.join(' | ')}`).to.equal(true);
  } finally {
    await fleet.stop();
    await ws.cleanup();
  }
};

const SEEDS = [11, 23, 47, 61];

describe('rollout survives kill -9 at seeded request points (child process)', function () {
  this.timeout(60_000);
  // The seeds are independent (own orgs, HOME logins, state and output folders) and their kill points are
  // request counts, so they run side by side: most of each run is the child's start-up, not the orgs' work.
  const scenarios = new Map<number | string, Promise<void>>();
  const start = (name: number | string, scenario: Promise<void>): void => {
    scenario.catch(() => undefined); // reported by the scenario's own test below
    scenarios.set(name, scenario);
  };
  /** The scenario's outcome; a name no scenario was started under fails instead of passing as `undefined`. */
  const outcomeOf = (name: number | string): Promise<void> => {
    const scenario = scenarios.get(name);
    if (scenario === undefined) throw new Error(`no scenario was started under ${String(name)}`);
    return scenario;
  };
  before(async () => {
    const fleets = new Map<number, Fleet>();
    // Logins are saved one after the other: they share this process's sf auth store (HOME).
    for (const seed of SEEDS) fleets.set(seed, await startFleet(tenantsOf(seed), () => ({ faults: { latencyMs: 5, deployInProgressPolls: IN_PROGRESS_POLLS } })));
    const secretFleet = await startFleet([SECRET_TENANT], () => ({
      orgSettings: { enableClientSecretInRestApiAccess: false, oAuthCdCrdtFlowEnable: true },
      faults: { latencyMs: 5, deployInProgressPolls: IN_PROGRESS_POLLS },
    }));
    const orphanFleets = new Map<OrphanCase, Fleet>();
    for (const c of ORPHAN_CASES) {
      const switches = c.twoStep ? { policiesWithAppInSameDeploy: 'refuse' as const } : {};
      orphanFleets.set(c, await startFleet([c.name], () => ({ switches, faults: { latencyMs: 5, deployInProgressPolls: IN_PROGRESS_POLLS } })));
    }
    for (const [seed, fleet] of fleets) start(seed, crashScenario(seed, fleet));
    for (const [c, fleet] of orphanFleets) start(c.name, orphanDeployScenario(c, fleet));
    start(SECRET_TENANT, secretAccessScenario(secretFleet));
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: every planned kill lands; every tenant ends provisioned exactly once, with a complete hand-off`, () => outcomeOf(seed));
  }
  for (const c of ORPHAN_CASES) {
    it(`killed right after the org accepted deploy #${c.nth} (${c.what}): the re-run finds it in the org and polls it, submits no other, completes the hand-off`, () =>
      outcomeOf(c.name));
  }
  it('killed while REST access to consumer secrets was switched on: the re-run switches it off and completes the hand-off', () => outcomeOf(SECRET_TENANT));
});
