/**
 * The reader: ECA metadata files (ours, and files retrieved from real orgs with org-specific fields and the
 * Setup UI's naming such as `<App>_oauth` / `<App>_glbloauth`) back into typed components. Types come from
 * the file suffix via SDR's registry and the root element; full names from the file name; values are
 * unescaped and typed (booleans and numbers) with FIELD_KINDS, which the compiler ties to @salesforce/types.
 * Elements newer than @salesforce/types are kept as text in `unknownFields` instead of failing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { cliError } from '../errors/index.js';
import { FIELD_KINDS, isEcaTypeName, type EcaFields, type EcaTypeName, type FieldKind, type ScalarKind } from './ecaTypes.js';
import { parseMetadataXml } from './metadataXml.js';
import { typeBySuffix } from './sdrRegistry.js';

export type EcaComponent = {
  [T in EcaTypeName]: {
    type: T;
    fullName: string;
    fields: EcaFields<T>;
    /** Elements @salesforce/types does not define (newer API versions), as raw text. */
    unknownFields: Record<string, string>;
    /** The file it was read from, when read from disk. */
    path?: string;
  };
}[EcaTypeName];

type FieldValue = string | number | boolean | Record<string, unknown> | Record<string, unknown>[];

const SOURCE_FILE = /^(?<name>.+)\.(?<suffix>[A-Za-z]+)-meta\.xml$/;
const MDAPI_FILE = /^(?<name>.+)\.(?<suffix>[A-Za-z]+)$/;

/** `ren.eca-meta.xml` (source format) or `ren.eca` (Metadata API format) → { name: 'ren', suffix: 'eca' }. */
export const splitMetadataFileName = (fileName: string): { name: string; suffix: string } | undefined => {
  const match = SOURCE_FILE.exec(basename(fileName)) ?? MDAPI_FILE.exec(basename(fileName));
  const { name, suffix } = match?.groups ?? {};
  return name === undefined || suffix === undefined ? undefined : { name, suffix };
};

class FieldProblem extends Error {}

const SCALAR_READERS: { readonly [K in ScalarKind]: (text: string, field: string) => string | number | boolean } = {
  string: (text) => text,
  boolean: (text, field) => {
    const value = text.trim();
    if (value === 'true' || value === 'false') return value === 'true';
    throw new FieldProblem(`<${field}> must be true or false, not "${text}"`);
  },
  number: (text, field) => {
    const value = text.trim();
    if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    throw new FieldProblem(`<${field}> must be a number, not "${text}"`);
  },
};

const textOf = (raw: unknown, field: string): string => {
  if (typeof raw === 'string') return raw;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const children = Object.keys(raw).filter((k) => k !== '#text' && !k.startsWith('@_'));
    if (children.length === 0) return ((raw as Record<string, unknown>)['#text'] as string | undefined) ?? '';
  }
  throw new FieldProblem(`<${field}> must hold text, not nested elements`);
};

const elementEntries = (element: unknown): [string, unknown][] =>
  element !== null && typeof element === 'object'
    ? Object.entries(element).filter(([k]) => k !== '#text' && !k.startsWith('@_'))
    : [];

const readComplex = (raw: unknown, kind: Exclude<FieldKind, ScalarKind>, field: string): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of elementEntries(raw)) {
    const sub = kind.fields[name];
    if (Array.isArray(value)) throw new FieldProblem(`<${field}><${name}> appears more than once`);
    out[name] = sub === undefined ? textOf(value, name) : SCALAR_READERS[sub](textOf(value, name), name);
  }
  return out;
};

const readField = (raw: unknown, kind: FieldKind, field: string): FieldValue => {
  if (typeof kind !== 'string') {
    const items = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    if (!kind.list && items.length > 1) throw new FieldProblem(`<${field}> appears ${items.length} times`);
    const read = items.map((item) => readComplex(item, kind, field));
    return kind.list ? read : (read[0] ?? {});
  }
  if (Array.isArray(raw)) throw new FieldProblem(`<${field}> appears ${raw.length} times`);
  return SCALAR_READERS[kind](textOf(raw, field), field);
};

const problem = (fileName: string, why: string) => cliError('MetadataFileInvalid', [fileName, why]);

