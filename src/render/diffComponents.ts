/**
 * The one diff engine: field-level differences between the components we want (rendered, then read back) and
 * what an org holds (retrieved, then read), as the rows of the CLI contract:
 * `{ component: "<Type> <fullName>", field, expected, actual }`. Used for "what a deploy changes" and, later,
 * for the end-state check and `status`.
 * - Org-specific fields (ORG_SPECIFIC_FIELDS) never count; fields the desired side does not set are the org's
 *   business (it fills defaults we do not manage) and are ignored.
 * - List-valued text (scopes, callback URLs, profile names) compares as a set: the org may reorder or re-space it.
 * - A desired component the org lacks is one row with field MISSING_COMPONENT (expected/actual undefined).
 * - Components are matched by type and full name, else by type alone when the org holds exactly one of that type
 *   (an app made in Setup names its parts `<app>_oauth`, `<app>_glbloauth`, …).
 */
import { ORG_SPECIFIC_FIELDS } from './ecaTypes.js';
import type { EcaComponent } from './readComponents.js';

export type DiffRow = {
  /** "<Type> <fullName>", e.g. "ExtlClntAppOauthSettings renOauth". */
  component: string;
  field: string;
  /** undefined when the desired side does not hold the component. */
  expected?: unknown;
  /** undefined when the org does not hold the field (or the component). */
  actual?: unknown;
};

/** The `field` of the row that says the org lacks the whole component. */
export const MISSING_COMPONENT = '(new)';

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

export const componentLabel = (c: Pick<EcaComponent, 'type' | 'fullName'>): string => `${c.type} ${c.fullName}`;

const counterpart = (want: EcaComponent, actual: readonly EcaComponent[]): EcaComponent | undefined => {
  const ofType = actual.filter((c) => c.type === want.type);
  return ofType.find((c) => c.fullName === want.fullName) ?? (ofType.length === 1 ? ofType[0] : undefined);
};

export const diffComponents = (desired: readonly EcaComponent[], actual: readonly EcaComponent[]): DiffRow[] => {
  const rows: DiffRow[] = [];
  for (const want of desired) {
    const component = componentLabel(want);
    const have = counterpart(want, actual);
    if (have === undefined) {
      rows.push({ component, field: MISSING_COMPONENT });
      continue;
    }
    const haveFields = have.fields as Record<string, unknown>;
    for (const [field, expected] of Object.entries(want.fields as Record<string, unknown>)) {
      if (ORG_SPECIFIC_FIELDS.has(field) || expected === undefined) continue;
      const actualValue = haveFields[field];
      if (!same(normalised(field, expected), normalised(field, actualValue))) {
        rows.push({ component, field, expected, ...(actualValue === undefined ? {} : { actual: actualValue }) });
      }
    }
  }
  return rows;
};

/** Field values are text, booleans, numbers, or (complex fields) objects, shown as JSON. */
const shown = (value: unknown): string => {
  if (value === undefined) return '(unset)';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
};

/** How a human sees a row: `Type name: field actual → expected`. */
export const describeDiffRow = (row: DiffRow): string =>
  row.field === MISSING_COMPONENT ? `${row.component}: ${MISSING_COMPONENT}` : `${row.component}: ${row.field} ${shown(row.actual)} → ${shown(row.expected)}`;
