/**
 * Checks one component's fields against Salesforce's own definition of its type (@salesforce/types, via
 * ./metadataDefinitions.ts) at the deploy's API version: known fields, value types, enum values,
 * required fields, nested complex types. Pure: text in, problems out.
 */
import type { MetadataDefinitions, TypeDefinition } from './metadataDefinitions.js';
import type { ComponentFields, FieldValue } from '../types.js';
import { DOCUMENTED_REQUIRED_FIELDS, DOCUMENTED_STRING_VALUES, FIELD_MIN_VERSION, RETIRED_FIELDS } from './apiVersions.js';
import { locate, METADATA_NS } from './componentXml.js';

export type Problem = { problem: string; problemType: 'Error' | 'Warning'; line: number; column: number };

type FieldRule = { name: string; type: string; enumValues?: readonly string[]; optional: boolean; array: boolean };

const SCALAR_CHECKS: Readonly<Record<string, { valid: (v: string) => boolean; wsdlName: string }>> = {
  boolean: { valid: (v) => v === 'true' || v === 'false', wsdlName: 'boolean' },
  number: { valid: (v) => /^-?\d+(\.\d+)?$/.test(v), wsdlName: 'int' },
  string: { valid: () => true, wsdlName: 'string' },
};

/** The fields a type has at an API version: the definition minus fields newer than it, plus retired fields still valid then. */
const fieldsAt = (def: TypeDefinition, apiVersion: number): Map<string, FieldRule> => {
  const rules = new Map<string, FieldRule>();
  const minimums = FIELD_MIN_VERSION[def.name] ?? {};
  for (const [name, field] of def.fields) {
    if ((minimums[name] ?? 0) <= apiVersion) rules.set(name, field);
  }
  for (const [name, retired] of Object.entries(RETIRED_FIELDS[def.name] ?? {})) {
    if (apiVersion >= retired.from && apiVersion <= retired.through) rules.set(name, { name, type: retired.type, optional: true, array: false });
  }
  return rules;
};

/** Field names a type has at an API version (for retrieve/read output). */
export const knownFieldsAt = (definitions: MetadataDefinitions, typeName: string, apiVersion: number): ReadonlySet<string> => {
  const def = definitions.get(typeName);
  return new Set(def === undefined ? [] : fieldsAt(def, apiVersion).keys());
};

export type SchemaInput = {
  readonly typeName: string;
  readonly fields: ComponentFields;
  readonly apiVersion: number;
  /** The file's text, to report line numbers. */
  readonly text: string;
  readonly definitions: MetadataDefinitions;
};

export const validateAgainstSchema = (input: SchemaInput): Problem[] => {
  const problems: Problem[] = [];
  const error = (problem: string, tag: string): void => {
    problems.push({ problem, problemType: 'Error', ...locate(input.text, tag) });
  };

  const checkObject = (typeName: string, fields: ComponentFields, isRoot: boolean): void => {
    const def = input.definitions.get(typeName);
    if (def === undefined) {
      error(`Error parsing file: Unknown type ${typeName}`, typeName);
      return;
    }
    const rules = fieldsAt(def, input.apiVersion);
    for (const [name, raw] of Object.entries(fields)) {
      const rule = rules.get(name);
      if (rule === undefined) {
        error(`Error parsing file: Element {${METADATA_NS}}${name} invalid at this location in type ${typeName}`, name);
        continue;
      }
      if (Array.isArray(raw) && !rule.array) {
        error(`Error parsing file: Element {${METADATA_NS}}${name} is duplicated at this location in type ${typeName}`, name);
        continue;
      }
      for (const value of Array.isArray(raw) ? raw : [raw]) checkValue(typeName, name, rule, value);
    }
    const required = [
      ...[...rules.values()].filter((r) => !r.optional).map((r) => r.name),
      ...(isRoot ? (DOCUMENTED_REQUIRED_FIELDS[typeName] ?? []) : []),
    ].filter((n) => n !== 'fullName');
    for (const name of required) {
      const v = fields[name];
      if (v === undefined || v === '') error(`Required field is missing: ${name}`, typeName);
    }
  };

  const checkValue = (typeName: string, name: string, rule: FieldRule, value: FieldValue): void => {
    const scalar = SCALAR_CHECKS[rule.type];
    if (scalar !== undefined || rule.enumValues !== undefined) {
      if (typeof value !== 'string') {
        error(`Error parsing file: Element {${METADATA_NS}}${name} must contain a simple value in type ${typeName}`, name);
        return;
      }
      if (rule.enumValues !== undefined && !rule.enumValues.includes(value)) {
        error(`Error parsing file: '${value}' is not a valid value for the enum '${rule.type}'`, name);
      } else if (scalar !== undefined && !scalar.valid(value)) {
        error(`Error parsing file: '${value}' is not a valid value for the type ${scalar.wsdlName}`, name);
      }
      const documented = DOCUMENTED_STRING_VALUES[typeName]?.[name];
      if (documented !== undefined && !documented.includes(value)) {
        error(`${name}: '${value}' is not a valid value. Valid values: ${documented.join(', ')}`, name);
      }
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      error(`Error parsing file: Element {${METADATA_NS}}${name} must contain elements of type ${rule.type} in type ${typeName}`, name);
      return;
    }
    checkObject(rule.type, value, false);
  };

  checkObject(input.typeName, input.fields, true);
  return problems;
};
