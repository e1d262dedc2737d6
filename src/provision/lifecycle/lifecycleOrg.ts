/**
 * The org a `rotate` or `remove` run works on: the sf CLI login, the connection, the names messages use, and the one
 * translation of what the libraries throw (login and network errors get the `sf org login` fix, everything else goes
 * through the catalog's classifier).
 */
import type { Connection, Org } from '@salesforce/core';
import type { SfError } from '@salesforce/core/sfError';
import { toCatalogError } from '../../errors/index.js';
import { isSandbox, loginErrorFor, resolveOrg } from '../../salesforce/index.js';

export type LifecycleOrg = {
  org: Org;
  conn: Connection;
  orgId: string;
  /** The alias or username the admin gave (for messages and the commands we suggest). */
  label: string;
  loginUrl: string;
  maxApiVersion: string;
  isSandbox: () => Promise<boolean>;
  /** Anything thrown while working on this org, as the catalog error the user sees. */
  translate: (e: unknown) => SfError;
};

export const openLifecycleOrg = async (targetOrg: string | undefined): Promise<LifecycleOrg> => {
  const org = await resolveOrg(targetOrg);
  const conn = org.getConnection();
  const label = targetOrg ?? org.getUsername() ?? org.getOrgId();
  const translate = (e: unknown): SfError => loginErrorFor(e, { aliasOrUsername: label, instanceUrl: conn.instanceUrl }) ?? toCatalogError(e, label);
  let maxApiVersion: string;
  try {
    maxApiVersion = await conn.retrieveMaxApiVersion();
  } catch (e) {
    throw translate(e);
  }
  const loginUrl = conn.instanceUrl.replace(/\/+$/, '');
  return { org, conn, orgId: org.getOrgId(), label, loginUrl, maxApiVersion, isSandbox: () => isSandbox(org), translate };
};

/** Runs `work`, translating whatever it throws once (catalog errors pass through unchanged). */
export const inOrg = async <T>(org: LifecycleOrg, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (e) {
    throw org.translate(e);
  }
};
