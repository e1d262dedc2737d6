/**
 * The state directory: one small JSON file per tenant, each write atomic (temp file + fsync + rename), so a
 * kill at any moment leaves every file either before or after a transition, never half-written.
 *
 *   <state>/tenants/<tenant>.json        progress of real deploys
 *   <state>/tenants/<tenant>.submitting.<phase>   present while a deploy is being submitted and its id is not saved yet:
 *                                        {phase, at}; a re-run looks for that deploy in the org before submitting
 *   <state>/validate/tenants/<tenant>.json   progress of --dry-run (check-only) runs, kept apart
 *   <state>/lock.<shard-tag>             the running rollout's pid, so two runs never share a shard's state
 *   <state>/report.<shard-tag>.jsonl     the last run's report (written by the rollout)
 *   <state>/validate/report.<shard-tag>.jsonl   the same for --dry-run
 */
import { hostname } from 'node:os';
import { mkdir, open, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/index.js';
import { cliError } from '../errors/index.js';
import type { DeployPhase } from '../provision/index.js';
import { tenantStateSchema, type TenantState } from './tenantState.js';
import { processAlive } from '../files/index.js';

/** A deploy of `phase` was being submitted at `at` (ISO time); its id had not been saved yet. */
export type SubmittingMarker = { readonly phase: DeployPhase; readonly at: string };

/** Markers written before the rename hold the stage ('deploy:app'). */
const phaseOfMarker = (doc: { phase?: unknown; stage?: unknown }): DeployPhase | undefined => {
  const value = typeof doc.phase === 'string' ? doc.phase : typeof doc.stage === 'string' ? doc.stage.replace(/^deploy:/, '') : undefined;
  return value === 'app' || value === 'policies' || value === 'app+policies' ? value : undefined;
};

const SUBMITTING_INFIX = '.submitting.';

export type StateMode = 'deploy' | 'dry-run' | 'status' | 'rotate' | 'rotate-finish' | 'remove';

/**
 * Dry runs keep their own state and report, so a validation never counts as (or hides) a real deploy; `status`
 * keeps its report apart too (<state>/status/report.<shard>.jsonl).
 */
const MODE_DIRS: Record<StateMode, readonly string[]> = {
  deploy: [],
  'dry-run': ['validate'],
  status: ['status'],
  // rotate / rotate --finish / remove (issue 16): each its own tenants and reports.
  rotate: ['rotate'],
  'rotate-finish': ['rotate-finish'],
  remove: ['remove'],
};

export class StateStore {
  /** Where this mode's tenant files live. */
  public readonly tenantsDir: string;
  /** Where this mode's reports go. */
  public readonly reportDir: string;

  public constructor(
    public readonly dir: string,
    mode: StateMode = 'deploy',
  ) {
    this.reportDir = join(dir, ...MODE_DIRS[mode]);
    this.tenantsDir = join(this.reportDir, 'tenants');
  }

  public tenantPath(tenantId: string): string {
    return join(this.tenantsDir, `${tenantId}.json`);
  }

  public async load(tenantId: string): Promise<TenantState | undefined> {
    const path = this.tenantPath(tenantId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw cliError('RolloutStateInvalid', [path, 'not JSON'], { cause: e });
    }
    const parsed = tenantStateSchema.safeParse(doc);
    if (!parsed.success) throw cliError('RolloutStateInvalid', [path, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')]);
    return parsed.data;
  }

  /** Every tenant state in the directory (for `rollout report --state`). */
  public async loadAll(): Promise<TenantState[]> {
    let names: string[];
    try {
      names = await readdir(this.tenantsDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const ids = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -'.json'.length));
    const states = await Promise.all(ids.sort().map((id) => this.load(id)));
    return states.filter((s): s is TenantState => s !== undefined);
  }

  public async save(state: TenantState): Promise<void> {
    await writeFileAtomic(this.tenantPath(state.tenant), `${JSON.stringify(state, undefined, 2)}\n`, { mode: 0o600, dirMode: 0o700 });
  }

  /** One marker per deploy phase, so clearing one phase's marker never removes the next one's. */
  private submittingPath(tenantId: string, phase: DeployPhase): string {
    return join(this.tenantsDir, `${tenantId}${SUBMITTING_INFIX}${phase}`);
  }

  /**
   * Records, atomically (temp file, fsync, rename) and before returning, that a deploy of `phase` is about to be
   * submitted; provisioning waits for it (ProvisionJournal.submitting) before it submits.
   */
  public async markSubmitting(tenantId: string, phase: DeployPhase, at = new Date()): Promise<void> {
    // Off the event loop (other tenants' polls go on meanwhile); the pipeline awaits it before it submits.
    await writeFileAtomic(this.submittingPath(tenantId, phase), JSON.stringify({ phase, at: at.toISOString() } satisfies SubmittingMarker), { mode: 0o600, dirMode: 0o700 });
  }

  /** Markers of submissions whose deploy id may not have reached the state file, newest first. */
  public async submitting(tenantId: string): Promise<SubmittingMarker[]> {
    const prefix = `${tenantId}${SUBMITTING_INFIX}`;
    let names: string[];
    try {
      names = (await readdir(this.tenantsDir)).filter((n) => n.startsWith(prefix) && !n.endsWith('.tmp'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const markers = await Promise.all(
      names.map(async (n): Promise<SubmittingMarker | undefined> => {
        try {
          const doc = JSON.parse(await readFile(join(this.tenantsDir, n), 'utf8')) as { phase?: unknown; stage?: unknown; at?: unknown };
          const phase = phaseOfMarker(doc);
          return phase !== undefined && typeof doc.at === 'string' && !Number.isNaN(Date.parse(doc.at)) ? { phase, at: doc.at } : undefined;
        } catch {
          return undefined; // gone meanwhile or unreadable: renames are atomic, so nothing was being submitted under it
        }
      }),
    );
    return markers.filter((m): m is SubmittingMarker => m !== undefined).sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  }

  /** The deploy of `phase` (or, without a phase, every one) is accounted for: forget its marker. */
  public async clearSubmitting(tenantId: string, phase?: DeployPhase): Promise<void> {
    const prefix = `${tenantId}${SUBMITTING_INFIX}`;
    const names = phase === undefined ? await readdir(this.tenantsDir).then((all) => all.filter((n) => n.startsWith(prefix) && !n.endsWith('.tmp')), () => []) : [`${prefix}${phase}`];
    await Promise.all(names.map((n) => rm(join(this.tenantsDir, n), { force: true })));
  }

  /**
   * Takes the shard's lock or throws RolloutStateLocked. A lock left by a process that no longer exists on
   * this host (e.g. after `kill -9`) is taken over. Returns the release function.
   */
  public async lock(tag: string): Promise<() => Promise<void>> {
    const path = join(this.dir, `lock.${tag}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx', 0o600);
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }));
        await handle.close();
        return () => rm(path, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = await readLock(path);
      if (holder !== undefined && (holder.host !== hostname() || processAlive(holder.pid))) {
        throw cliError('RolloutStateLocked', [this.dir, String(holder.pid), holder.host]);
      }
      await rm(path, { force: true });
    }
    throw cliError('RolloutStateLocked', [this.dir, 'unknown', hostname()]);
  }
}

const readLock = async (path: string): Promise<{ pid: number; host: string } | undefined> => {
  try {
    const doc = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof doc.pid === 'number' && typeof doc.host === 'string' ? { pid: doc.pid, host: doc.host } : undefined;
  } catch {
    return undefined; // empty or torn lock (killed while writing it): stale
  }
};

