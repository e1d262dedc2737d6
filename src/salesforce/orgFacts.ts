/**
 * Read-only facts about the org that preflight judges: the running user's permissions and which of the
 * named profiles and permission sets exist. One SOQL call each, skipped when nothing is asked for.
 * `undefined` means "could not be checked" (e.g. an org or API version without the object), which preflight
 * reports as a warning instead of guessing.
 */
import { Org, type Connection } from '@salesforce/core';

/** UserPermissionAccess holds the running user's effective permissions (one row). */
export const USER_PERMISSIONS = {
  ExternalClientAppDeveloper: 'PermissionsExternalClientAppDeveloper',
  ViewClientSecret: 'PermissionsViewClientSecret',
} as const;
export type UserPermission = keyof typeof USER_PERMISSIONS;

export type OrgFacts = {
  userPermissions?: Partial<Record<UserPermission, boolean>>;
  profiles?: string[];
  permissionSets?: string[];
  /** Why a fact could not be read, for the warning. */
  unchecked: string[];
};

const soqlList = (names: readonly string[]): string => names.map((n) => `'${n.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ');

/** Org answers meaning "this org or API version cannot answer that question": the fact stays unchecked. */
const UNANSWERABLE: ReadonlySet<string> = new Set(['INVALID_TYPE', 'INVALID_FIELD', 'INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY', 'NOT_FOUND', 'MALFORMED_QUERY']);

const orUndefined = async <T>(what: string, unchecked: string[], read: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await read();
  } catch (e) {
    const err = e as { errorCode?: unknown; message?: unknown };
    const code = typeof err.errorCode === 'string' ? err.errorCode.replace(/^sf:/, '') : '';
    // Anything else (login, network, request limit, server errors) is not an "unchecked fact": the caller reports it.
    if (!UNANSWERABLE.has(code)) throw e;
    unchecked.push(`${what} (${code}: ${typeof err.message === 'string' ? err.message : String(e)})`);
    return undefined;
  }
};

export const readOrgFacts = async (conn: Connection, wanted: { profiles: readonly string[]; permissionSets: readonly string[] }): Promise<OrgFacts> => {
  const unchecked: string[] = [];
  const fields = Object.values(USER_PERMISSIONS).join(', ');
  const [perms, profiles, permissionSets] = await Promise.all([
    orUndefined('the running user\'s permissions', unchecked, async () => {
      const row = (await conn.query<Record<string, unknown>>(`SELECT ${fields} FROM UserPermissionAccess`)).records[0] ?? {};
      return Object.fromEntries(Object.entries(USER_PERMISSIONS).map(([name, field]) => [name, row[field] === true || row[field] === 'true'])) as Record<UserPermission, boolean>;
    }),
    wanted.profiles.length === 0
      ? Promise.resolve([])
      : orUndefined('profiles', unchecked, async () =>
          (await conn.query<{ Name: string }>(`SELECT Name FROM Profile WHERE Name IN (${soqlList(wanted.profiles)})`)).records.map((r) => r.Name),
        ),
    wanted.permissionSets.length === 0
      ? Promise.resolve([])
      : orUndefined('permission sets', unchecked, async () =>
          (await conn.query<{ Name: string }>(`SELECT Name FROM PermissionSet WHERE Name IN (${soqlList(wanted.permissionSets)})`)).records.map((r) => r.Name),
        ),
  ]);
  return { userPermissions: perms, profiles, permissionSets, unchecked };
};

/** Whether the org is a sandbox: saved in the auth file at login (no call), else one query. */
export const isSandbox = async (org: Org): Promise<boolean> => {
  const known = org.getField<boolean>(Org.Fields.IS_SANDBOX);
  if (typeof known === 'boolean') return known;
  const row = (await org.getConnection().query<{ IsSandbox: boolean }>('SELECT IsSandbox FROM Organization')).records[0];
  return row?.IsSandbox === true;
};
