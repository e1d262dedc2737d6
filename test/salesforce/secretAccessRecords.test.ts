/**
 * The durable secret-access record and the per-user state folder it lives in: what a later run finds (a dead run's
 * record, never a live run's as "left behind"), private file modes, and the folder's precedence of settings.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { userStateDir } from '../../src/files/stateDir.js';
import { SecretAccessRecords } from '../../src/salesforce/secretAccess/secretAccessRecords.js';
import { TEST_HOME } from '../helpers/isolation.js';

const ORG = '00DRECORDS00001AAA';

describe('secret-access records and the per-user state folder', () => {
  it('the state folder: REN_ECA_STATE_DIR, else $XDG_STATE_HOME/ren-eca (absolute only), else ~/.local/state/ren-eca', () => {
    expect(userStateDir({ REN_ECA_STATE_DIR: '/x/state', XDG_STATE_HOME: '/xdg', HOME: '/h' })).to.equal('/x/state');
    expect(userStateDir({ XDG_STATE_HOME: '/xdg', HOME: '/h' })).to.equal('/xdg/ren-eca');
    expect(userStateDir({ XDG_STATE_HOME: 'relative', HOME: '/h' })).to.equal('/h/.local/state/ren-eca');
    expect(userStateDir({ HOME: '/h' })).to.equal('/h/.local/state/ren-eca');
    expect(process.env.REN_ECA_STATE_DIR, 'tests never write to the real state folder').to.satisfy((d: string) => d.startsWith(TEST_HOME));
  });

  it('a held record is private (0600 in a 0700 folder) and found until released; another run sees it as left behind only once its process is gone', async () => {
    const dir = join(mkdtempSync(join(TEST_HOME, 'records-')), 'secret-access');
    const records = new SecretAccessRecords(dir);
    const held = records.hold(ORG, { org: 'alias' });
    expect(statSync(held.path).mode & 0o777).to.equal(0o600);
    expect(statSync(dir).mode & 0o777).to.equal(0o700);
    expect(await records.find(ORG, held.path), 'its own record is not reported to itself').to.deep.equal([]);
    expect((await records.find(ORG)).map((r) => r.about)).to.deep.equal([{ org: 'alias' }]);
    expect(await records.find('00DOTHER0000001AAA')).to.deep.equal([]);

    // A record of a process that still runs on this host belongs to that run: never "left behind", never cleared.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      const liveDoc = { key: ORG, pid: sleeper.pid, host: (await import('node:os')).hostname(), since: new Date().toISOString() };
      writeFileSync(join(dir, `${ORG}.${sleeper.pid}.live.json`), JSON.stringify(liveDoc));
      const found = await records.find(ORG, held.path);
      expect(found.map((r) => r.live)).to.deep.equal([true]);
      await records.clear(found);
      expect(readdirSync(dir).filter((n) => n.includes('.live.'))).to.have.length(1);
    } finally {
      sleeper.kill('SIGKILL');
    }
    await new Promise((r) => sleeper.once('exit', r));
    const stale = await records.find(ORG, held.path);
    expect(stale.map((r) => r.live), 'its process is gone: left behind').to.deep.equal([false]);
    await records.clear(stale);
    await held.release();
    expect(readdirSync(dir)).to.deep.equal([]);
  });
});
