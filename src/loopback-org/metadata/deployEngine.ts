/**
 * Runs one Metadata API deploy against the org: reads the zip, checks every component (schema at the package's
 * API version, then the org's rules), applies them with any destructive changes, and keeps the result only when
 * everything passed (or rollbackOnError is off) and it is not checkOnly. Produces the DeployResult details SDR reads.
 */
import { typeLayout } from '../../render/sdrRegistry.js';
import { loadMetadataDefinitions } from './metadataDefinitions.js';
import { KEY_PREFIX } from '../ids.js';
import type { OrgState } from '../orgState.js';
import type { UserPermissionName } from '../types.js';
import { TYPE_MIN_VERSION, versionNumber } from './apiVersions.js';
import { locate, METADATA_NS, parseComponentXml } from './componentXml.js';
import type { Candidate, DeployMessage, RuleContext } from './deployTypes.js';
import { keyOf } from './deployTypes.js';
import { applyDeletion, isDestructiveManifest, readDeletions } from './destructiveChanges.js';
import type { DroppedField } from '../faults.js';
import { ECA_TYPES } from './ecaDefaults.js';
import { apiNameProblems, APPLY_ORDER, ECA_RULES, onePartPerApp } from './ecaRules.js';
import { applySettings, settingsAfter, settingsFieldsForRetrieve, settingsRootElement } from './orgSettingsRules.js';
import { parseManifest, readDeployZip } from './packageZip.js';
import type { Problem } from './schemaValidator.js';
import { validateAgainstSchema } from './schemaValidator.js';

export type DeployRequestOptions = { checkOnly: boolean; rollbackOnError: boolean; ignoreWarnings: boolean };

export type DeployOutcome = {
  status: 'Succeeded' | 'SucceededPartial' | 'Failed';
  successes: DeployMessage[];
  failures: DeployMessage[];
  numberComponentsTotal: number;
  numberComponentsDeployed: number;
  numberComponentErrors: number;
};

const SETTINGS_TYPE = 'Settings';

type Layout = { directoryName: string; suffix: string };
const layoutOf = (type: string): Layout | undefined => {
  try {
    return typeLayout(type);
  } catch {
    return undefined;
  }
};

const packageFailure = (problem: string, now: string): DeployMessage => ({
  changed: false, componentType: '', created: false, createdDate: now, deleted: false,
  fileName: 'package.xml', fullName: 'package.xml', success: false, problem, problemType: 'Error',
});

const failedOutcome = (failures: DeployMessage[]): DeployOutcome => ({
  status: 'Failed', successes: [], failures, numberComponentsTotal: 0, numberComponentsDeployed: 0, numberComponentErrors: failures.length,
});

const permissionFor = (type: string): UserPermissionName => ECA_RULES[type]?.permission ?? 'CustomizeApplication';

/** Parses one member's file and checks it against the type's definition. */
const parseCandidate = (type: string, fullName: string, fileName: string, text: string, apiVersion: number): Candidate => {
  const definitions = loadMetadataDefinitions();
  const expectedRoot = type === SETTINGS_TYPE ? settingsRootElement(fullName) : type;
  const parsed = parseComponentXml(text);
  if (!parsed.ok) {
    return { type, fullName, fileName, text, fields: {}, problems: [{ problem: parsed.problem, problemType: 'Error', line: parsed.line, column: parsed.column }] };
  }
  const problems: Problem[] = [];
  if (parsed.root !== expectedRoot) {
    problems.push({ problem: `Error parsing file: Element {${METADATA_NS}}${parsed.root} invalid at this location; expected ${expectedRoot}`, problemType: 'Error', ...locate(text, parsed.root) });
  } else if (parsed.namespace !== METADATA_NS) {
    problems.push({ problem: `Error parsing file: Element ${parsed.root} is not in the namespace ${METADATA_NS}`, problemType: 'Error', ...locate(text, parsed.root) });
  } else if (type === SETTINGS_TYPE && definitions.get(expectedRoot) === undefined) {
    problems.push({ problem: `Unknown settings: ${fullName}`, problemType: 'Error', line: 1, column: 1 });
  } else {
    problems.push(...validateAgainstSchema({ typeName: expectedRoot, fields: parsed.fields, apiVersion, text, definitions }));
  }
  return { type, fullName, fileName, text, fields: parsed.fields, problems };
};

