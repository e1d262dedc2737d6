/**
 * The one XML writer and the one XML reader for metadata files, configured like SDR's own (four-space indent,
 * XML declaration, the metadata namespace). Values are written and read as text; typing happens elsewhere.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export type XmlScalar = string | number | boolean;
export type XmlValue = XmlScalar | XmlElement | readonly XmlElement[];
export type XmlElement = { readonly [name: string]: XmlValue | undefined };

const builder = new XMLBuilder({
  format: true,
  indentBy: '    ',
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // `&`, `<`, `>`, `"` and `'` become entities; everything else (unicode included) is written as is.
  processEntities: true,
  suppressEmptyNode: false,
});

/** Code-point order, like the WSDL sequences and retrieved files (isDPopEnabled before isDeviceFlowEnabled). */
const byName = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);

const sortedElement = (element: XmlElement): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(element)
      .filter((entry): entry is [string, XmlValue] => entry[1] !== undefined)
      .sort(byName)
      .map(([name, value]) => [name, toBuilderValue(value)]),
  );

const toBuilderValue = (value: XmlValue): unknown => {
  if (Array.isArray(value)) return (value as readonly XmlElement[]).map(sortedElement);
  if (typeof value === 'object') return sortedElement(value as XmlElement);
  return String(value);
};

/** A metadata file: declaration, `<root xmlns=...>`, elements in alphabetical order, undefined fields left out. */
export const toMetadataXml = (root: string, fields: XmlElement): string =>
  XML_DECLARATION + builder.build({ [root]: { '@_xmlns': METADATA_NAMESPACE, ...sortedElement(fields) } });

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Keep text exactly as written (leading/trailing spaces included); whitespace between elements lands in '#text'.
  trimValues: false,
  processEntities: true,
  htmlEntities: true, // numeric character references (&#39;) as well as the five XML entities
});

export type ParsedXml = Record<string, unknown>;

/** Parses a metadata file into plain objects of strings. Throws the parser's error on malformed XML. */
export const parseMetadataXml = (xml: string): ParsedXml => parser.parse(xml, true) as ParsedXml;
