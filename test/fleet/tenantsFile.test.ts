import { mkdir } from 'node:fs/promises';
import { expect } from 'chai';
import { tenantOverridesSchema } from '../../src/registration/tenantOverrides.js';
import { readTenantsFile } from '../../src/fleet/tenantsFile.js';
import { workspace, type Workspace } from './helpers.js';

describe('rollout tenants file (validated with the spec\'s own overrides schema)', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(() => ws.cleanup());

  it('reads CSV cells by the override types: lists split on ";", empty cells keep the spec, "#" lines are comments', async () => {
    const path = await ws.file(
      'tenants.csv',
      '# Ren tenants\ntenant,org,profiles,callbackUrls,contactEmail\nacme,acme-prod,"Sales; Support",,\nglobex,admin@globex.com,,https://staging.example.com/cb,ops@globex.com\n',
    );
    const { tenants, problems } = await readTenantsFile(path, tenantOverridesSchema);
    expect(problems).to.deep.equal([]);
    expect(tenants.map((t) => [t.id, t.org, t.overrides, t.source])).to.deep.equal([
      ['acme', 'acme-prod', { profiles: ['Sales', 'Support'] }, 'line 3'],
      ['globex', 'admin@globex.com', { callbackUrls: ['https://staging.example.com/cb'], contactEmail: 'ops@globex.com' }, 'line 4'],
    ]);
  });

  it('reads the JSON form and reports every bad entry with its place, all at once', async () => {
    const path = await ws.file(
      'tenants.json',
      JSON.stringify({
        tenants: [
          { tenant: 'acme', org: 'acme-prod', overrides: { profiles: ['Sales'] } },
          { tenant: 'Acme', org: 'acme-2' },
          { tenant: 'x', org: 'x-prod', overrides: { profile: ['Sales'] } },
          { tenant: 'y', org: '', overrides: { callbackUrls: ['http://insecure.example.com'] } },
        ],
      }),
    );
    const { tenants, problems } = await readTenantsFile(path, tenantOverridesSchema);
    expect(tenants.map((t) => t.id)).to.deep.equal(['acme', 'Acme']);
    const where = problems.map((p) => `${p.source} ${p.tenant ?? ''}`);
    expect(where).to.include.members(['tenants[1] Acme', 'tenants[2] x', 'tenants[3] y']);
    expect(problems.find((p) => p.tenant === 'x')?.message).to.match(/profile/);
    expect(problems.filter((p) => p.tenant === 'y').map((p) => p.message).join(' ')).to.match(/https/).and.to.match(/org/);
  });

  it('names unknown CSV columns and lists the known ones', async () => {
    const path = await ws.file('tenants.csv', 'tenant,org,profile\nacme,acme-prod,Sales\n');
    const { problems } = await readTenantsFile(path, tenantOverridesSchema);
    expect(problems).to.have.length(1);
    expect(problems[0]?.message).to.contain('unknown column "profile"').and.to.contain('profiles');
  });

  it('refuses a CSV header that names a column twice (case-insensitively), naming both, so the last cannot silently win', async () => {
    for (const [header, names] of [
      ['tenant,org,org,profiles', ['"org", "org"']],
      ['tenant,org,profiles,Profiles', ['"profiles", "Profiles"']],
      ['tenant,ORG,org,Tenant', ['"tenant", "Tenant"', '"ORG", "org"']],
    ] as const) {
      const path = await ws.file('tenants.csv', `${header}\nacme,acme-prod,other-org,Sales\n`);
      const { tenants, problems } = await readTenantsFile(path, tenantOverridesSchema);
      expect(tenants, header).to.have.length(0);
      expect(problems, header).to.have.length(names.length);
      names.forEach((n, i) => expect(problems[i]?.message).to.contain(n).and.to.contain('appears 2 times'));
    }
  });

  it('refuses a file that is neither .csv nor .json, or is missing, as a usage error', async () => {
    for (const path of [await ws.file('tenants.txt', 'x'), `${ws.dir}/missing.csv`]) {
      const err = await readTenantsFile(path, tenantOverridesSchema).then(
        () => undefined,
        (e: unknown) => e as { name: string; exitCode: number },
      );
      expect(err).to.include({ name: 'TenantsFileUnreadableError', exitCode: 2 });
    }
  });

  it('says a folder named as the tenants file is a folder (not the system error text)', async () => {
    const folder = `${ws.dir}/tenants.csv`;
    await mkdir(folder);
    const err = await readTenantsFile(folder, tenantOverridesSchema).then(
      () => undefined,
      (e: unknown) => e as { name: string; exitCode: number; message: string },
    );
    expect(err).to.include({ name: 'TenantsFileUnreadableError', exitCode: 2 });
    expect(err?.message).to.equal(`Cannot read the tenants file ${folder}: it is a folder, not a file.`);
  });
});
