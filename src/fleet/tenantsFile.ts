/**
 * Reads and validates a whole tenants file (CSV or JSON, chosen by extension). Every problem in the file
 * is collected, never just the first, so an onboarding engineer fixes them all in one pass.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { z } from 'zod';
import { cliError } from '../errors/index.js';
import { csvTenantEntries } from './tenantsCsv.js';
import { jsonTenantEntries } from './tenantsJson.js';
import { tenantEntrySchema, tenantFileKey, type Tenant } from './tenant.js';
import type { RawTenantEntries, TenantProblem } from './tenantProblems.js';

export type TenantsFileFormat = 'csv' | 'json';

const READERS: Record<TenantsFileFormat, (text: string, overridesSchema: z.ZodType) => RawTenantEntries> = {
  csv: csvTenantEntries,
  json: (text) => jsonTenantEntries(text),
};

const FORMAT_BY_EXTENSION: Record<string, TenantsFileFormat | undefined> = { '.csv': 'csv', '.json': 'json' };

export type TenantsFileContents = { readonly tenants: readonly Tenant[]; readonly problems: readonly TenantProblem[] };

const issuePath = (path: readonly PropertyKey[]): string => (path.length === 0 ? '' : `${path.map(String).join('.')}: `);

/** Validates entries and finds duplicate tenant ids. Pure. */
export const validateTenantEntries = (raw: RawTenantEntries, overridesSchema: z.ZodType): TenantsFileContents => {
  const problems: TenantProblem[] = [...raw.problems];
  const tenants: Tenant[] = [];
  const schema = tenantEntrySchema(overridesSchema);
  for (const entry of raw.entries) {
    const parsed = schema.safeParse(entry.value);
    const named = (entry.value as { tenant?: unknown } | undefined)?.tenant;
    const tenant = typeof named === 'string' && named !== '' ? named : undefined;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ source: entry.source, tenant, message: `${issuePath(issue.path)}${issue.message}` });
      continue;
    }
    const { tenant: id, org, overrides } = parsed.data;
    tenants.push({ id, org, overrides: (overrides ?? {}) as Record<string, unknown>, source: entry.source });
  }
  const firstSeen = new Map<string, Tenant>();
  for (const t of tenants) {
    const earlier = firstSeen.get(tenantFileKey(t.id));
    if (earlier === undefined) firstSeen.set(tenantFileKey(t.id), t);
    else problems.push({ source: t.source, tenant: t.id, message: `duplicate tenant id (also at ${earlier.source}); tenant ids must be unique, ignoring case` });
  }
  if (raw.entries.length === 0 && raw.problems.length === 0) problems.push({ source: 'file', message: 'no tenants listed' });
  return { tenants, problems };
};

export const tenantsFileFormat = (path: string): TenantsFileFormat | undefined => FORMAT_BY_EXTENSION[extname(path).toLowerCase()];

/** Why a tenants file cannot be read, as the user can act on it (else the system's own words). */
const WHY_UNREADABLE: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Reads the file; an unreadable file or unknown extension is a usage error (exit 2). */
export const readTenantsFile = async (path: string, overridesSchema: z.ZodType): Promise<TenantsFileContents> => {
  const format = tenantsFileFormat(path);
  if (format === undefined) throw cliError('TenantsFileUnreadable', [path, 'the file name must end in .csv or .json']);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw cliError('TenantsFileUnreadable', [path, WHY_UNREADABLE[(e as NodeJS.ErrnoException).code ?? ''] ?? String(e)], { cause: e });
  }
  return validateTenantEntries(READERS[format](text, overridesSchema), overridesSchema);
};
