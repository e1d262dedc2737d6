/**
 * Destructive deploys: `destructiveChangesPre.xml` / `destructiveChanges.xml` (deleted before the package's
 * components are added) and `destructiveChangesPost.xml` (after), each a package manifest of members to delete.
 *
 * What deleting an External Client App part does:
 * - the app (ExternalClientApplication): the app goes with every part that names it and its OAuth consumer, so the
 *   consumer key is free again and every token issued to the consumer is revoked (salesforce-eca.md gotcha 15 [OBS];
 *   sfdx-hardis deletes only the parent type [CODE]).
 * - its OAuth settings: the OAuth plugin goes — the OAuth settings, the Global OAuth settings, the OAuth policies and
 *   the consumer. The Global settings can't stand without OAuth settings (field report 4) [INFERRED].
 * - the Global OAuth settings or a policy alone: refused; the org generates and keeps them with their app and OAuth
 *   settings ("generated with default values when an external client app is saved", §1.5) [INFERRED].
 * - a member the org doesn't have: a Warning `No <type> named: <name> found`, which fails the deploy unless
 *   ignoreWarnings is set (as the Metadata API reports missing destructive members).
 */
import type { OrgState } from '../orgState.js';
import type { OrgComponent } from '../types.js';
import { ECA_TYPES } from './ecaDefaults.js';
import type { PackageManifest } from './packageZip.js';
import type { Problem } from './schemaValidator.js';

export type Deletion = {
  readonly type: string;
  readonly fullName: string;
  /** Which manifest asked for it. */
  readonly manifest: string;
  readonly when: 'pre' | 'post';
  readonly problems: Problem[];
};

const WHEN: Readonly<Record<string, 'pre' | 'post'>> = {
  'destructiveChangesPre.xml': 'pre',
  'destructiveChanges.xml': 'pre',
  'destructiveChangesPost.xml': 'post',
};

export const isDestructiveManifest = (path: string): boolean => WHEN[path] !== undefined;

const problem = (text: string, problemType: 'Error' | 'Warning' = 'Error'): Problem => ({ problem: text, problemType, line: 1, column: 1 });

const appOf = (c: OrgComponent | undefined): string | undefined => {
  const v = c?.fields.externalClientApplication;
  return typeof v === 'string' ? v : undefined;
};

/** Parts that can't be deleted on their own, and what must be deleted with them (the app, or also its OAuth settings). */
const DELETED_ONLY_WITH: Readonly<Record<string, readonly string[]>> = {
  [ECA_TYPES.globalOauth]: [ECA_TYPES.app, ECA_TYPES.oauthSettings],
  [ECA_TYPES.oauthPolicies]: [ECA_TYPES.app, ECA_TYPES.oauthSettings],
  [ECA_TYPES.appPolicies]: [ECA_TYPES.app],
};

/**
 * The deletions asked for, each checked against the org. `knownType` says whether the org knows a type name.
 */
export const readDeletions = (
  state: OrgState,
  manifests: ReadonlyArray<{ path: string; manifest: PackageManifest }>,
  knownType: (type: string) => boolean,
): { deletions: Deletion[]; packageProblems: string[] } => {
  const deletions: Deletion[] = [];
  const packageProblems: string[] = [];
  for (const { path, manifest } of manifests) {
    const when = WHEN[path] ?? 'pre';
    for (const { name: type, members } of manifest.types) {
      if (!knownType(type)) {
        packageProblems.push(`Unknown type name '${type}' specified in ${path}`);
        continue;
      }
      for (const fullName of members) deletions.push({ type, fullName, manifest: path, when, problems: [] });
    }
  }
  for (const d of deletions) {
    const held = state.component(d.type, d.fullName);
    if (held === undefined) {
      d.problems.push(problem(`No ${d.type} named: ${d.fullName} found`, 'Warning'));
      continue;
    }
    if (d.type === 'Settings') {
      d.problems.push(problem(`Settings can't be deleted: ${d.fullName}. Deploy the settings with the values you want instead.`));
      continue;
    }
    const required = DELETED_ONLY_WITH[d.type];
    if (required === undefined) continue;
    const app = appOf(held);
    const coveredBy = deletions.find((o) => required.includes(o.type) && (o.type === ECA_TYPES.app ? o.fullName === app : appOf(state.component(o.type, o.fullName)) === app));
    if (coveredBy === undefined) {
      d.problems.push(problem(
        `${d.type} ${d.fullName} can't be deleted on its own: it belongs to the external client app ${app ?? ''} and is removed with ${required.length > 1 ? "the app's OAuth settings or " : ''}the app. Delete ${required.length > 1 ? 'ExtlClntAppOauthSettings or ' : ''}ExternalClientApplication ${app ?? ''} instead.`,
      ));
    }
  }
  return { deletions, packageProblems };
};

/** Applies one deletion (with what goes with it); returns the id of the deleted component ('' when already gone). */
export const applyDeletion = (state: OrgState, d: Deletion): string => {
  const held = state.component(d.type, d.fullName);
  if (held === undefined) return '';
  if (d.type === ECA_TYPES.app) {
    for (const c of state.allComponents()) {
      if (appOf(c) === d.fullName) state.removeComponent(c.type, c.fullName);
    }
    state.deleteConsumer(d.fullName);
    state.appsWithUsage.delete(d.fullName);
  } else if (d.type === ECA_TYPES.oauthSettings) {
    const app = appOf(held);
    for (const type of [ECA_TYPES.globalOauth, ECA_TYPES.oauthPolicies]) {
      for (const c of state.componentsOfType(type)) if (appOf(c) === app) state.removeComponent(c.type, c.fullName);
    }
    if (app !== undefined) state.deleteConsumer(app);
  }
  state.removeComponent(d.type, d.fullName);
  return held.id;
};
