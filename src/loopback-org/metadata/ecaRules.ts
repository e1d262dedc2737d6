/**
 * The org-level rules Salesforce applies to External Client App components on deploy (beyond the schema), and
 * what applying each component does to the org. One entry per type; types without an entry only get the
 * schema check and are stored as sent.
 */
import { KEY_PREFIX } from '../ids.js';
import type { ComponentFields, UserPermissionName } from '../types.js';
import { autoAppPolicyFields, autoOauthPolicyFields, defaultPolicyName, ECA_TYPES } from './ecaDefaults.js';
import { splitCommaList, VALID_OAUTH_SCOPES } from './oauthScopes.js';
import type { Candidate, RuleContext } from './deployTypes.js';
import { keyOf } from './deployTypes.js';

export type RuleFinding = { problem: string; problemType?: 'Error' | 'Warning'; tag?: string };

type TypeRules = {
  /** User permission the deploying user needs for this type (salesforce-eca.md §1.8, §1.5 "Special access"). */
  permission: UserPermissionName;
  /** Id key prefix of stored components. */
  idPrefix: string;
  check: (c: Candidate, ctx: RuleContext) => RuleFinding[];
  /** Stores the component (and its side effects) in the org. */
  apply: (c: Candidate, ctx: RuleContext) => { created: boolean; id: string };
};

const str = (fields: ComponentFields, name: string): string | undefined => {
  const v = fields[name];
  return typeof v === 'string' ? v : undefined;
};

const appName = (c: Candidate): string => str(c.fields, 'externalClientApplication') ?? '';

const appExistsInOrg = (ctx: RuleContext, name: string): boolean => ctx.state.component(ECA_TYPES.app, name) !== undefined;
const appInDeploy = (ctx: RuleContext, name: string): boolean => ctx.deploying.has(keyOf(ECA_TYPES.app, name));

/** Name of the app's OAuth settings, in the org or in this deploy. */
const oauthSettingsOf = (ctx: RuleContext, app: string): string | undefined => {
  const inDeploy = [...ctx.deploying.values()].find((c) => c.type === ECA_TYPES.oauthSettings && appName(c) === app);
  return inDeploy?.fullName ?? ctx.state.componentsOfType(ECA_TYPES.oauthSettings).find((c) => c.fields.externalClientApplication === app)?.fullName;
};

const parentReference = (c: Candidate, ctx: RuleContext): RuleFinding[] => {
  const app = appName(c);
  return appExistsInOrg(ctx, app) || appInDeploy(ctx, app)
    ? []
    : [{ problem: `In field: externalClientApplication - no ExternalClientApplication named ${app} found`, tag: 'externalClientApplication' }];
};

/** Policies: the app must exist before; switch policiesWithAppInSameDeploy decides whether the same deploy counts. */
const policyParent = (c: Candidate, ctx: RuleContext): RuleFinding[] => {
  const app = appName(c);
  if (appExistsInOrg(ctx, app)) return [];
  if (appInDeploy(ctx, app) && ctx.state.switches.policiesWithAppInSameDeploy === 'accept') return [];
  return [{
    problem: `In field: externalClientApplication - no ExternalClientApplication named ${app} found. To update a policies file, you must first deploy the external client app.`,
    tag: 'externalClientApplication',
  }];
};

/** One policy record of each kind per app: a differently named one is refused. */
const singlePolicyPerApp = (c: Candidate, ctx: RuleContext): RuleFinding[] => {
  const other = ctx.state.componentsOfType(c.type).find((p) => p.fields.externalClientApplication === appName(c) && p.fullName !== c.fullName);
  return other === undefined
    ? []
    : [{ problem: `The external client app ${appName(c)} already has ${c.type} named ${other.fullName}. Deploy the policies under that name.` }];
};

