/**
 * Field-level differences between the components we want (rendered, then read back) and what an org holds
 * (retrieved, then read). Org-specific fields never count; fields the desired side does not set are the
 * org's business and are ignored. List-valued text (scopes, callback URLs, profile names) is compared as a
 * set, since the org may reorder or re-space it.
 */
import { ORG_SPECIFIC_FIELDS, type EcaTypeName } from './ecaTypes.js';
import type { EcaComponent } from './readComponents.js';

export type FieldChange = {
  type: EcaTypeName;
  fullName: string;
  field: string;
  /** undefined when the component is missing on that side. */
  desired: unknown;
  actual: unknown;
};

export type ComponentDiff = {
  /** Desired components the org does not have (matched by type and full name, else by type alone). */
  missing: { type: EcaTypeName; fullName: string }[];
  changes: FieldChange[];
};

/** Separators of the list-valued fields the renderer writes. */
const LIST_FIELDS: Readonly<Record<string, RegExp>> = {
  commaSeparatedOauthScopes: /,/,
  commaSeparatedProfile: /,/,
  commaSeparatedPermissionSet: /,/,
  commaSeparatedCustomScopes: /,/,
  callbackUrl: /\r?\n/,
};

const normalised = (field: string, value: unknown): unknown => {
  const separator = LIST_FIELDS[field];
  if (separator === undefined || typeof value !== 'string') return value;
  return value.split(separator).map((s) => s.trim()).filter((s) => s !== '').sort().join('\n');
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const counterpart = (want: EcaComponent, actual: readonly EcaComponent[]): EcaComponent | undefined => {
  const ofType = actual.filter((c) => c.type === want.type);
  return ofType.find((c) => c.fullName === want.fullName) ?? (ofType.length === 1 ? ofType[0] : undefined);
};

export const diffComponents = (desired: readonly EcaComponent[], actual: readonly EcaComponent[]): ComponentDiff => {
  const diff: ComponentDiff = { missing: [], changes: [] };
  for (const want of desired) {
    const have = counterpart(want, actual);
    if (have === undefined) {
      diff.missing.push({ type: want.type, fullName: want.fullName });
      continue;
    }
    const haveFields = have.fields as Record<string, unknown>;
    for (const [field, value] of Object.entries(want.fields as Record<string, unknown>)) {
      if (ORG_SPECIFIC_FIELDS.has(field) || value === undefined) continue;
      if (!same(normalised(field, value), normalised(field, haveFields[field]))) {
        diff.changes.push({ type: want.type, fullName: want.fullName, field, desired: value, actual: haveFields[field] });
      }
    }
  }
  return diff;
};
