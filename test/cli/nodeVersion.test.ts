/** The Node floor: one sentence and exit 1 on an older Node, never a stack trace from a library that cannot load. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MINIMUM_NODE_MAJOR, nodeVersionProblem } from '../../src/cli/nodeVersion.js';
import { packageRoot } from '../../src/files/packageRoot.js';

/** A `node` on PATH older than the floor (these machines keep Node 20 on PATH behind the Node 22/24 that CI puts first). */
const findOldNode = (): { path: string; version: string } | undefined => {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    const major = Number.parseInt(r.stdout.replace(/^v/, ''), 10);
    if (r.status === 0 && major < MINIMUM_NODE_MAJOR) return { path: candidate, version: r.stdout.trim() };
  }
  return undefined;
};

describe('Node version floor', () => {
  it('accepts Node 22 and 24 and refuses 20 and 18 with the version and the fix in one sentence', () => {
    expect(nodeVersionProblem('22.0.0')).to.equal(undefined);
    expect(nodeVersionProblem('v24.21.0')).to.equal(undefined);
    const problem = nodeVersionProblem('20.19.2');
    expect(problem).to.match(/^ren-eca needs Node 22 or later; you have 20\.19\.2\. Install Node 22/);
    expect(problem).to.not.include('\n');
    expect(nodeVersionProblem('v18.20.0')).to.include('you have 18.20.0');
    expect(nodeVersionProblem('not-a-version')).to.match(/needs Node 22/);
  });

  it('the shipped bundle run under an older Node prints that sentence, exits 1, and prints no stack trace', function () {
    const old = findOldNode();
    if (!old) this.skip(); // no Node older than 22 on PATH here: the unit test above still covers the guard
    const r = spawnSync(old.path, [join(packageRoot(), 'dist/cli/main.js'), 'deploy', '--target-org', 'acme'], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stderr.trim()).to.equal(nodeVersionProblem(old.version));
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.not.match(/\n\s+at /);
  });
});