/** `dropField` (fault dropFieldOnDeploy): that field of that type is left out of what is stored, as if never sent. */
export const runDeploy = async (state: OrgState, zipBytes: Buffer, options: DeployRequestOptions, callApiVersion: string, dropField?: DroppedField): Promise<DeployOutcome> => {
  const now = new Date().toISOString();
  const pkg = await readDeployZip(zipBytes);
  if (!pkg.ok) return failedOutcome([packageFailure(pkg.problem, now)]);
  const version = pkg.manifest.version ?? callApiVersion;
  const apiVersion = versionNumber(version);
  if (!(apiVersion <= versionNumber(state.maxApiVersion))) {
    return failedOutcome([packageFailure(`Invalid API version ${version} in package.xml: this org supports API versions up to ${state.maxApiVersion}.`, now)]);
  }

  const definitions = loadMetadataDefinitions();
  const knownType = (type: string): boolean =>
    layoutOf(type) !== undefined && (type === SETTINGS_TYPE || definitions.get(type) !== undefined) && (TYPE_MIN_VERSION[type] ?? 0) <= apiVersion;
  const packageProblems: DeployMessage[] = [];
  const candidates: Candidate[] = [];
  for (const { name: type, members } of pkg.manifest.types) {
    const layout = layoutOf(type);
    if (layout === undefined || !knownType(type)) {
      packageProblems.push(packageFailure(`Unknown type name '${type}' specified in package.xml`, now));
      continue;
    }
    const folder = `${layout.directoryName}/`;
    const ending = `.${layout.suffix}`;
    const names = members.includes('*')
      ? [...pkg.files.keys()].filter((p) => p.startsWith(folder) && p.endsWith(ending)).map((p) => p.slice(folder.length, -ending.length))
      : members;
    for (const fullName of names) {
      const fileName = `${folder}${fullName}${ending}`;
      const text = pkg.files.get(fileName);
      if (text === undefined) {
        packageProblems.push({
          ...packageFailure(`An object '${fullName}' of type ${type} was named in package.xml, but was not found in zipped directory`, now),
          componentType: type, fullName,
        });
        continue;
      }
      candidates.push(parseCandidate(type, fullName, fileName, text, apiVersion));
    }
  }

  const destructiveManifests = [...pkg.files.keys()].filter(isDestructiveManifest).map((path) => ({ path, manifest: parseManifest(pkg.files.get(path) ?? '') }));
  const { deletions, packageProblems: deletionPackageProblems } = readDeletions(state, destructiveManifests, knownType);
  packageProblems.push(...deletionPackageProblems.map((problem) => packageFailure(problem, now)));

  const deploying = new Map(candidates.map((c) => [keyOf(c.type, c.fullName), c]));
  const settingsComponents = candidates.filter((c) => c.type === SETTINGS_TYPE && c.problems.length === 0).map((c) => ({ member: c.fullName, fields: c.fields }));
  const ctx: RuleContext = {
    state,
    deploying,
    apiVersion,
    ignoreWarnings: options.ignoreWarnings,
    settingsAfterDeploy: settingsAfter(state.settings, settingsComponents),
  };
  for (const c of candidates) {
    const permission = permissionFor(c.type);
    if (!state.userPermissions[permission]) {
      c.problems.push({ problem: `Insufficient access rights: deploying ${c.type} requires the ${permission} user permission.`, problemType: 'Error', line: 1, column: 1 });
    }
    if (c.problems.length > 0) continue;
    const rules = ECA_RULES[c.type];
    for (const finding of rules === undefined ? [] : [...apiNameProblems(c), ...onePartPerApp(c, ctx), ...rules.check(c, ctx)]) {
      c.problems.push({ problem: finding.problem, problemType: finding.problemType ?? 'Error', ...locate(c.text, finding.tag ?? c.type) });
    }
  }

  const fails = (problems: readonly Problem[]): boolean => problems.some((p) => p.problemType === 'Error' || !options.ignoreWarnings);
  const failed = candidates.filter((c) => fails(c.problems));
  const passed = candidates.filter((c) => !fails(c.problems));
  const failedDeletions = deletions.filter((d) => fails(d.problems));
  const passedDeletions = deletions.filter((d) => !fails(d.problems));
  const anyFailure = failed.length > 0 || failedDeletions.length > 0 || packageProblems.length > 0;

  // The deploy runs exactly as a real one would (so checkOnly and rolled-back deploys report the states the real
  // deploy reports), then the org is put back unless the changes are to stay. No await in between: other requests
  // never see the intermediate state.
  const restore = state.snapshot();
  const successes: DeployMessage[] = [];
  const deleteAll = (when: 'pre' | 'post'): void => {
    for (const d of passedDeletions.filter((x) => x.when === when)) {
      const id = state.component(d.type, d.fullName)?.id ?? '';
      const gone = id === '' ? '' : applyDeletion(state, d);
      successes.push({
        changed: false, componentType: d.type, created: false, createdDate: now, deleted: gone !== '' || d.problems.length === 0,
        fileName: zipPathOf(d.type, d.fullName), fullName: d.fullName, ...(id === '' ? {} : { id }), success: true,
        ...(d.problems[0] === undefined ? {} : { problem: d.problems[0].problem, problemType: d.problems[0].problemType }),
      });
    }
  };
  deleteAll('pre');
  const ordered = [...passed].sort((a, b) => APPLY_ORDER.indexOf(a.type) - APPLY_ORDER.indexOf(b.type));
  for (const sent of ordered) {
    const c = dropField?.type === sent.type ? { ...sent, fields: Object.fromEntries(Object.entries(sent.fields).filter(([f]) => f !== dropField.field)) } : sent;
    const before = fingerprint(state, c.type, c.fullName);
    const result = c.type === SETTINGS_TYPE ? applySettings(state, c.fullName, c.fields, KEY_PREFIX.metadataComponent) : (ECA_RULES[c.type]?.apply(c, ctx) ?? genericApply(state, c));
    // Settings exist in every org: a Settings deploy never creates anything.
    const created = c.type !== SETTINGS_TYPE && before === undefined;
    const identical = before === fingerprint(state, c.type, c.fullName);
    const changed = !created && (!identical || state.switches.identicalRedeploy === 'changed');
    successes.push({
      changed, componentType: c.type, created, createdDate: now, deleted: false,
      fileName: c.fileName, fullName: c.fullName, ...(result.id === '' ? {} : { id: result.id }), success: true,
    });
  }
  deleteAll('post');
  const keep = !options.checkOnly && (!anyFailure || !options.rollbackOnError);
  if (!keep) restore();

  const failures: DeployMessage[] = [
    ...packageProblems,
    ...failed.flatMap((c) => c.problems.map((p) => ({
      changed: false, componentType: c.type, created: false, createdDate: now, deleted: false, fileName: c.fileName, fullName: c.fullName,
      success: false, problem: p.problem, problemType: p.problemType, lineNumber: p.line, columnNumber: p.column,
    }))),
    ...failedDeletions.flatMap((d) => d.problems.map((p) => ({
      changed: false, componentType: d.type, created: false, createdDate: now, deleted: false, fileName: d.manifest, fullName: d.fullName,
      success: false, problem: p.problem, problemType: p.problemType,
    }))),
  ];
  if (!anyFailure) {
    successes.push({ changed: true, componentType: '', created: false, createdDate: now, deleted: false, fileName: 'package.xml', fullName: 'package.xml', success: true });
  }
  const passedCount = passed.length + passedDeletions.length;
  return {
    status: !anyFailure ? 'Succeeded' : keep && passedCount > 0 ? 'SucceededPartial' : 'Failed',
    successes,
    failures,
    numberComponentsTotal: candidates.length + deletions.length,
    numberComponentsDeployed: anyFailure && options.rollbackOnError ? 0 : passedCount,
    numberComponentErrors: failed.length + failedDeletions.length + packageProblems.length,
  };
};

/** Key-order-independent JSON. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
    : v));

/**
 * What the org holds for a component, to tell Created / Changed / Unchanged: its fields, the switch values for
 * Settings, and the issued credentials for Global OAuth settings (a rotation changes them). In memory only.
 */
const fingerprint = (state: OrgState, type: string, fullName: string): string | undefined => {
  if (type === SETTINGS_TYPE) return stableJson(settingsFieldsForRetrieve(state, fullName) ?? {});
  const held = state.component(type, fullName);
  if (held === undefined) return undefined;
  const app = held.fields.externalClientApplication;
  const consumer = type === ECA_TYPES.globalOauth && typeof app === 'string' ? state.consumerOf(app) : undefined;
  return stableJson([held.fields, consumer?.key ?? null, consumer?.secret ?? null]);
};

const zipPathOf = (type: string, fullName: string): string => {
  const layout = layoutOf(type);
  return layout === undefined ? fullName : `${layout.directoryName}/${fullName}.${layout.suffix}`;
};

const genericApply = (state: OrgState, c: Candidate): { created: boolean; id: string } => {
  const { created, component } = state.putComponent(c.type, c.fullName, c.fields, KEY_PREFIX.metadataComponent);
  return { created, id: component.id };
};
