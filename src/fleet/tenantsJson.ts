/**
 * JSON tenants file -> tenant entries: `{ "tenants": [ { "tenant", "org", "overrides"? } ] }` or just the
 * array. Structure beyond "a list of objects" is left to the tenant schema, so both formats share one
 * validation. Pure.
 */
import type { RawTenantEntries } from './tenantProblems.js';

const listOf = (doc: unknown): unknown[] | undefined => {
  if (Array.isArray(doc)) return doc as unknown[];
  if (typeof doc === 'object' && doc !== null && Array.isArray((doc as { tenants?: unknown }).tenants)) {
    return (doc as { tenants: unknown[] }).tenants;
  }
  return undefined;
};

export const jsonTenantEntries = (text: string): RawTenantEntries => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { entries: [], problems: [{ source: 'JSON', message: e instanceof Error ? e.message : String(e) }] };
  }
  const list = listOf(doc);
  if (list === undefined) {
    return { entries: [], problems: [{ source: 'JSON', message: 'expected { "tenants": [ ... ] } or an array of tenants' }] };
  }
  return { entries: list.map((value, i) => ({ source: `tenants[${i}]`, value })), problems: [] };
};
