/**
 * Settings components that flip one org-wide switch (e.g. settings/ExternalClientApp.settings-meta.xml with
 * enableClientSecretInRestApiAccess). A Settings deploy changes only the fields it carries, so each file holds
 * just the one field. XML is built with fast-xml-parser, never by hand.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { SourceFile } from './componentSetFromFiles.js';
import { ORG_SWITCHES, type OrgSwitch } from './retrieveOrgState.js';

const builder = new XMLBuilder({ format: true, indentBy: '    ', ignoreAttributes: false, suppressEmptyNode: true });

export const orgSwitchFile = (which: OrgSwitch, on: boolean): SourceFile => {
  const { member, field } = ORG_SWITCHES[which];
  const xml = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [`${member}Settings`]: { '@_xmlns': 'http://soap.sforce.com/2006/04/metadata', [field]: on },
  });
  return { relativePath: `main/default/settings/${member}.settings-meta.xml`, contents: xml };
};

/** Where an admin flips each switch by hand. */
export const SWITCH_SETUP_PATHS: Readonly<Record<OrgSwitch, string>> = {
  secretsViaRest: 'Setup → External Client App Settings → "Allow access to External Client App consumer secrets via REST API"',
  codeCredentialsFlow: 'Setup → OAuth and OpenID Connect Settings → "Allow Authorization Code and Credentials Flows"',
};
