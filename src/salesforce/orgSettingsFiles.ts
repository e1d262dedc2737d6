/**
 * Settings components that flip one org-wide switch (e.g. settings/ExternalClientApp.settings-meta.xml with
 * enableClientSecretInRestApiAccess). A Settings deploy changes only the fields it carries, so each file holds
 * just the one field. Written with the one XML module (src/render/metadataXml.ts).
 */
import { toMetadataXml } from '../render/index.js';
import type { SourceFile } from './componentSetFromFiles.js';
import { ORG_SWITCHES, type OrgSwitch } from './retrieveOrgState.js';

export const orgSwitchFile = (which: OrgSwitch, on: boolean): SourceFile => {
  const { member, field } = ORG_SWITCHES[which];
  return { relativePath: `main/default/settings/${member}.settings-meta.xml`, contents: toMetadataXml(`${member}Settings`, { [field]: on }) };
};

/** Where an admin flips each switch by hand. */
export const SWITCH_SETUP_PATHS: Readonly<Record<OrgSwitch, string>> = {
  secretsViaRest: 'Setup → External Client App Settings → "Allow access to External Client App consumer secrets via REST API"',
  codeCredentialsFlow: 'Setup → OAuth and OpenID Connect Settings → "Allow Authorization Code and Credentials Flows"',
};
