/**
 * Adoption, pure: the names under which the spec's values are rendered in one org, from the parts the org already
 * holds for the app (found by reference, src/salesforce/appParts.ts findAppParts), whatever their names.
 *
 * - A part the org holds keeps the org's name: never a second OAuth settings, Global OAuth settings or policy.
 * - A part it lacks (a half-made app) gets the name the org itself gives it on deploy: our default names, except
 *   the OAuth policies, which the org generates as `<OAuth settings>_defaultPolicy` when the OAuth settings are
 *   deployed (salesforce-eca.md §2.3), so they follow the (possibly adopted) OAuth settings' name.
 */
import { ECA_COMPONENTS } from './ecaComponents.js';
import type { EcaTypeName } from './ecaTypes.js';

export type PartNames = Readonly<Partial<Record<EcaTypeName, string>>>;
export type HeldPart = { readonly type: string; readonly fullName: string };

const defaultName = (type: EcaTypeName, apiName: string): string => {
  const rule = ECA_COMPONENTS.find((r) => r.type === type);
  if (rule === undefined) throw new Error(`no component rule for ${type}`);
  return rule.fullName(apiName);
};

export const orgPartNames = (apiName: string, held: readonly HeldPart[]): PartNames => {
  const heldName = (type: EcaTypeName): string | undefined => held.find((p) => p.type === type)?.fullName;
  const oauthSettings = heldName('ExtlClntAppOauthSettings') ?? defaultName('ExtlClntAppOauthSettings', apiName);
  const names: Partial<Record<EcaTypeName, string>> = {};
  for (const { type } of ECA_COMPONENTS) {
    names[type] = heldName(type) ?? (type === 'ExtlClntAppOauthConfigurablePolicies' ? `${oauthSettings}_defaultPolicy` : defaultName(type, apiName));
  }
  return names;
};

/**
 * The parts the org holds under names this tool would not have given them (made in Setup or by another deploy),
 * in component order: what "Adopted Ren made in Setup (…)" lists. [] when every held part has our name.
 */
export const adoptedPartNames = (apiName: string, held: readonly HeldPart[]): string[] => {
  const satellites = ECA_COMPONENTS.filter((r) => r.type !== 'ExternalClientApplication')
    .map((r) => held.find((p) => p.type === r.type))
    .filter((p): p is HeldPart => p !== undefined);
  const ours = (p: HeldPart): boolean => p.fullName === orgPartNames(apiName, [])[p.type as EcaTypeName];
  return satellites.every(ours) ? [] : satellites.map((p) => p.fullName);
};
