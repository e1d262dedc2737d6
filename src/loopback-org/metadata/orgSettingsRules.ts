/**
 * Settings components (package.xml type `Settings`, member `ExternalClientApp` → settings/ExternalClientApp.settings,
 * root element ExternalClientAppSettings). Settings deploys change only the fields they carry; the two the
 * tool relies on flip the org switches.
 */
import type { OrgState } from '../orgState.js';
import type { ComponentFields, OrgSettings } from '../types.js';

/** Settings member → the org switches its fields drive (salesforce-eca.md §1.7). */
export const SETTINGS_SWITCHES: Readonly<Record<string, Readonly<Record<string, keyof OrgSettings>>>> = {
  ExternalClientApp: { enableClientSecretInRestApiAccess: 'enableClientSecretInRestApiAccess' },
  OauthOidc: { oAuthCdCrdtFlowEnable: 'oAuthCdCrdtFlowEnable' },
};

export const settingsRootElement = (member: string): string => `${member}Settings`;

/** The org settings after applying these Settings components (member → fields). */
export const settingsAfter = (current: OrgSettings, deployed: ReadonlyArray<{ member: string; fields: ComponentFields }>): OrgSettings => {
  const next = { ...current };
  for (const { member, fields } of deployed) {
    for (const [field, setting] of Object.entries(SETTINGS_SWITCHES[member] ?? {})) {
      const v = fields[field];
      if (v === 'true' || v === 'false') next[setting] = v === 'true';
    }
  }
  return next;
};

/** Stored Settings component = previous fields + sent fields; switches follow. */
export const applySettings = (state: OrgState, member: string, fields: ComponentFields, idPrefix: string): { created: boolean; id: string } => {
  const previous = state.component('Settings', member)?.fields ?? {};
  Object.assign(state.settings, settingsAfter(state.settings, [{ member, fields }]));
  const { created, component } = state.putComponent('Settings', member, { ...previous, ...fields }, idPrefix);
  return { created, id: component.id };
};

/** Fields of a Settings member as a retrieve shows them: stored fields with the live switch values. */
export const settingsFieldsForRetrieve = (state: OrgState, member: string): ComponentFields | undefined => {
  const stored = state.component('Settings', member)?.fields;
  const switches = SETTINGS_SWITCHES[member];
  if (stored === undefined && switches === undefined) return undefined;
  const fields: ComponentFields = { ...stored };
  for (const [field, setting] of Object.entries(switches ?? {})) fields[field] = String(state.settings[setting]);
  return fields;
};
