/** Every command's --help shows examples and the exit-code table, generated from the error catalog. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { ERRORS, EXIT_CODES } from '../../src/errors/catalog.js';
import { packageRoot } from '../../src/files/packageRoot.js';

const help = (...command: string[]): string => {
  const run = spawnSync(process.execPath, [join(packageRoot(), 'dist/cli/main.js'), ...command, '--help'], { encoding: 'utf8' });
  expect(run.status, run.stderr).to.equal(0);
  return run.stdout;
};

describe('--help', () => {
  for (const command of [['deploy'], ['rollout'], ['render'], ['schema']]) {
    it(`${command.join(' ')}: examples and every exit code of the catalog, with the errors that exit with it`, () => {
      const text = help(...command);
      expect(text).to.match(/Examples:/);
      expect(text).to.match(/Exit codes:/);
      for (const code of Object.values(EXIT_CODES)) expect(text, `exit code ${code}`).to.match(new RegExp(`^\\s+${code}  `, 'm'));
      // The table is generated: a catalog row shows up under its code (names wrap, so compare without white space).
      expect(text.replace(/\s+/g, '')).to.include(Object.keys(ERRORS).filter((k) => ERRORS[k as keyof typeof ERRORS].exitCode === EXIT_CODES.partial).join(','));
    });
  }
});