const namesExist = (c: Candidate, field: string, kind: string, known: ReadonlyMap<string, string>): RuleFinding[] => {
  const value = str(c.fields, field);
  if (value === undefined) return [];
  return splitCommaList(value)
    .filter((n) => !known.has(n))
    .map((n) => ({ problem: `In field: ${field} - no ${kind} named ${n} found`, tag: field }));
};

/** API-name rule of the ECA UI (salesforce-eca.md §1.2 [OBS]), applied to every component of the family. */
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
export const apiNameProblems = (c: Candidate): RuleFinding[] =>
  API_NAME.test(c.fullName) && !c.fullName.endsWith('_')
    ? []
    : [{ problem: `${c.fullName}: The API name can only contain underscores and alphanumeric characters. It must begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.` }];

/** callbackUrl: line-break separated, 2000 characters in total, HTTPS or a custom scheme (salesforce-eca.md §1.3 [DOC]). */
const callbackUrlProblems = (c: Candidate): RuleFinding[] => {
  const value = str(c.fields, 'callbackUrl');
  if (value === undefined) return [];
  if (value.length > 2000) return [{ problem: 'Callback URL: the callback URLs can contain 2000 characters in total.', tag: 'callbackUrl' }];
  return value.split(/\r?\n/).map((u) => u.trim()).filter((u) => u !== '').flatMap((u) => {
    let protocol: string;
    try {
      protocol = new URL(u).protocol;
    } catch {
      return [{ problem: `Callback URL: ${u} is not a valid URL.`, tag: 'callbackUrl' }];
    }
    return protocol === 'http:' ? [{ problem: `Callback URL: ${u} must use HTTPS or a custom scheme.`, tag: 'callbackUrl' }] : [];
  });
};

const ecaRules: TypeRules = {
  permission: 'ExternalClientAppDeveloper',
  idPrefix: KEY_PREFIX.externalClientApp,
  check: (c, ctx) => {
    // [DOC] Object Reference, ExternalClientApplication.DeveloperName: "must be 40 characters or fewer". The
    // wording of the real deploy error is not observed; only the limit is documented.
    const tooLong: RuleFinding[] =
      c.fullName.length > 40 ? [{ problem: `${c.fullName}: The API name must be 40 characters or fewer (it has ${c.fullName.length}).` }] : [];
    const scoped = str(c.fields, 'orgScopedExternalApp');
    const expected = `${ctx.state.orgId15}:${c.fullName}`;
    return scoped === undefined || scoped === expected
      ? tooLong
      : [...tooLong, {
          problem: `orgScopedExternalApp ${scoped} doesn't belong to this org (${expected}). Remove orgScopedExternalApp; it's generated on the first deployment.`,
          tag: 'orgScopedExternalApp',
        }];
  },
  apply: (c, ctx) => {
    const fields = { ...c.fields, orgScopedExternalApp: `${ctx.state.orgId15}:${c.fullName}` };
    const { created, component } = ctx.state.putComponent(c.type, c.fullName, fields, KEY_PREFIX.externalClientApp);
    return { created, id: component.id };
  },
};

