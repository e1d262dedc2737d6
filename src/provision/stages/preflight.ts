/**
 * Stage 1, read-only: pick the API version, find the app's parts the org already holds whatever their names
 * (adoption: listMetadata + readMetadata, src/salesforce/appParts.ts), render the registration for it under those
 * names, read what the org holds (synchronous readMetadata/listMetadata, no retrieve) and the facts preflight judges,
 * and refuse with every problem at once before anything changes.
 */
import { cliError } from '../../errors/index.js';
import { projectApiVersion } from '../../files/index.js';
import { adoptedPartNames, orgPartNames, renderRegistration, requiredApiVersion, parseEcaComponentXml, type EcaComponent, type RenderedComponent } from '../../render/index.js';
import { findAppParts, readOrgFacts, retrieveOrgState, type OrgState } from '../../salesforce/index.js';
import type { StageContext } from './context.js';
import { runPreflightChecks } from './preflightChecks.js';

export type Preflight = {
  readonly apiVersion: string;
  readonly components: readonly RenderedComponent[];
  /** The rendered components read back with the one reader, for the one diff engine. */
  readonly desired: readonly EcaComponent[];
  readonly state: OrgState;
  /**
   * The parts of Ren's app the org holds under names this tool would not give them (made in Setup, or by another
   * deploy), adopted: the components above carry those names. [] when there is nothing to adopt.
   */
  readonly adoptedParts: readonly string[];
  /** The org's Authorization Code and Credentials Flow switch is off and the spec needs it (allowed: --allow-org-settings). */
  readonly orgSwitchOn: boolean;
};

const lower = (a: string, b: string): string => (Number(a) <= Number(b) ? a : b);
const higher = (a: string, b: string): string => (Number(a) >= Number(b) ? a : b);

/**
 * `--api-version` wins; else the project's sourceApiVersion (src/files/sfdxProject.ts, as `render` reads it),
 * never below what the registration needs, capped at the org's maximum.
 */
export const targetApiVersion = async (requested: string | undefined, orgMax: string, required: string, cwd = process.cwd()): Promise<string> => {
  if (requested !== undefined) return requested;
  const project = (await projectApiVersion(cwd)) ?? required;
  return lower(higher(project, required), orgMax);
};

export const preflight = async (ctx: StageContext): Promise<Preflight> => {
  const { conn, request, label } = ctx;
  const { registration, options } = request;
  const orgMax = await conn.retrieveMaxApiVersion();
  const required = requiredApiVersion(registration);
  const apiVersion = await targetApiVersion(options.apiVersion, orgMax, required);
  // Adoption: the app's parts as the org names them (found by reference), so the spec renders onto them.
  const held = await findAppParts(conn, registration.app.apiName, apiVersion);
  const rendered = renderRegistration(registration, { apiVersion, partNames: orgPartNames(registration.app.apiName, held) });
  rendered.warnings.forEach((w) => ctx.warn('preflight', w));
  const { components } = rendered;
  // Both only read, through synchronous calls: sent together, they cost one round trip.
  const [state, facts] = await Promise.all([
    retrieveOrgState(conn, components, apiVersion),
    readOrgFacts(conn, { profiles: registration.policies.profiles, permissionSets: registration.policies.permissionSets }),
  ]);
  const needsCodeCredentialsFlow = registration.oauth.flows.authorizationCodeAndCredentials;
  const problems = runPreflightChecks({
    orgMaxApiVersion: orgMax,
    requiredApiVersion: required,
    wantedProfiles: registration.policies.profiles,
    wantedPermissionSets: registration.policies.permissionSets,
    needsCodeCredentialsFlow,
    codeCredentialsFlowOn: state.switches.codeCredentialsFlow,
    secretsViaRestOn: state.switches.secretsViaRest,
    allowOrgSettings: options.allowOrgSettings,
    allowSecretToggle: ctx.allowSecretToggle,
    dryRun: options.dryRun,
    facts,
  });
  if (problems.length > 0) {
    throw cliError('PreflightFailed', [label, problems.length, problems.map((p) => `  - ${p.problem}`).join('\n')], {
      data: { problems },
      actions: problems.map((p) => p.fix),
    });
  }
  for (const u of facts.unchecked) ctx.warn('preflight', `Could not check ${u}; the deploy will tell if something is missing.`);
  return {
    apiVersion,
    components,
    desired: components.map((c) => parseEcaComponentXml(c.contents, c.relativePath)),
    state,
    adoptedParts: adoptedPartNames(registration.app.apiName, held),
    orgSwitchOn: needsCodeCredentialsFlow && state.switches.codeCredentialsFlow === false,
  };
};
