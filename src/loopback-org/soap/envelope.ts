/**
 * SOAP for the Metadata API: read the method, session and parameters of a request, and write responses and
 * faults the way jsforce expects them (prefixed soapenv Envelope/Body, text/xml; salesforce-wire.md §0, §2).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { Reply } from '../http/reply.js';
import { METADATA_NS } from '../metadata/componentXml.js';

export type SoapRequest = { method: string; sessionId: string | undefined; params: Record<string, unknown> };

const ALWAYS_ARRAYS = new Set(['types', 'members', 'queries', 'fullNames', 'runTests']);

const parser = new XMLParser({
  removeNSPrefix: true,
  // Only the xsi:type of a CRUD call's <metadata> element is kept (as '@_type'): it names the component's type.
  ignoreAttributes: (name, jPath) => !(/(^|:)type$/.test(name) && /(^|\.)metadata$/.test(String(jPath))),
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (name) => ALWAYS_ARRAYS.has(name),
});

export const parseSoapRequest = (body: string): SoapRequest | undefined => {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const envelope = doc.Envelope as { Header?: { SessionHeader?: { sessionId?: string } }; Body?: Record<string, unknown> } | undefined;
  const bodyEl = envelope?.Body;
  const method = bodyEl === undefined ? undefined : Object.keys(bodyEl)[0];
  if (method === undefined || bodyEl === undefined) return undefined;
  const params = bodyEl[method];
  return {
    method,
    sessionId: envelope?.Header?.SessionHeader?.sessionId,
    params: params !== null && typeof params === 'object' ? (params as Record<string, unknown>) : {},
  };
};

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, suppressBooleanAttributes: false });

const envelope = (bodyContent: Record<string, unknown>, extraNs: Record<string, string> = {}): string =>
  `<?xml version="1.0" encoding="UTF-8"?>${builder.build({
    'soapenv:Envelope': {
      '@_xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/',
      '@_xmlns': METADATA_NS,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      ...Object.fromEntries(Object.entries(extraNs).map(([k, v]) => [`@_xmlns:${k}`, v])),
      'soapenv:Body': bodyContent,
    },
  })}`;

/** Converts typed values to the text SOAP carries; drops undefined. */
const toXmlValue = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(toXmlValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toXmlValue(v)]));
  }
  return String(value);
};

export const soapResponse = (method: string, result: unknown): Reply => ({
  status: 200,
  headers: { 'content-type': 'text/xml;charset=UTF-8' },
  body: envelope({ [`${method}Response`]: result === undefined ? '' : { result: toXmlValue(result) } }),
});

export type SoapFault = { code: string; message: string };

export const soapFault = ({ code, message }: SoapFault): Reply => ({
  status: 500,
  headers: { 'content-type': 'text/xml;charset=UTF-8' },
  body: envelope({ 'soapenv:Fault': { faultcode: `sf:${code}`, faultstring: `${code}: ${message}` } }, { sf: 'http://soap.sforce.com/2006/04/metadata' }),
});

export const SOAP_FAULTS = {
  invalidSession: { code: 'INVALID_SESSION_ID', message: 'Invalid Session ID found in SessionHeader: Illegal Session. Session not found, missing session hash' },
  unsupportedVersion: { code: 'UNSUPPORTED_API_VERSION', message: 'Invalid Api version specified on URL' },
  requestLimit: { code: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
  unknownException: { code: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)' },
  invalidId: { code: 'INVALID_ID_FIELD', message: 'Invalid id' },
  insufficientAccess: { code: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on cross-reference id' },
} as const satisfies Record<string, SoapFault>;
