/**
 * The checked-in force-app/ is exactly what `npm run render` produces from the checked-in spec, and SDR
 * resolves every rendered file to its intended type and full name.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { listEcaFiles } from '../../src/render/readComponents.js';
import { packageRoot } from '../../src/files/packageRoot.js';
import { projectApiVersion } from '../../src/files/sfdxProject.js';
import { requiredApiVersion } from '../../src/render/apiVersions.js';
import { renderRegistration, type RenderedComponent } from '../../src/render/renderRegistration.js';
import { loadRegistration } from '../../src/registration/loadRegistration.js';

describe('checked-in force-app/', () => {
  const forceApp = join(packageRoot(), 'force-app');
  let components: RenderedComponent[];
  let apiVersion: string;
  before(async () => {
    apiVersion = (await projectApiVersion(packageRoot())) ?? 'missing';
    components = renderRegistration(await loadRegistration(), { apiVersion }).components;
  });

  it('sfdx-project.json sourceApiVersion supports every field the default spec needs', async () => {
    expect(Number(apiVersion)).to.be.at.least(Number(requiredApiVersion(await loadRegistration())));
  });

  it('equals the render of metadata-templates/ren.registration.json (run "npm run render" after changing the spec)', async () => {
    const onDisk = (await listEcaFiles(forceApp)).map((p) => p.slice(forceApp.length + 1));
    expect(onDisk.sort(), 'file set').to.deep.equal(components.map((c) => c.relativePath).sort());
    for (const c of components) {
      expect(await readFile(join(forceApp, c.relativePath), 'utf8'), c.relativePath).to.equal(c.contents);
    }
  });

  it("resolves, through SDR's ComponentSet.fromSource, to the intended type and full name of each file", () => {
    const set = ComponentSet.fromSource(forceApp);
    const resolved = set
      .getSourceComponents()
      .toArray()
      .map((c) => [c.type.name, c.fullName, c.xml?.slice(forceApp.length + 1)]);
    expect(resolved.sort()).to.deep.equal(components.map((c) => [c.type, c.fullName, c.relativePath]).sort());
  });
});
