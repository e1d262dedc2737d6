/**
 * The top-level fields of a metadata XML document as strings (what a diff and the org-state checks need):
 * scalars as their text, repeated or nested elements as canonical JSON. Parsing only, with fast-xml-parser.
 */
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, ignoreDeclaration: true, trimValues: true });

/** A field's value as a string: scalars as their text, repeated or nested elements as canonical JSON. */
export const canonical = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${k}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return String(v);
};

/** { root: 'ExternalClientApplication', fields: { label: 'Ren', ... } } */
export const xmlFields = (xml: string): { root: string; fields: Record<string, string> } => {
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '';
  const body = doc[root];
  const fields: Record<string, string> = {};
  if (body !== null && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) fields[k] = canonical(v);
  }
  return { root, fields };
};
