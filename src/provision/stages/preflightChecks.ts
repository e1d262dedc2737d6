/**
 * Preflight as data: each row looks at the facts gathered read-only and returns the problems it finds,
 * each with its fix. Every problem is reported together, before anything in the org changes.
 */
import type { OrgFacts, UserPermission } from '../../salesforce/index.js';

export type PreflightProblem = { problem: string; fix: string };

export type PreflightContext = {
  orgMaxApiVersion: string;
  requiredApiVersion: string;
  wantedProfiles: readonly string[];
  wantedPermissionSets: readonly string[];
  needsCodeCredentialsFlow: boolean;
  /** true/false from the org, undefined when it did not say. */
  codeCredentialsFlowOn: boolean | undefined;
  secretsViaRestOn: boolean | undefined;
  allowOrgSettings: boolean;
  allowSecretToggle: boolean;
  dryRun: boolean;
  facts: OrgFacts;
};

const missing = (wanted: readonly string[], existing: readonly string[] | undefined): string[] =>
  existing === undefined ? [] : wanted.filter((w) => !existing.some((e) => e.toLowerCase() === w.toLowerCase()));

const lacks = (ctx: PreflightContext, p: UserPermission): boolean => ctx.facts.userPermissions?.[p] === false;

type Check = (ctx: PreflightContext) => PreflightProblem[];

export const PREFLIGHT_CHECKS: readonly Check[] = [
  (ctx) =>
    Number(ctx.orgMaxApiVersion) < Number(ctx.requiredApiVersion)
      ? [{
          problem: `The org supports Metadata API ${ctx.orgMaxApiVersion} at most, but the registration needs ${ctx.requiredApiVersion}.`,
          fix: 'Run this against an org on a current Salesforce release, or leave out the settings that need the newer version (see README "The spec and rendering").',
        }]
      : [],
  (ctx) =>
    missing(ctx.wantedProfiles, ctx.facts.profiles).map((name) => ({
      problem: `The profile "${name}" does not exist in this org.`,
      fix: `Name existing profiles (Setup → Users → Profiles, as shown there) for this org with --overrides, e.g. {"profiles": ["System Administrator"]}, or create "${name}".`,
    })),
  (ctx) =>
    missing(ctx.wantedPermissionSets, ctx.facts.permissionSets).map((name) => ({
      problem: `The permission set "${name}" does not exist in this org.`,
      fix: `Name existing permission sets (API names) for this org with --overrides, or create "${name}".`,
    })),
  (ctx) =>
    lacks(ctx, 'ExternalClientAppDeveloper')
      ? [{
          problem: 'The logged-in user may not create External Client Apps.',
          fix: 'Give the user the "Create, edit, and delete External Client Apps" permission (a permission set), or log in as an admin who has it.',
        }]
      : [],
  (ctx) =>
    !ctx.dryRun && lacks(ctx, 'ViewClientSecret')
      ? [{
          problem: 'The logged-in user may not view consumer secrets, so the secret cannot be handed over.',
          fix: 'Give the user the "View Client Secret" permission (a permission set), or log in as an admin who has it.',
        }]
      : [],
  (ctx) =>
    ctx.needsCodeCredentialsFlow && ctx.codeCredentialsFlowOn === false && !ctx.allowOrgSettings
      ? [{
          problem: 'The registration enables the Authorization Code and Credentials Flow, which is switched off for this org.',
          fix: 'Rerun with --allow-org-settings to switch it on as part of the deploy, or switch it on in Setup → OAuth and OpenID Connect Settings → "Allow Authorization Code and Credentials Flows".',
        }]
      : [],
];

export const runPreflightChecks = (ctx: PreflightContext): PreflightProblem[] => PREFLIGHT_CHECKS.flatMap((check) => check(ctx));
