/**
 * The sObjects the org answers SOQL about, for the data API and/or Tooling API: the ones @salesforce/core asks
 * at login (Organization, User) and the ones the tool's preflight and read-back need (Profile, PermissionSet,
 * UserPermissionAccess, ExternalClientApplication), and the Tooling-only DeployRequest (Metadata API deploys). ScratchOrgInfo is absent on purpose: not a Dev Hub.
 */
import { ECA_TYPES } from '../metadata/ecaDefaults.js';
import type { AsyncJobs } from '../metadata/asyncJobs.js';
import type { OrgState } from '../orgState.js';
import type { UserPermissionName } from '../types.js';

export type FieldValueOut = string | number | boolean | null;
export type Row = Record<string, FieldValueOut>;
export type SObjectDefinition = { apis: readonly ('data' | 'tooling')[] | ((state: OrgState) => readonly ('data' | 'tooling')[]); fields: readonly string[]; rows: (state: OrgState, jobs?: AsyncJobs) => Row[] };

const PERMISSIONS: readonly UserPermissionName[] = ['ExternalClientAppDeveloper', 'ExternalClientAppAdmin', 'ViewClientSecret', 'CustomizeApplication', 'ModifyAllData'];
const permissionFields = PERMISSIONS.map((p) => `Permissions${p}`);

export const SOBJECTS: Readonly<Record<string, SObjectDefinition>> = {
  Organization: {
    apis: ['data', 'tooling'],
    fields: ['Id', 'Name', 'InstanceName', 'IsSandbox', 'TrialExpirationDate', 'NamespacePrefix', 'OrganizationType'],
    rows: (s) => [{
      Id: s.orgId, Name: `Loopback ${s.myDomain}`, InstanceName: 'LB1', IsSandbox: s.isSandbox, TrialExpirationDate: null,
      NamespacePrefix: null, OrganizationType: s.isSandbox ? 'Enterprise Edition' : 'Developer Edition',
    }],
  },
  User: {
    apis: ['data', 'tooling'],
    fields: ['Id', 'Username', 'Name', 'Email', 'IsActive', 'ProfileId'],
    rows: (s) => [{ Id: s.userId, Username: s.username, Name: 'Loopback Admin', Email: s.username, IsActive: true, ProfileId: s.profiles.get('System Administrator') ?? null }],
  },
  Profile: {
    apis: ['data', 'tooling'],
    fields: ['Id', 'Name'],
    rows: (s) => [...s.profiles].map(([Name, Id]) => ({ Id, Name })),
  },
  PermissionSet: {
    apis: ['data', 'tooling'],
    fields: ['Id', 'Name', 'Label', 'IsOwnedByProfile', ...permissionFields],
    rows: (s) => [...s.permissionSets].map(([Name, Id]) => ({
      Id, Name, Label: Name.replace(/_/g, ' '), IsOwnedByProfile: false, ...Object.fromEntries(permissionFields.map((f) => [f, false])),
    })),
  },
  /** The running user's effective permissions: one row, one boolean per user permission. */
  UserPermissionAccess: {
    apis: ['data', 'tooling'],
    fields: ['Id', ...permissionFields],
    rows: (s) => [{ Id: '000000000000000AAA', ...Object.fromEntries(PERMISSIONS.map((p) => [`Permissions${p}`, s.userPermissions[p]])) }],
  },
  /** Queried by sfdx-hardis with conn.query (salesforce-eca.md §3.2); also a Tooling sObject. */
  ExternalClientApplication: {
    apis: (s) => (s.switches.externalClientAppQuery === 'toolingOnly' ? ['tooling'] : ['data', 'tooling']),
    fields: ['Id', 'DeveloperName', 'MasterLabel', 'NamespacePrefix', 'DistributionState', 'CreatedDate', 'LastModifiedDate'],
    rows: (s) => s.componentsOfType(ECA_TYPES.app).map((c) => ({
      Id: c.id, DeveloperName: c.fullName, MasterLabel: typeof c.fields.label === 'string' ? c.fields.label : c.fullName, NamespacePrefix: null,
      DistributionState: typeof c.fields.distributionState === 'string' ? c.fields.distributionState : 'Local',
      CreatedDate: c.createdDate, LastModifiedDate: c.lastModifiedDate,
    })),
  },
  /**
   * Tooling only: one row per Metadata API deploy (checkOnly included), with the Metadata API's statuses
   * (Pending, InProgress, Succeeded, SucceededPartial, Failed, Canceling, Canceled). Datetimes in the REST
   * format Salesforce answers with (2026-01-31T12:00:00.000+0000).
   */
  DeployRequest: {
    apis: ['tooling'],
    fields: ['Id', 'Status', 'CheckOnly', 'CreatedDate', 'CreatedById', 'StartDate', 'CompletedDate', 'NumberComponentsTotal', 'NumberComponentsDeployed', 'NumberComponentErrors'],
    rows: (_s, jobs) => jobs?.deployRequests() ?? [],
  },
};
