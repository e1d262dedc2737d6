/**
 * GET …/query?q= and …/tooling/query?q=: parses SOQL with soql-parser-js and answers from SOBJECTS with the
 * documented JSON shape `{totalSize, done, records:[{attributes:{type,url}, …}]}` and Salesforce's error codes
 * (MALFORMED_QUERY, INVALID_TYPE, INVALID_FIELD) as 400 `[{message, errorCode}]` bodies.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type { Condition, Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import type { Reply } from '../http/reply.js';
import { jsonReply, restError } from '../http/reply.js';
import type { AsyncJobs } from '../metadata/asyncJobs.js';
import type { OrgState } from '../orgState.js';
import type { FieldValueOut, Row } from './sobjects.js';
import { SOBJECTS } from './sobjects.js';

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: Condition };

class QueryError extends Error {
  public constructor(public readonly errorCode: string, message: string) {
    super(message);
  }
}

const tokens = (where: WhereClause | undefined, out: Token[] = []): Token[] => {
  if (where === undefined) return out;
  const left = where.left as (Condition & { openParen?: number; closeParen?: number }) | null;
  if (left !== null) {
    for (let i = 0; i < (left.openParen ?? 0); i++) out.push('(');
    if ('field' in left) out.push({ cond: left });
    for (let i = 0; i < (left.closeParen ?? 0); i++) out.push(')');
  }
  if ('operator' in where && where.right !== undefined) {
    out.push(where.operator);
    tokens(where.right, out);
  }
  return out;
};

const literal = (raw: string, type: string | undefined): FieldValueOut => {
  if (type === 'STRING') return raw.slice(1, -1).replace(/\\(.)/g, '$1');
  if (type === 'BOOLEAN') return raw.toUpperCase() === 'TRUE';
  if (type === 'NULL') return null;
  if (type === 'INTEGER' || type === 'DECIMAL') return Number(raw);
  return raw;
};

/** Datetime literals (e.g. 2026-01-31T12:00:00Z) and the org's datetime values compare as instants, others as numbers. */
const ordered = (v: FieldValueOut, l: FieldValueOut | undefined): number | undefined => {
  if (typeof v === 'number' && typeof l === 'number') return v - l;
  if (typeof v !== 'string' || typeof l !== 'string') return undefined;
  const a = Date.parse(v);
  const b = Date.parse(l);
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : a - b;
};
const compareWith = (test: (difference: number) => boolean) => (v: FieldValueOut, [l]: FieldValueOut[]): boolean => {
  const d = ordered(v, l);
  return d !== undefined && test(d);
};

const same = (a: FieldValueOut, b: FieldValueOut): boolean =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;

const likeToRegex = (pattern: string): RegExp =>
  new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i');

const CONDITION_OPS: Readonly<Record<string, (v: FieldValueOut, lits: FieldValueOut[]) => boolean>> = {
  '=': (v, [l]) => same(v, l ?? null),
  '!=': (v, [l]) => !same(v, l ?? null),
  '<>': (v, [l]) => !same(v, l ?? null),
  IN: (v, ls) => ls.some((l) => same(v, l)),
  'NOT IN': (v, ls) => !ls.some((l) => same(v, l)),
  '<': compareWith((d) => d < 0),
  '<=': compareWith((d) => d <= 0),
  '>': compareWith((d) => d > 0),
  '>=': compareWith((d) => d >= 0),
  LIKE: (v, [l]) => typeof v === 'string' && typeof l === 'string' && likeToRegex(l).test(v),
};

const evaluate = (toks: Token[], row: Row, canonical: (f: string) => string): boolean => {
  let pos = 0;
  const expr = (): boolean => {
    let value = term();
    while (toks[pos] === 'OR') { pos++; value = term() || value; }
    return value;
  };
  const term = (): boolean => {
    let value = factor();
    while (toks[pos] === 'AND') { pos++; value = factor() && value; }
    return value;
  };
  const factor = (): boolean => {
    const t = toks[pos++];
    if (t === 'NOT') return !factor();
    if (t === '(') { const v = expr(); pos++; return v; }
    if (t === undefined || typeof t === 'string') throw new QueryError('MALFORMED_QUERY', 'unexpected token in WHERE clause');
    const c = t.cond as { field: string; operator: string; value: string | string[]; literalType?: string | string[] };
    const op = CONDITION_OPS[c.operator.toUpperCase()];
    if (op === undefined) throw new QueryError('MALFORMED_QUERY', `unsupported operator ${c.operator}`);
    const values = Array.isArray(c.value) ? c.value : [c.value];
    const types = Array.isArray(c.literalType) ? c.literalType : values.map(() => c.literalType as string | undefined);
    return op(row[canonical(c.field)] ?? null, values.map((v, i) => literal(v, types[i])));
  };
  return toks.length === 0 ? true : expr();
};

