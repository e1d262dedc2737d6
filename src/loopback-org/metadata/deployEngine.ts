/**
 * Runs one Metadata API deploy against the org: reads the zip, checks every component (schema at the package's
 * API version, then the org's rules), and — only when everything passed, or rollbackOnError is off — applies
 * them. checkOnly validates without changing anything. Produces the DeployResult details SDR reads.
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
import { apiNameProblems, APPLY_ORDER, ECA_RULES } from './ecaRules.js';
import { applySettings, settingsAfter, settingsRootElement } from './orgSettingsRules.js';
import { readDeployZip } from './packageZip.js';
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

export const runDeploy = async (state: OrgState, zipBytes: Buffer, options: DeployRequestOptions, callApiVersion: string): Promise<DeployOutcome> => {
  const now = new Date().toISOString();
  const pkg = await readDeployZip(zipBytes);
  if (!pkg.ok) return failedOutcome([packageFailure(pkg.problem, now)]);
  const destructive = [...pkg.files.keys()].find((p) => /^destructiveChanges(Pre|Post)?\.xml$/.test(p));
  if (destructive !== undefined) {
    // Not emulated: refusing is honest; silently ignoring would let a test believe something was deleted.
    return failedOutcome([packageFailure(`${destructive}: the loopback org does not emulate destructive changes`, now)]);
  }
  const version = pkg.manifest.version ?? callApiVersion;
  const apiVersion = versionNumber(version);
  if (!(apiVersion <= versionNumber(state.maxApiVersion))) {
    return failedOutcome([packageFailure(`Invalid API version ${version} in package.xml: this org supports API versions up to ${state.maxApiVersion}.`, now)]);
  }

  const definitions = loadMetadataDefinitions();
  const packageProblems: DeployMessage[] = [];
  const candidates: Candidate[] = [];
  for (const { name: type, members } of pkg.manifest.types) {
    const layout = layoutOf(type);
    const known = layout !== undefined && (type === SETTINGS_TYPE || definitions.get(type) !== undefined) && (TYPE_MIN_VERSION[type] ?? 0) <= apiVersion;
    if (!known) {
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
    for (const finding of rules === undefined ? [] : [...apiNameProblems(c), ...rules.check(c, ctx)]) {
      c.problems.push({ problem: finding.problem, problemType: finding.problemType ?? 'Error', ...locate(c.text, finding.tag ?? c.type) });
    }
  }

  const fails = (c: Candidate): boolean => c.problems.some((p) => p.problemType === 'Error' || !options.ignoreWarnings);
  const failed = candidates.filter(fails);
  const passed = candidates.filter((c) => !fails(c));
  const anyFailure = failed.length > 0 || packageProblems.length > 0;
  const apply = !options.checkOnly && (!anyFailure || !options.rollbackOnError);

  const successes: DeployMessage[] = [];
  const ordered = [...passed].sort((a, b) => APPLY_ORDER.indexOf(a.type) - APPLY_ORDER.indexOf(b.type));
  for (const c of ordered) {
    const existing = state.component(c.type, c.fullName);
    let result = { created: existing === undefined, id: existing?.id ?? '' };
    if (apply) {
      result = c.type === SETTINGS_TYPE ? applySettings(state, c.fullName, c.fields, KEY_PREFIX.metadataComponent) : (ECA_RULES[c.type]?.apply(c, ctx) ?? genericApply(state, c));
    }
    successes.push({
      changed: !result.created, componentType: c.type, created: result.created, createdDate: now, deleted: false,
      fileName: c.fileName, fullName: c.fullName, ...(result.id === '' ? {} : { id: result.id }), success: true,
    });
  }
  const failures: DeployMessage[] = [
    ...packageProblems,
    ...failed.flatMap((c) => c.problems.map((p) => ({
      changed: false, componentType: c.type, created: false, createdDate: now, deleted: false, fileName: c.fileName, fullName: c.fullName,
      success: false, problem: p.problem, problemType: p.problemType, lineNumber: p.line, columnNumber: p.column,
    }))),
  ];
  if (!anyFailure) {
    successes.push({ changed: true, componentType: '', created: false, createdDate: now, deleted: false, fileName: 'package.xml', fullName: 'package.xml', success: true });
  }
  return {
    status: !anyFailure ? 'Succeeded' : apply && passed.length > 0 ? 'SucceededPartial' : 'Failed',
    successes,
    failures,
    numberComponentsTotal: candidates.length,
    numberComponentsDeployed: anyFailure && options.rollbackOnError ? 0 : passed.length,
    numberComponentErrors: failed.length + packageProblems.length,
  };
};

const genericApply = (state: OrgState, c: Candidate): { created: boolean; id: string } => {
  const { created, component } = state.putComponent(c.type, c.fullName, c.fields, KEY_PREFIX.metadataComponent);
  return { created, id: component.id };
};
