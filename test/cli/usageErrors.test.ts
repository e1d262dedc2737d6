/** A usage error is reported once, and the command it belongs to does not run (shipped bundle, child process). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { EXIT_CODES } from '../../src/errors/catalog.js';
import { packageRoot } from '../../src/files/packageRoot.js';

const run = (...args: string[]) => spawnSync(process.execPath, [join(packageRoot(), 'dist/cli/main.js'), ...args], { encoding: 'utf8' });

describe('usage errors', () => {
  it('--json: an unknown flag prints exactly one JSON document, the usage error, and runs nothing', () => {
    const r = run('deploy', '--bogus-flag', '--json');
    expect(r.status).to.equal(EXIT_CODES.usage);
    const doc = JSON.parse(r.stdout) as { name: string; message: string; exitCode: number };
    expect(doc).to.include({ name: 'UsageError', exitCode: EXIT_CODES.usage });
    expect(doc.message).to.equal('Unknown argument: --bogus-flag');
    // The deploy handler would have said there is no org to deploy to.
    expect(r.stdout + r.stderr).not.to.match(/NoTargetOrg/);
  });

  it('without --json: one error paragraph on stderr with its fix, nothing on stdout', () => {
    const r = run('rollout', '--bogus-flag');
    expect(r.status).to.equal(EXIT_CODES.usage);
    expect(r.stdout).to.equal('');
    expect(r.stderr.match(/^Error \(/gm)).to.have.length(1);
    expect(r.stderr).to.match(/UsageError\): Unknown argument: --bogus-flag\n[\s\S]*--help/);
  });

  it('an unknown command is one usage error too', () => {
    const r = run('deploi', '--json');
    expect(r.status).to.equal(EXIT_CODES.usage);
    expect(JSON.parse(r.stdout) as { name: string; message: string }).to.include({ name: 'UsageError', message: 'Unknown command "deploi". Did you mean deploy?' });
  });

  // Each command's .check() refusals: they crashed with a stack trace and exit 1 before.
  for (const args of [
    ['deploy', '--wait', 'abc'],
    ['rollout', '--tenants', 't.csv', '--concurrency', '0'],
    ['status', '--target-org', 'a', '--wait', '0'],
    ['verify', 'x.json', '--wait', '-1'],
    ['rotate', '--target-org', 'a', '--tenants', 't.csv'],
    ['remove', '--target-org', 'a', '--output', '-'],
  ]) {
    it(`a refused flag value (${args.join(' ')}): exit 2, one usage error, no stack trace, in both forms`, () => {
      const human = run(...args);
      expect(human.status, human.stderr).to.equal(EXIT_CODES.usage);
      expect(human.stderr).to.match(/^Error \(UsageError\): .*--/m);
      expect(human.stderr).not.to.match(/^\s+at /m);
      const json = run(...args, '--json');
      expect(json.status).to.equal(EXIT_CODES.usage);
      expect(JSON.parse(json.stdout) as { name: string }).to.include({ name: 'UsageError' });
    });
  }

  it('--debug adds the stack to a refused flag value', () => {
    const r = run('deploy', '--wait', 'abc', '--debug');
    expect(r.status).to.equal(EXIT_CODES.usage);
    expect(r.stderr).to.match(/^\s+at /m);
  });
});
