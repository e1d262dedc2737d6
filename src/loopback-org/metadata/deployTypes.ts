import type { OrgState } from '../orgState.js';
import type { ComponentFields, OrgSettings } from '../types.js';
import type { Problem } from './schemaValidator.js';

/** One component of a deploy, parsed. */
export type Candidate = {
  readonly type: string;
  readonly fullName: string;
  /** Path in the deploy zip, e.g. externalClientApps/ren.eca. */
  readonly fileName: string;
  readonly text: string;
  readonly fields: ComponentFields;
  readonly problems: Problem[];
};

export type RuleContext = {
  readonly state: OrgState;
  /** Every parsed component of this deploy, by `${type}#${fullName}`. */
  readonly deploying: ReadonlyMap<string, Candidate>;
  readonly apiVersion: number;
  readonly ignoreWarnings: boolean;
  /** The org settings as they will be once this deploy's Settings components are applied. */
  readonly settingsAfterDeploy: OrgSettings;
};

export type DeployMessage = {
  changed: boolean;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  success: boolean;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  lineNumber?: number;
  columnNumber?: number;
};

export const keyOf = (type: string, fullName: string): string => `${type}#${fullName}`;