/** The typed fields of one ECA element (a parsed file's root, or a readMetadata record as strings). */
const readEcaBody = (root: EcaTypeName, body: unknown, where: string, nameFromFile?: string): EcaComponent => {
  const kinds = FIELD_KINDS[root] as Readonly<Record<string, FieldKind | undefined>>;
  const fields: Record<string, FieldValue> = {};
  const unknownFields: Record<string, string> = {};
  let fullNameElement: string | undefined;
  try {
    for (const [name, raw] of elementEntries(body)) {
      if (name === 'fullName') fullNameElement = textOf(raw, name);
      else {
        const kind = kinds[name];
        if (kind === undefined) unknownFields[name] = Array.isArray(raw) ? JSON.stringify(raw) : textOf(raw, name);
        else fields[name] = readField(raw, kind, name);
      }
    }
  } catch (e) {
    if (e instanceof FieldProblem) throw problem(where, e.message);
    throw e;
  }
  const fullName = nameFromFile ?? fullNameElement;
  if (fullName === undefined) throw problem(where, 'its full name is unknown: pass the file name or include a <fullName> element');
  return { type: root, fullName, fields, unknownFields };
};

/** Parses one ECA metadata file. `fileName` (e.g. 'renOauth.ecaOauth-meta.xml') gives the full name. */
export const parseEcaComponentXml = (xml: string, fileName?: string): EcaComponent => {
  const where = fileName ?? 'given as text';
  let document: Record<string, unknown>;
  try {
    document = parseMetadataXml(xml);
  } catch (e) {
    const detail = e instanceof Error ? e.message : (e as { err?: { msg?: string; line?: number } }).err?.msg ?? String(e);
    throw problem(where, `it is not well-formed XML (${detail})`);
  }
  const roots = elementEntries(document);
  const [root, body] = roots[0] ?? [];
  if (roots.length !== 1 || root === undefined) throw problem(where, 'it must have exactly one root element');
  if (!isEcaTypeName(root)) throw problem(where, `its root element <${root}> is not one of the External Client App types this tool reads`);

  const file = fileName === undefined ? undefined : splitMetadataFileName(fileName);
  if (file !== undefined) {
    const bySuffix = typeBySuffix(file.suffix)?.name;
    if (bySuffix !== root) {
      throw problem(where, `the suffix ".${file.suffix}" belongs to ${bySuffix ?? 'no metadata type'}, but the root element is <${root}>`);
    }
  }

  return readEcaBody(root, body, where, file?.name);
};

const walk = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
      .map(async (e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
};

const isEcaFile = (path: string): boolean => {
  const file = splitMetadataFileName(path);
  return path.endsWith('-meta.xml') && file !== undefined && isEcaTypeName(typeBySuffix(file.suffix)?.name ?? '');
};

/** Paths of the ECA metadata files under a directory (missing directory = none), sorted. */
export const listEcaFiles = async (dir: string): Promise<string[]> => (await walk(dir)).filter(isEcaFile).sort();

/** Every ECA component under a source-format directory (e.g. force-app), sorted by path. Other files are ignored. */
export const readEcaComponents = async (dir: string): Promise<EcaComponent[]> => {
  const paths = await listEcaFiles(dir);
  return Promise.all(
    paths.map(async (path) => ({ ...parseEcaComponentXml(await readFile(path, 'utf8'), path), path })),
  );
};

/** jsforce's parsed SOAP values as the reader's plain strings; xsi:nil elements are left out. */
const asElementText = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(asElementText);
  if (value !== null && typeof value === 'object') {
    const attributes = (value as { $?: Record<string, unknown> }).$;
    if (attributes?.['xsi:nil'] === 'true') return undefined;
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '$').map(([k, v]) => [k, asElementText(v)]).filter(([, v]) => v !== undefined));
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
};

/**
 * A component as the Metadata API's synchronous readMetadata answers it (jsforce's parsed record, fullName included),
 * typed by the same reader as a file.
 */
export const ecaComponentFromRecord = (type: EcaTypeName, record: Record<string, unknown>): EcaComponent =>
  readEcaBody(type, asElementText(record), `readMetadata ${type} ${String(record.fullName)}`);