const oauthSettingsRules: TypeRules = {
  permission: 'ExternalClientAppDeveloper',
  idPrefix: KEY_PREFIX.metadataComponent,
  check: (c, ctx) => {
    const findings = parentReference(c, ctx);
    const scopes = str(c.fields, 'commaSeparatedOauthScopes');
    for (const scope of scopes === undefined ? [] : splitCommaList(scopes)) {
      if (!VALID_OAUTH_SCOPES.includes(scope)) {
        findings.push({ problem: `Invalid OAuth scope: ${scope}. Valid values are: ${VALID_OAUTH_SCOPES.join(', ')}`, tag: 'commaSeparatedOauthScopes' });
      }
    }
    const link = str(c.fields, 'oauthLink');
    if (link !== undefined) {
      const consumer = ctx.state.consumerOf(appName(c));
      // Help: "Deployment fails if there's an OAuth link field in the settings file with incorrect information.
      // If the field doesn't exist, it's generated during deployment."
      if (consumer === undefined || link !== `${ctx.state.orgId15}:${consumer.id}`) {
        findings.push({
          problem: `The oauthLink ${link} doesn't match an OAuth consumer of ${appName(c)} in this org. Remove the oauthLink field; it's generated during deployment.`,
          tag: 'oauthLink',
        });
      }
    }
    return findings;
  },
  apply: (c, ctx) => {
    const app = appName(c);
    const global = [...ctx.deploying.values()].find((g) => g.type === ECA_TYPES.globalOauth && appName(g) === app);
    const consumer =
      ctx.state.consumerOf(app) ??
      ctx.state.createConsumer(app, { key: global && str(global.fields, 'consumerKey'), secret: global && str(global.fields, 'consumerSecret') });
    const fields = { ...c.fields, oauthLink: `${ctx.state.orgId15}:${consumer.id}` };
    const { created, component } = ctx.state.putComponent(c.type, c.fullName, fields, KEY_PREFIX.metadataComponent);
    // "generated with default values when an external client app is saved or during deployment" (§1.5)
    const oauthPolicy = defaultPolicyName(c.fullName);
    if (!ctx.state.componentsOfType(ECA_TYPES.oauthPolicies).some((p) => p.fields.externalClientApplication === app)) {
      ctx.state.putComponent(ECA_TYPES.oauthPolicies, oauthPolicy, autoOauthPolicyFields(app, oauthPolicy), KEY_PREFIX.metadataComponent);
    }
    const appPolicy = defaultPolicyName(app);
    if (!ctx.state.componentsOfType(ECA_TYPES.appPolicies).some((p) => p.fields.externalClientApplication === app)) {
      ctx.state.putComponent(ECA_TYPES.appPolicies, appPolicy, autoAppPolicyFields(app, appPolicy), KEY_PREFIX.metadataComponent);
    }
    return { created, id: component.id };
  },
};

const globalOauthRules: TypeRules = {
  permission: 'ExternalClientAppDeveloper',
  idPrefix: KEY_PREFIX.metadataComponent,
  check: (c, ctx) => {
    const findings = [...parentReference(c, ctx), ...callbackUrlProblems(c)];
    const app = appName(c);
    if (parentReference(c, ctx).length === 0 && oauthSettingsOf(ctx, app) === undefined) {
      findings.push({ problem: "The external client app configured in your global OAuth Settings doesn't have a valid OAuth settings configuration" });
    }
    const key = str(c.fields, 'consumerKey');
    const consumer = ctx.state.consumerOf(app);
    const rotatingKey = str(c.fields, 'shouldRotateConsumerKey') === 'true';
    if (key !== undefined && consumer !== undefined && key !== consumer.key && !rotatingKey) {
      findings.push({
        problem: `The consumer key of ${app} can't be changed by deploying a different consumerKey. Remove consumerKey, or rotate it with shouldRotateConsumerKey.`,
        tag: 'consumerKey',
      });
    }
    const takenHere = ctx.state.consumers().some((other) => other.appName !== app && other.key === key);
    if (key !== undefined && (consumer === undefined || key !== consumer.key) && (takenHere || ctx.state.isKeyInUseElsewhere(key))) {
      findings.push({ problem: 'This consumer key is already in use. Remove consumerKey to have one generated, or use a different one.', tag: 'consumerKey' });
    }
    if (str(c.fields, 'isCodeCredFlowEnabled') === 'true' && !ctx.settingsAfterDeploy.oAuthCdCrdtFlowEnable && ctx.state.switches.codeCredFlowWithoutOrgSwitch === 'refuse') {
      findings.push({
        problem: 'The Authorization Code and Credentials Flow is not enabled for this org. Enable oAuthCdCrdtFlowEnable in OAuth and OpenID Connect Settings (OauthOidcSettings) before setting isCodeCredFlowEnabled.',
        tag: 'isCodeCredFlowEnabled',
      });
    }
    for (const part of ['Key', 'Secret']) {
      if (str(c.fields, `shouldRotateConsumer${part}`) === 'true' && !ctx.ignoreWarnings) {
        findings.push({
          problem: `shouldRotateConsumer${part} replaces the consumer ${part.toLowerCase()} on deploy; deploy with ignoreWarnings to confirm.`,
          problemType: 'Warning',
          tag: `shouldRotateConsumer${part}`,
        });
      }
    }
    return findings;
  },
  apply: (c, ctx) => {
    const app = appName(c);
    const { consumerKey, consumerSecret, shouldRotateConsumerKey, shouldRotateConsumerSecret, ...rest } = c.fields;
    const consumer = ctx.state.consumerOf(app);
    if (consumer !== undefined) {
      ctx.state.rekeyConsumer(consumer, {
        key: shouldRotateConsumerKey === 'true' ? ctx.state.newKey() : undefined,
        secret: shouldRotateConsumerSecret === 'true' ? ctx.state.newSecret() : typeof consumerSecret === 'string' ? consumerSecret : undefined,
      });
    }
    void consumerKey;
    const fields: ComponentFields = { ...rest, shouldRotateConsumerKey: 'false', shouldRotateConsumerSecret: 'false' };
    // codeCredFlowWithoutOrgSwitch 'ignore': the flag is silently not stored.
    if (fields.isCodeCredFlowEnabled === 'true' && !ctx.settingsAfterDeploy.oAuthCdCrdtFlowEnable) fields.isCodeCredFlowEnabled = 'false';
    const { created, component } = ctx.state.putComponent(c.type, c.fullName, fields, KEY_PREFIX.metadataComponent);
    return { created, id: component.id };
  },
};

