/**
 * Metadata XML in and out: parse a deployed component file into fields, and write retrieved files the way
 * Salesforce does (declaration, metadata namespace, four-space indent, elements in alphabetical order).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ComponentFields, FieldValue } from '../types.js';

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

export type ParsedComponent =
  | { ok: true; root: string; namespace: string | undefined; fields: ComponentFields }
  | { ok: false; problem: string; line: number; column: number };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  trimValues: true,
});

/** The parser keeps text as strings (parseTagValue: false); anything else is an empty element. */
const scalarText = (value: unknown): string => (typeof value === 'string' ? value : '');

const stripAttributes = (value: unknown): FieldValue => {
  if (Array.isArray(value)) return value.map(stripAttributes);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, FieldValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === '#text') return scalarText(v);
      if (!k.startsWith('@_')) out[k] = stripAttributes(v);
    }
    return out;
  }
  return scalarText(value);
};

export const parseComponentXml = (text: string): ParsedComponent => {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return { ok: false, problem: `Error parsing file: ${valid.err.msg}`, line: valid.err.line, column: valid.err.col };
  }
  const doc = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(doc);
  const root = roots[0];
  if (root === undefined || roots.length !== 1) return { ok: false, problem: 'Error parsing file: Premature end of file.', line: 1, column: 1 };
  const body = doc[root];
  const namespace = body !== null && typeof body === 'object' ? ((body as Record<string, unknown>)['@_xmlns'] as string | undefined) : undefined;
  const fields = stripAttributes(body);
  return { ok: true, root, namespace, fields: typeof fields === 'object' && !Array.isArray(fields) ? fields : {} };
};

/** 1-based line and column of the first `<tag` in the text, for problem locations like Salesforce reports. */
export const locate = (text: string, tag: string): { line: number; column: number } => {
  const index = text.search(new RegExp(`<(?:\\w+:)?${tag}[\\s/>]`));
  if (index < 0) return { line: 1, column: 1 };
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
};

const sortFields = (value: FieldValue): FieldValue => {
  if (Array.isArray(value)) return value.map(sortFields);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortFields(value[k] as FieldValue)]));
  }
  return value;
};

const builder = new XMLBuilder({ format: true, indentBy: '    ', ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/** A retrieved file: `<?xml …?>`, root in the metadata namespace, fields alphabetical. */
export const writeComponentXml = (root: string, fields: ComponentFields): string => {
  const body = { '@_xmlns': METADATA_NS, ...(sortFields(fields) as ComponentFields) };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: body })}`;
};
