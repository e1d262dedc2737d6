/**
 * The real ECA files under shared/fixtures/real-world (retrieved from real orgs, see its README): with their
 * org-specific fields removed they deploy to a fresh org; with those fields left in they are refused, as
 * Salesforce refuses them; and what this org retrieves afterwards is byte-identical to what the real org gave,
 * apart from those org-specific values.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { ComponentSet, ComponentStatus } from '@salesforce/source-deploy-retrieve';
import { parseComponentXml, writeComponentXml } from '../../src/loopback-org/metadata/componentXml.js';
import { startLoopbackOrg } from '../../src/loopback-org/index.js';
import type { LoopbackOrg } from '../../src/loopback-org/index.js';
import { connectionFor, POLL_MS, POLL_TIMEOUT_S, problems } from './testSupport.js';

const REAL_WORLD = fileURLToPath(new URL('../../../test/fixtures/real-world/', import.meta.url));
/** Fields Salesforce generates per org (fixtures README): orgScopedExternalApp, oauthLink, consumerKey. */
const ORG_SPECIFIC = ['orgScopedExternalApp', 'oauthLink', 'consumerKey'];

type Fixture = { repo: string; sourceDir: string; apiVersion: string };

/** Each repo's force-app/main/default, at the API version of its own manifest (or sourceApiVersion, from the README). */
const FIXTURES: Fixture[] = [
  { repo: 'chrzasz__sf-th-eca-via-metadata', sourceDir: 'force-app/main/default', apiVersion: '62.0' },
  { repo: 'onyx-dot-app__onyx-foss', sourceDir: 'integrations/salesforce/eca/force-app/main/default', apiVersion: '67.0' },
  { repo: 'ramsayp__consultant_project', sourceDir: 'force-app/main/default', apiVersion: '66.0' },
  { repo: 'shakthi-sfdc__External-Client-App-For-2G-Package', sourceDir: 'force-app/main/default', apiVersion: '66.0' },
];

const metaFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('-meta.xml')).map((d) => join(d.parentPath, d.name));

/** A temp copy of the fixture's source, optionally with the org-specific fields removed. */
const copyFixture = (f: Fixture, strip: boolean): string => {
  const dir = mkdtempSync(join(tmpdir(), 'real-world-'));
  cpSync(join(REAL_WORLD, f.repo, f.sourceDir), dir, { recursive: true });
  if (strip) {
    for (const file of metaFiles(dir)) {
      const parsed = parseComponentXml(readFileSync(file, 'utf8'));
      if (!parsed.ok) throw new Error(`fixture ${file} does not parse: ${parsed.problem}`);
      const fields = Object.fromEntries(Object.entries(parsed.fields).filter(([k]) => !ORG_SPECIFIC.includes(k)));
      writeFileSync(file, `${writeComponentXml(parsed.root, fields)}\n`);
    }
  }
  return dir;
};

/** Consumer keys in the fixtures: issued by the fixtures' own orgs, so in use elsewhere. */
const fixtureKeys = (f: Fixture): string[] =>
  metaFiles(join(REAL_WORLD, f.repo, f.sourceDir)).flatMap((file) => {
    const parsed = parseComponentXml(readFileSync(file, 'utf8'));
    return parsed.ok && typeof parsed.fields.consumerKey === 'string' ? [parsed.fields.consumerKey] : [];
  });

const deployDir = async (org: LoopbackOrg, dir: string, apiVersion: string): Promise<{ status: string; problems: string[] }> => {
  const cs = ComponentSet.fromSource(dir);
  cs.sourceApiVersion = apiVersion;
  const deploy = await cs.deploy({ usernameOrConnection: await connectionFor(org) });
  const result = await deploy.pollStatus(POLL_MS, POLL_TIMEOUT_S);
  return { status: result.response.status, problems: problems(result) };
};

describe('loopback org: real-world ECA files', () => {
  let org: LoopbackOrg;
  const start = async (f: Fixture): Promise<void> => {
    org = await startLoopbackOrg({ maxApiVersion: f.apiVersion > '66.0' ? f.apiVersion : '66.0', consumerKeysInUseElsewhere: fixtureKeys(f) });
  };
  afterEach(() => org.stop());

  for (const f of FIXTURES) {
    it(`${f.repo}: deploys to a fresh org once orgScopedExternalApp/oauthLink/consumerKey are removed`, async () => {
      await start(f);
      const result = await deployDir(org, copyFixture(f, true), f.apiVersion);
      expect(result.problems).to.deep.equal([]);
      expect(result.status).to.equal('Succeeded');
      expect(org.components().some((c) => c.type === 'ExternalClientApplication')).to.equal(true);
    });

    it(`${f.repo}: is refused as retrieved, with the other org's fields left in, and nothing is applied`, async () => {
      await start(f);
      const result = await deployDir(org, copyFixture(f, false), f.apiVersion);
      expect(result.status).to.equal('Failed');
      expect(result.problems.some((p) => p.includes("orgScopedExternalApp") && p.includes("doesn't belong to this org"))).to.equal(true);
      expect(org.components()).to.deep.equal([]);
    });
  }

  it('refuses the retrieved oauthLink and consumerKey of chrzasz as well (each on its own)', async () => {
    const f = FIXTURES[0]!;
    await start(f);
    const dir = copyFixture(f, true);
    const original = copyFixture(f, false);
    for (const rel of ['extlClntAppOauthSettings/ecaViaMetadataSettings.ecaOauth-meta.xml', 'extlClntAppGlobalOauthSets/ecaViaMetadataGlblOAuth.ecaGlblOauth-meta.xml']) {
      cpSync(join(original, rel), join(dir, rel));
    }
    const result = await deployDir(org, dir, f.apiVersion);
    expect(result.problems.some((p) => p.includes("The oauthLink 00DQy00000ELR0T:888Qy00000071Af doesn't match"))).to.equal(true);
    expect(result.problems.some((p) => p.includes('This consumer key is already in use'))).to.equal(true);
  });

  it('chrzasz: what this org retrieves is byte-identical to what the real org retrieved, apart from org-specific values', async () => {
    const f = FIXTURES[0]!;
    await start(f);
    await deployDir(org, copyFixture(f, true), f.apiVersion);
    const original = join(REAL_WORLD, f.repo, f.sourceDir);
    const cs = ComponentSet.fromSource(original);
    cs.sourceApiVersion = f.apiVersion;
    const retrieve = await cs.retrieve({ usernameOrConnection: await connectionFor(org), output: mkdtempSync(join(tmpdir(), 'real-world-retrieve-')), merge: false });
    const result = await retrieve.pollStatus(POLL_MS, POLL_TIMEOUT_S);
    const retrieved = result.getFileResponses().filter((r) => r.filePath !== undefined && r.state !== ComponentStatus.Failed);
    expect(retrieved).to.have.length(metaFiles(original).length);
    const orgSpecific = new RegExp(`<(${ORG_SPECIFIC.join('|')})>[^<]*</\\1>`, 'g');
    for (const r of retrieved) {
      const ours = readFileSync(r.filePath!, 'utf8').replace(orgSpecific, '<$1/>');
      const rel = relative(original, metaFiles(original).find((p) => p.endsWith(r.filePath!.split('/').slice(-2).join('/'))) ?? '');
      const theirs = readFileSync(join(original, rel), 'utf8').replace(orgSpecific, '<$1/>');
      expect(ours.trimEnd(), rel).to.equal(theirs.trimEnd());
    }
  });
});
