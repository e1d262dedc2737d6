/**
 * The zip files of the Metadata API: what a deploy sends (package.xml at the root for singlePackage, else one
 * folder per package) and what a retrieve returns (everything under `unpackaged/`).
 */
import JSZip from 'jszip';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { METADATA_NS } from './componentXml.js';

export type PackageManifest = { types: { name: string; members: string[] }[]; version: string | undefined };

export type DeployPackage =
  | { ok: true; manifest: PackageManifest; files: ReadonlyMap<string, string> }
  | { ok: false; problem: string };

const manifestParser = new XMLParser({
  parseTagValue: false,
  ignoreDeclaration: true,
  ignoreAttributes: true,
  isArray: (name) => name === 'types' || name === 'members',
});

export const parseManifest = (text: string): PackageManifest => {
  const doc = manifestParser.parse(text) as { Package?: { types?: { name?: string; members?: string[] }[]; version?: string } };
  const pkg = doc.Package ?? {};
  return {
    types: (pkg.types ?? []).map((t) => ({ name: String(t.name ?? ''), members: (t.members ?? []).map(String) })),
    version: pkg.version === undefined ? undefined : String(pkg.version),
  };
};

export const readDeployZip = async (zipBytes: Buffer): Promise<DeployPackage> => {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch {
    return { ok: false, problem: 'The zip file is not valid: unable to read the deployment package.' };
  }
  const paths = Object.keys(zip.files).filter((p) => !zip.files[p]?.dir);
  const manifestPath = paths.includes('package.xml') ? 'package.xml' : paths.find((p) => /^[^/]+\/package\.xml$/.test(p));
  if (manifestPath === undefined) return { ok: false, problem: 'No package.xml found' };
  const prefix = manifestPath.slice(0, manifestPath.length - 'package.xml'.length);
  const files = new Map<string, string>();
  for (const p of paths) {
    if (!p.startsWith(prefix)) continue;
    files.set(p.slice(prefix.length), await zip.files[p]!.async('string'));
  }
  return { ok: true, manifest: parseManifest(files.get('package.xml') ?? ''), files };
};

const manifestBuilder = new XMLBuilder({ format: true, indentBy: '    ', ignoreAttributes: false, attributeNamePrefix: '@_' });

export const writeManifest = (manifest: PackageManifest): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${manifestBuilder.build({
    Package: {
      '@_xmlns': METADATA_NS,
      types: manifest.types.map((t) => ({ members: t.members, name: t.name })),
      ...(manifest.version === undefined ? {} : { version: manifest.version }),
    },
  })}`;

/** A retrieve zip: `unpackaged/package.xml` plus `unpackaged/<folder>/<file>` (salesforce-wire.md §2.3). */
export const writeRetrieveZip = async (manifest: PackageManifest, files: ReadonlyMap<string, string>): Promise<string> => {
  const zip = new JSZip();
  for (const [path, text] of files) zip.file(`unpackaged/${path}`, text);
  zip.file('unpackaged/package.xml', writeManifest(manifest));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return bytes.toString('base64');
};
