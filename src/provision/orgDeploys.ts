/** The org's recent deploys (Tooling DeployRequest), so a re-run can find the one a killed run submitted. */
import { deployStatusOf, resolveOrg } from '../salesforce/index.js';
import type { OrgDeploy } from './index.js';

/** Deploys looked at when searching for one a killed run submitted: its own come first (newest first). */
const FIND_DEPLOYS_LIMIT = 10;

export const findDeploys = async (targetOrg: string, since: Date): Promise<OrgDeploy[]> => {
  const conn = (await resolveOrg(targetOrg)).getConnection();
  // Datetime literals in SOQL are unquoted, in UTC, without milliseconds.
  const after = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const soql = `SELECT Id, Status, CreatedDate FROM DeployRequest WHERE CreatedDate >= ${after} AND CheckOnly = false ORDER BY CreatedDate DESC LIMIT ${FIND_DEPLOYS_LIMIT}`;
  const rows = (await conn.tooling.query<{ Id: string; Status: string; CreatedDate: string }>(soql)).records;
  return rows.map((r) => {
    const row = deployStatusOf(r.Status);
    return { id: r.Id, status: r.Status, createdDate: r.CreatedDate, state: row?.running ? 'running' : row?.applied ? 'applied' : 'other' };
  });
};