/** Declarative deploys reset omitted fields to their defaults (gotcha 3): stored = defaults + sent fields. */
const policyRules = (defaults: (app: string, name: string) => ComponentFields, extraChecks: TypeRules['check']): TypeRules => ({
  permission: 'ExternalClientAppAdmin',
  idPrefix: KEY_PREFIX.metadataComponent,
  check: (c, ctx) => [...policyParent(c, ctx), ...singlePolicyPerApp(c, ctx), ...extraChecks(c, ctx)],
  apply: (c, ctx) => {
    const { created, component } = ctx.state.putComponent(c.type, c.fullName, { ...defaults(appName(c), c.fullName), ...c.fields }, KEY_PREFIX.metadataComponent);
    return { created, id: component.id };
  },
});

const oauthPolicyRules = policyRules(autoOauthPolicyFields, (c, ctx) => [
  ...(oauthSettingsOf(ctx, appName(c)) === undefined
    ? [{ problem: `The external client app ${appName(c)} has no OAuth settings; deploy ExtlClntAppOauthSettings before its OAuth policies.` }]
    : []),
  ...namesExist(c, 'commaSeparatedProfile', 'Profile', ctx.state.profiles),
  ...namesExist(c, 'commaSeparatedPermissionSet', 'PermissionSet', ctx.state.permissionSets),
]);

export const ECA_RULES: Readonly<Record<string, TypeRules>> = {
  [ECA_TYPES.app]: ecaRules,
  [ECA_TYPES.oauthSettings]: oauthSettingsRules,
  [ECA_TYPES.globalOauth]: globalOauthRules,
  [ECA_TYPES.oauthPolicies]: oauthPolicyRules,
  [ECA_TYPES.appPolicies]: policyRules(autoAppPolicyFields, () => []),
};

/** Components are applied parents first, so satellites find their app and consumer. */
export const APPLY_ORDER: readonly string[] = ['Settings', ECA_TYPES.app, ECA_TYPES.oauthSettings, ECA_TYPES.globalOauth, ECA_TYPES.oauthPolicies, ECA_TYPES.appPolicies];
