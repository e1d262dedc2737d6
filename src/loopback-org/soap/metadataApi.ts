/**
 * POST /services/Soap/m/{version}: the Metadata API calls the tool and SDR make. One handler per method.
 */
import type { Reply } from '../http/reply.js';
import type { AsyncJobs } from '../metadata/asyncJobs.js';
import { versionNumber } from '../metadata/apiVersions.js';
import type { DeployRequestOptions } from '../metadata/deployEngine.js';
import type { PackageManifest } from '../metadata/packageZip.js';
import type { OrgState } from '../orgState.js';
import type { SoapFault, SoapRequest } from './envelope.js';
import { SOAP_FAULTS, soapFault, soapResponse } from './envelope.js';

export type SoapContext = { state: OrgState; jobs: AsyncJobs; apiVersion: string };
type Params = Record<string, unknown>;
type Outcome = { result: unknown } | { fault: SoapFault };
type Handler = (params: Params, ctx: SoapContext) => Outcome | Promise<Outcome>;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const flag = (v: unknown, fallback: boolean): boolean => (v === 'true' ? true : v === 'false' ? false : fallback);

const manifestOf = (unpackaged: unknown): PackageManifest => {
  const u = (unpackaged ?? {}) as { types?: { name?: string; members?: string[] }[]; version?: string };
  return { types: (u.types ?? []).map((t) => ({ name: String(t.name ?? ''), members: (t.members ?? []).map(String) })), version: text(u.version) };
};

const HANDLERS: Readonly<Record<string, Handler>> = {
  deploy: (p, ctx) => {
    const o = (p.DeployOptions ?? {}) as Params;
    const options: DeployRequestOptions = {
      checkOnly: flag(o.checkOnly, false),
      rollbackOnError: flag(o.rollbackOnError, true),
      ignoreWarnings: flag(o.ignoreWarnings, false),
    };
    const zip = Buffer.from(text(p.ZipFile) ?? '', 'base64');
    const job = ctx.jobs.submitDeploy(zip, options, ctx.apiVersion);
    return { result: { done: false, id: job.id, state: 'Queued' } };
  },
  checkDeployStatus: async (p, ctx) => {
    const result = await ctx.jobs.checkDeploy(text(p.asyncProcessId) ?? '');
    if (result === undefined) return { fault: SOAP_FAULTS.invalidId };
    // details only when asked (SDR always asks: salesforce-wire.md §2.1)
    return { result: p.includeDetails === 'true' ? result : { ...result, details: undefined } };
  },
  cancelDeploy: (p, ctx) => {
    const id = text(p.id) ?? text(p.String) ?? '';
    const outcome = ctx.jobs.cancelDeploy(id);
    if (outcome === undefined) return { fault: SOAP_FAULTS.invalidId };
    if (outcome === 'done') return { fault: { code: 'INVALID_ID_FIELD', message: 'The deployment has already completed and can no longer be canceled' } };
    return { result: { done: false, id } };
  },
  retrieve: (p, ctx) => {
    const request = (p.request ?? {}) as Params;
    const manifest = manifestOf(request.unpackaged);
    return { result: ctx.jobs.submitRetrieve(manifest, text(request.apiVersion) ?? ctx.apiVersion) };
  },
  checkRetrieveStatus: async (p, ctx) => {
    const result = await ctx.jobs.checkRetrieve(text(p.asyncProcessId) ?? '');
    return result === undefined ? { fault: SOAP_FAULTS.invalidId } : { result };
  },
  listMetadata: async (p, ctx) => {
    const { listMetadata } = await import('../metadata/retrieveEngine.js');
    const queries = (p.queries ?? []) as { type?: string }[];
    return { result: listMetadata(ctx.state, queries.map((q) => String(q.type ?? ''))) };
  },
  updateMetadata: (p, ctx) => updateHandler(p, ctx),
  readMetadata: async (p, ctx) => {
    const { findComponents, shownFields } = await import('../metadata/retrieveEngine.js');
    const { SETTINGS_SWITCHES, settingsRootElement } = await import('../metadata/orgSettingsRules.js');
    const type = text(p.type) ?? '';
    const names = ((p.fullNames ?? []) as unknown[]).map(String);
    // Settings: "In the package manifest, all the settings metadata types are accessed using the Settings name"
    // (Settings doc); outside the manifest each has its own type, e.g. readMetadata('ExternalClientAppSettings', ['ExternalClientApp']).
    const isSettingsType = Object.keys(SETTINGS_SWITCHES).some((member) => settingsRootElement(member) === type && names.every((n) => n === member));
    const { found } = findComponents(ctx.state, isSettingsType ? 'Settings' : type, names);
    const records = found.map((c) => ({
      '@_xsi:type': type,
      fullName: c.fullName,
      ...shownFields(ctx.state, c, versionNumber(ctx.apiVersion)),
    }));
    return { result: { records } };
  },
};

