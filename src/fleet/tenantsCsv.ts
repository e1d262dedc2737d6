/**
 * CSV tenants file -> tenant entries. The header names the columns: `tenant`, `org`, then one column per
 * override field of the spec's overrides schema (e.g. `profiles`, `permissionSets`, `callbackUrls`).
 * Cell text is converted by the field's type in that schema (lists are `;`-separated), so the same zod
 * schema validates CSV and JSON tenants alike. Empty cells mean "not overridden". Pure.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { TENANT_KEYS } from './tenant.js';
import type { RawTenantEntries, TenantProblem } from './tenantProblems.js';

type CellKind = 'array' | 'boolean' | 'number' | 'string';

const LIST_SEPARATOR = /[;\n]/;

/** Cell text -> value. Text that does not convert is passed through so the schema reports it by name. */
const CELL_CONVERTERS: Record<CellKind, (cell: string) => unknown> = {
  array: (cell) => cell.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s.length > 0),
  boolean: (cell) => ({ true: true, false: false, yes: true, no: false })[cell.toLowerCase()] ?? cell,
  number: (cell) => (cell.trim() !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell),
  string: (cell) => cell,
};

const JSON_TYPE_TO_KIND: Record<string, CellKind | undefined> = {
  array: 'array',
  boolean: 'boolean',
  number: 'number',
  integer: 'number',
  string: 'string',
};

type JsonSchemaObject = { properties?: Record<string, { type?: string }> };

/** The override fields a CSV column may name, with how their cells convert. */
export const overrideColumns = (overridesSchema: z.ZodType): Map<string, CellKind | undefined> => {
  const json = z.toJSONSchema(overridesSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaObject;
  return new Map(Object.entries(json.properties ?? {}).filter(([key]) => !key.startsWith('$')).map(([key, prop]) => [key, JSON_TYPE_TO_KIND[prop.type ?? '']]));
};

type CsvRecord = { record: Record<string, string>; info: { lines: number } };

/** Header names written more than once, compared case-insensitively ("org,Org" would let the last one win silently). */
export const duplicateColumns = (header: readonly string[]): string[][] => {
  const byKey = new Map<string, string[]>();
  for (const name of header) byKey.set(name.toLowerCase(), [...(byKey.get(name.toLowerCase()) ?? []), name]);
  return [...byKey.values()].filter((names) => names.length > 1);
};

export const csvTenantEntries = (text: string, overridesSchema: z.ZodType): RawTenantEntries => {
  let records: CsvRecord[];
  let header: string[] = [];
  const keepHeader = (names: string[]): string[] => {
    header = names.map((n) => String(n).trim());
    return header;
  };
  try {
    records = parse<CsvRecord>(text, { columns: keepHeader, info: true, comment: '#', skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    return { entries: [], problems: [{ source: 'CSV', message: e instanceof Error ? e.message : String(e) }] };
  }
  const columns = overrideColumns(overridesSchema);
  const problems: TenantProblem[] = [];
  const duplicates = duplicateColumns(header);
  if (duplicates.length > 0) {
    return {
      entries: [],
      problems: duplicates.map((names) => ({
        source: 'header',
        message: `the column "${names[0]}" appears ${names.length} times (${names.map((n) => `"${n}"`).join(', ')}); only one may name it, or the last one would silently win — remove or rename the others`,
      })),
    };
  }
  for (const key of TENANT_KEYS) {
    if (records.length > 0 && !header.includes(key)) problems.push({ source: 'header', message: `the column "${key}" is missing` });
  }
  const known = new Set<string>([...TENANT_KEYS, ...columns.keys()]);
  const unknown = header.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    problems.push({
      source: 'header',
      message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}; the columns are ${[...known].join(', ')}`,
    });
  }
  const objectColumns = header.filter((c) => columns.has(c) && columns.get(c) === undefined);
  for (const c of objectColumns) {
    problems.push({ source: 'header', message: `the override "${c}" is structured; set it in a JSON tenants file instead of CSV` });
  }
  if (problems.length > 0) return { entries: [], problems };

  const entries = records.map(({ record, info }) => {
    const overrides: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(record)) {
      const kind = columns.get(column);
      if (kind === undefined || cell === '') continue;
      overrides[column] = CELL_CONVERTERS[kind](cell);
    }
    return { source: `line ${info.lines}`, value: { tenant: record.tenant, org: record.org, overrides } };
  });
  return { entries, problems };
};
