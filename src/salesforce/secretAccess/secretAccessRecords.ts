/**
 * The durable record of "REST access to consumer secrets may be on because of us": one small file per run that
 * switched it on, written synchronously (temp file, fsync, rename) BEFORE the switch-on is sent and removed once
 * the setting is confirmed off. A run that dies in between (SIGKILL, power loss, a failed switch-off) leaves its
 * file, and the next run against the same org finds it and switches the setting off.
 *
 *   <dir>/<key>.<pid>.<random>.json   { key, pid, host, since, ...about }
 *
 * `key` is the org id for `deploy`/`rollout` (the per-user state folder, src/files/stateDir.ts). One file per run,
 * not per org, so two runs at once against one org never remove each other's record: a record of a process that is
 * still alive on this host belongs to that run; any other record was left behind.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../../files/index.js';

export type SecretAccessRecordDoc = { key: string; pid: number; host: string; since: string; about?: Record<string, string> };

/** One run's record; `release()` forgets it (the setting is off again). */
export type HeldRecord = { readonly path: string; release(): Promise<void> };

export type FoundRecord = SecretAccessRecordDoc & { path: string; /** Held by a process still running on this host. */ live: boolean };

const safeKey = (key: string): string => key.replace(/[^A-Za-z0-9_-]/g, '-');

export class SecretAccessRecords {
  public constructor(public readonly dir: string) {}

  /**
   * Writes this run's record and returns only once it is on disk (synchronous on purpose: the switch-on is sent
   * right after, and a kill in between must never leave the setting on with no record of it).
   */
  public hold(key: string, about: Record<string, string> = {}): HeldRecord {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${safeKey(key)}.${process.pid}.${randomBytes(4).toString('hex')}.json`);
    const temp = `${path}.tmp`;
    const doc: SecretAccessRecordDoc = { key, pid: process.pid, host: hostname(), since: new Date().toISOString(), about };
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(doc)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return { path, release: () => rm(path, { force: true }) };
  }

  /** Every record for `key` except `exceptPath` (this run's own), with whether its process still runs. */
  public async find(key: string, exceptPath?: string): Promise<FoundRecord[]> {
    const prefix = `${safeKey(key)}.`;
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.startsWith(prefix) && n.endsWith('.json'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const found = await Promise.all(
      names.map(async (name): Promise<FoundRecord | undefined> => {
        const path = join(this.dir, name);
        if (path === exceptPath) return undefined;
        let doc: Partial<SecretAccessRecordDoc> = {};
        try {
          doc = JSON.parse(await readFile(path, 'utf8')) as Partial<SecretAccessRecordDoc>;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // released meanwhile
          // Unreadable: still a record (its presence is what counts), held by nobody.
        }
        const pid = typeof doc.pid === 'number' ? doc.pid : -1;
        const host = typeof doc.host === 'string' ? doc.host : '';
        const live = pid > 0 && pid !== process.pid && host === hostname() && processAlive(pid);
        return { key, pid, host, since: typeof doc.since === 'string' ? doc.since : '', ...(doc.about ? { about: doc.about } : {}), path, live };
      }),
    );
    return found.filter((r): r is FoundRecord => r !== undefined);
  }

  /** Forgets records left behind by earlier runs (never a live run's). */
  public async clear(records: readonly FoundRecord[]): Promise<void> {
    await Promise.all(records.filter((r) => !r.live).map((r) => rm(r.path, { force: true })));
  }
}
