/** `deploy` picks its API version from the same sfdx-project.json as `render` (src/files/sfdxProject.ts). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectApiVersion } from '../../src/files/sfdxProject.js';
import { targetApiVersion } from '../../src/provision/stages/preflight.js';

describe('deploy target API version', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'api-version-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("takes the current directory's sourceApiVersion, as render does, capped at the org maximum and never below what the spec needs", async () => {
    await writeFile(join(dir, 'sfdx-project.json'), JSON.stringify({ sourceApiVersion: '63.0' }));
    expect(await projectApiVersion(dir)).to.equal('63.0');
    expect(await targetApiVersion(undefined, '66.0', '62.0', dir)).to.equal('63.0');
    expect(await targetApiVersion(undefined, '62.0', '60.0', dir)).to.equal('62.0');
    expect(await targetApiVersion(undefined, '66.0', '64.0', dir)).to.equal('64.0');
    expect(await targetApiVersion('61.0', '66.0', '64.0', dir)).to.equal('61.0');
  });

  it("without a project in the current directory, uses this tool's (as render does)", async () => {
    expect(await targetApiVersion(undefined, '99.0', '1.0', dir)).to.equal(await projectApiVersion(dir));
  });
});
