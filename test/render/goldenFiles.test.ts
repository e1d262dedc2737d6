/**
 * Golden files: each test/fixtures/render/<case>/ holds spec.json, case.json ({ apiVersion }) and expected/,
 * the exact files the renderer must produce (expected/warnings.json holds its warnings). The file SET is
 * compared too, so a file the renderer stops producing fails. Regenerate after a deliberate change with
 * `UPDATE_GOLDEN=1 npx mocha dist/test/render/goldenFiles.test.js` and review the diff.
 */
import { expect } from 'chai';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { packageRoot } from '../../src/files/packageRoot.js';
import { renderRegistration } from '../../src/render/renderRegistration.js';
import { loadRegistration } from '../../src/registration/loadRegistration.js';

const FIXTURES = join(packageRoot(), 'test/fixtures/render');
const WARNINGS_FILE = 'warnings.json';

const listFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(async (e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
};

describe('render: golden files', () => {
  const cases = ['ren-default', 'tricky-text', 'api-60-minimal'];

  it('has a fixture folder for every case and no unlisted one', async () => {
    expect((await readdir(FIXTURES)).sort()).to.deep.equal([...cases].sort());
  });

  for (const name of cases) {
    it(`${name}: renders exactly the expected files`, async () => {
      const dir = join(FIXTURES, name);
      const { apiVersion } = JSON.parse(await readFile(join(dir, 'case.json'), 'utf8')) as { apiVersion: string };
      const registration = await loadRegistration({ specPath: join(dir, 'spec.json') });
      const { components, warnings } = renderRegistration(registration, { apiVersion });
      const actual = new Map(components.map((c) => [c.relativePath, c.contents]));
      actual.set(WARNINGS_FILE, `${JSON.stringify(warnings, undefined, 2)}\n`);
      const expectedDir = join(dir, 'expected');

      if (process.env.UPDATE_GOLDEN === '1') {
        await rm(expectedDir, { recursive: true, force: true });
        for (const [path, contents] of actual) {
          await mkdir(dirname(join(expectedDir, path)), { recursive: true });
          await writeFile(join(expectedDir, path), contents);
        }
      }

      const expectedPaths = (await listFiles(expectedDir)).map((p) => relative(expectedDir, p).split('\\').join('/'));
      expect([...actual.keys()].sort(), 'rendered file set').to.deep.equal(expectedPaths.sort());
      for (const path of expectedPaths) {
        expect(actual.get(path), path).to.equal(await readFile(join(expectedDir, path), 'utf8'));
      }
    });
  }
});