const asList = (v: unknown): Params[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]) as Params[];

/** The Settings member whose own metadata type this is (ExternalClientAppSettings → ExternalClientApp), if any. */
const settingsMemberOf = async (type: string): Promise<string | undefined> => {
  const { SETTINGS_SWITCHES, settingsRootElement } = await import('../metadata/orgSettingsRules.js');
  return Object.keys(SETTINGS_SWITCHES).find((member) => settingsRootElement(member) === type);
};

const updateHandler: Handler = async (p, ctx) => {
  const items = asList(p.metadata);
  const { applySettings, SETTINGS_SWITCHES } = await import('../metadata/orgSettingsRules.js');
  const { knownFieldsAt } = await import('../metadata/schemaValidator.js');
  const { loadMetadataDefinitions } = await import('../metadata/metadataDefinitions.js');
  const { KEY_PREFIX } = await import('../ids.js');
  const results: Params[] = [];
  for (const item of items) {
    const { '@_type': typeAttr, fullName: fullNameValue, ...fields } = item;
    const type = text(typeAttr) ?? '';
    const fullName = text(fullNameValue) ?? '';
    const member = await settingsMemberOf(type);
    // The loopback org emulates CRUD updates for the org settings it models only; saying so beats pretending.
    if (member === undefined || member !== fullName) {
      return { fault: { code: 'INVALID_TYPE', message: `loopback org: updateMetadata is emulated only for the org settings it models, not ${type} ${fullName}` } };
    }
    const switchAnswer = ctx.state.switches.settingsUpdateMetadata;
    if (switchAnswer === 'fault') return { fault: { code: 'INVALID_TYPE', message: `${type} is not supported by updateMetadata(); use deploy()` } };
    if (switchAnswer === 'refuse') {
      results.push({ fullName, success: 'false', errors: { message: `${type} is not supported by updateMetadata(); use deploy()`, statusCode: 'INVALID_TYPE' } });
      continue;
    }
    const known = knownFieldsAt(loadMetadataDefinitions(), type, versionNumber(ctx.apiVersion));
    const unknown = Object.keys(fields).filter((f) => !known.has(f));
    if (unknown.length > 0) {
      return { fault: { code: 'INVALID_TYPE', message: `Error parsing SOAP request: Element {http://soap.sforce.com/2006/04/metadata}${unknown[0] ?? ''} invalid at this location in type ${type}` } };
    }
    const switchFields = Object.keys(SETTINGS_SWITCHES[member] ?? {});
    const bad = Object.entries(fields).find(([f, v]) => switchFields.includes(f) && v !== 'true' && v !== 'false');
    if (bad !== undefined) {
      results.push({ fullName, success: 'false', errors: { fields: bad[0], message: `${bad[0]}: value not of required type: ${String(bad[1])}`, statusCode: 'FIELD_INTEGRITY_EXCEPTION' } });
      continue;
    }
    applySettings(ctx.state, member, fields as Record<string, string>, KEY_PREFIX.metadataComponent);
    results.push({ fullName, success: 'true' });
  }
  return { result: results };
};

export const METADATA_METHODS: readonly string[] = Object.keys(HANDLERS);

/** Access rules that apply to every Metadata API call, then the method's handler. */
export const handleMetadataSoap = async (request: SoapRequest, ctx: SoapContext): Promise<Reply> => {
  if (versionNumber(ctx.apiVersion) > versionNumber(ctx.state.maxApiVersion) || Number.isNaN(versionNumber(ctx.apiVersion))) {
    return soapFault(SOAP_FAULTS.unsupportedVersion);
  }
  if (!ctx.state.isValidSession(request.sessionId)) return soapFault(SOAP_FAULTS.invalidSession);
  const perms = ctx.state.userPermissions;
  if (!perms.ModifyAllData && !perms.CustomizeApplication) return soapFault(SOAP_FAULTS.insufficientAccess);
  const handler = HANDLERS[request.method];
  if (handler === undefined) return soapFault({ code: 'INVALID_OPERATION', message: `No operation available for request {http://soap.sforce.com/2006/04/metadata}${request.method}` });
  const outcome = await handler(request.params, ctx);
  return 'fault' in outcome ? soapFault(outcome.fault) : soapResponse(request.method, outcome.result);
};

