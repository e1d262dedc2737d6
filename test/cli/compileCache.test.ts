/**
 * Node's compile cache (src/cli/compileCache.ts): where it lives, that the shipped bundle fills it, that Node's own
 * switch turns it off, and that a folder it cannot write never changes what a command does.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { compileCacheDir } from '../../src/cli/compileCache.js';
import { packageRoot } from '../../src/files/packageRoot.js';

const MAIN = join(packageRoot(), 'dist/cli/main.js');

/** Every file under dir, relative paths, sorted (the rendered project, the cache). */
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort() : [];

describe('compile cache', () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'ren-eca-compile-cache-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** `render` from the shipped bundle into work/<out>, with HOME in the work folder and the given variables. */
  const render = (out: string, env: NodeJS.ProcessEnv, ...extra: string[]): SpawnSyncReturns<string> => {
    const clean = { ...process.env };
    for (const name of ['NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE', 'XDG_CACHE_HOME']) delete clean[name];
    return spawnSync(process.execPath, [MAIN, 'render', '--output-dir', join(work, out), ...extra], { env: { ...clean, HOME: work, ...env }, cwd: work, encoding: 'utf8' });
  };

  describe('its folder', () => {
    it('is $NODE_COMPILE_CACHE when set, Node’s own variable', () => {
      expect(compileCacheDir({ NODE_COMPILE_CACHE: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).to.equal('/c');
    });
    it('is under $XDG_CACHE_HOME when that is an absolute path', () => {
      expect(compileCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).to.equal(join('/x', 'ren-eca', 'node-compile-cache'));
    });
    it('is under ~/.cache when XDG_CACHE_HOME is unset, empty or relative (the XDG spec says ignore it)', () => {
      for (const xdg of [undefined, '', 'relative/cache']) {
        expect(compileCacheDir({ XDG_CACHE_HOME: xdg, HOME: '/h' }), String(xdg)).to.equal(join('/h', '.cache', 'ren-eca', 'node-compile-cache'));
      }
    });
  });

  it('the shipped bundle fills it on the first run and gives the same files on the next', () => {
    const first = render('one', { XDG_CACHE_HOME: join(work, 'cache') });
    expect(first.status, first.stderr).to.equal(0);
    const cached = filesUnder(join(work, 'cache', 'ren-eca', 'node-compile-cache'));
    expect(cached.length, 'compiled modules in the cache').to.be.greaterThan(0);
    const second = render('two', { XDG_CACHE_HOME: join(work, 'cache') });
    expect(second.status, second.stderr).to.equal(0);
    const rendered = filesUnder(join(work, 'one'));
    expect(rendered.length).to.be.greaterThan(0);
    expect(filesUnder(join(work, 'two'))).to.deep.equal(rendered);
    for (const file of rendered) expect(readFileSync(join(work, 'two', file), 'utf8'), file).to.equal(readFileSync(join(work, 'one', file), 'utf8'));
  });

  it('NODE_DISABLE_COMPILE_CACHE=1 keeps it off: nothing is written', () => {
    const run = render('out', { XDG_CACHE_HOME: join(work, 'cache'), NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(run.status, run.stderr).to.equal(0);
    expect(existsSync(join(work, 'cache'))).to.equal(false);
  });

  it('a folder it cannot create changes nothing: exit 0, no output on stderr, and --debug says why it is off', () => {
    writeFileSync(join(work, 'not-a-folder'), '');
    const quiet = render('out', { XDG_CACHE_HOME: join(work, 'not-a-folder') });
    expect(quiet.status, quiet.stderr).to.equal(0);
    expect(quiet.stderr).to.equal('');
    expect(filesUnder(join(work, 'out')).length).to.be.greaterThan(0);
    const debug = render('out2', { XDG_CACHE_HOME: join(work, 'not-a-folder') }, '--debug');
    expect(debug.status, debug.stderr).to.equal(0);
    expect(debug.stderr).to.match(/compile cache is off for this run .*not-a-folder/);
  });

  it('--version names this package’s version from any folder', () => {
    const run = spawnSync(process.execPath, [MAIN, '--version'], { cwd: work, encoding: 'utf8' });
    const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    expect(run.stdout.trim()).to.equal(version);
  });
});