const fieldsInWhere = (toks: Token[]): string[] => toks.flatMap((t) => (typeof t === 'object' ? [(t.cond as { field: string }).field] : []));

/** The Apex type a column reports, from the field name or the values the org holds. */
const apexTypeOf = (field: string, rows: readonly Row[]): string => {
  if (field === 'Id' || field.endsWith('Id')) return 'Id';
  const sample = rows.map((r) => r[field]).find((v) => v !== null && v !== undefined);
  return typeof sample === 'boolean' ? 'Boolean' : typeof sample === 'number' ? 'Integer' : 'String';
};

/**
 * `…/query?q=…&columns=true` (what `sf data query` asks before the query itself): the query's column metadata
 * instead of records, `{ columnMetadata: [{ columnName, displayName, aggregate, joinColumns, … }], entityName, … }`.
 */
const columnsReply = (object: string, selected: readonly string[], rows: readonly Row[], state: OrgState): Reply =>
  jsonReply(200, {
    columnMetadata: selected.map((f) => {
      const apexType = apexTypeOf(f, rows);
      return {
        aggregate: false, apexType, booleanType: apexType === 'Boolean', columnName: f, custom: false, displayName: f, foreignKeyName: null,
        insertable: false, joinColumns: [], numberType: apexType === 'Integer', textType: apexType === 'String', updatable: false,
      };
    }),
    entityName: object,
    groupBy: false,
    idSelected: selected.includes('Id'),
    keyPrefix: object === 'Organization' ? state.orgId.slice(0, 3) : null,
  });

export const queryReply = (
  state: OrgState, api: 'data' | 'tooling', version: string, soql: string | null, jobs?: AsyncJobs, columnsOnly = false,
): Reply => {
  if (soql === null || soql.trim() === '') return restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  try {
    let query: Query;
    try {
      query = parseQuery(soql);
    } catch (e) {
      throw new QueryError('MALFORMED_QUERY', `unexpected token: ${(e as Error).message.split('\n')[0] ?? ''}`);
    }
    const object = Object.keys(SOBJECTS).find((n) => n.toLowerCase() === query.sObject?.toLowerCase());
    const def = object === undefined ? undefined : SOBJECTS[object];
    if (object === undefined || def === undefined || !(typeof def.apis === 'function' ? def.apis(state) : def.apis).includes(api)) {
      throw new QueryError('INVALID_TYPE', `sObject type '${query.sObject ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    const canonical = (f: string): string => {
      const found = def.fields.find((d) => d.toLowerCase() === f.toLowerCase());
      if (found === undefined) {
        throw new QueryError('INVALID_FIELD', `No such column '${f}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
      }
      return found;
    };
    const countOnly = (query.fields ?? []).some((f) => f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'COUNT');
    const selected = countOnly ? [] : (query.fields ?? []).map((f) => {
      if (f.type !== 'Field') throw new QueryError('MALFORMED_QUERY', `unsupported field expression in the loopback org: ${JSON.stringify(f)}`);
      return canonical(f.field);
    });
    const where = tokens(query.where);
    fieldsInWhere(where).forEach(canonical);
    let rows = def.rows(state, jobs).filter((r) => evaluate(where, r, canonical));
    if (columnsOnly) return columnsReply(object, selected, rows, state);
    const order = query.orderBy === undefined ? [] : Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy];
    for (const o of [...order].reverse()) {
      if (!('field' in o)) continue;
      const f = canonical(o.field);
      const dir = o.order === 'DESC' ? -1 : 1;
      rows = [...rows].sort((a, b) => String(a[f] ?? '').localeCompare(String(b[f] ?? '')) * dir);
    }
    rows = rows.slice(query.offset ?? 0, query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit);
    const base = api === 'tooling' ? `/services/data/v${version}/tooling/sobjects` : `/services/data/v${version}/sobjects`;
    const records = countOnly ? [] : rows.map((r) => ({
      attributes: { type: object, url: `${base}/${object}/${String(r.Id)}` },
      ...Object.fromEntries(selected.map((f) => [f, r[f] ?? null])),
    }));
    // Tooling answers carry size/queryLocator/entityTypeName as well; the data API only totalSize/done/records.
    const toolingExtras = api === 'tooling' ? { size: rows.length, queryLocator: null, entityTypeName: object } : {};
    return jsonReply(200, { ...toolingExtras, totalSize: rows.length, done: true, records });
  } catch (e) {
    if (e instanceof QueryError) return restError(400, e.errorCode, `\n${soql}\n^\nERROR at Row:1:Column:1\n${e.message}`);
    throw e;
  }
};
