/**
 * What a deploy would change: the fields we render, compared with what the org holds.
 * - Org-specific fields (oauthLink, orgScopedExternalApp, consumerKey, consumerSecret) are never compared.
 * - Fields the org holds that we do not render are ignored: the org fills defaults we do not manage, and
 *   listing them would make every re-run look like a change.
 * - Comma-separated lists (scopes, profiles, permission sets) compare as sets: "Basic, Api" = "Api,Basic".
 */
import type { FieldChange } from './provisionTypes.js';
import type { HeldComponent } from '../salesforce/retrieveOrgState.js';
import { xmlFields } from '../salesforce/xmlFields.js';

export const ORG_SPECIFIC_FIELDS: ReadonlySet<string> = new Set(['oauthLink', 'orgScopedExternalApp', 'consumerKey', 'consumerSecret']);

export type DesiredComponent = { type: string; fullName: string; contents: string };

const normalise = (field: string, value: string): string =>
  field.startsWith('commaSeparated')
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
        .sort()
        .join(', ')
    : value;

/** Field-level changes; a component the org does not hold yet shows as one change with field '(new)'. */
export const componentChanges = (desired: readonly DesiredComponent[], held: readonly HeldComponent[]): FieldChange[] => {
  const changes: FieldChange[] = [];
  for (const d of desired) {
    const component = `${d.type} ${d.fullName}`;
    const actual = held.find((h) => h.type === d.type && h.fullName === d.fullName);
    if (!actual) {
      changes.push({ component, field: '(new)' });
      continue;
    }
    for (const [field, to] of Object.entries(xmlFields(d.contents).fields)) {
      if (ORG_SPECIFIC_FIELDS.has(field)) continue;
      const from = actual.fields[field];
      if (from === undefined || normalise(field, from) !== normalise(field, to)) changes.push({ component, field, ...(from === undefined ? {} : { from }), to });
    }
  }
  return changes;
};
