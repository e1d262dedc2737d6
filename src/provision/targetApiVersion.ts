/**
 * Which Metadata API version to deploy with: the project's sourceApiVersion (sfdx-project.json, read from the
 * tool's install folder, not the current directory), capped at the org's maximum, and never below what the
 * registration needs when the org can do that much. `--api-version` overrides all of this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../project/packageRoot.js';

export const projectSourceApiVersion = (): string =>
  (JSON.parse(readFileSync(join(packageRoot(), 'sfdx-project.json'), 'utf8')) as { sourceApiVersion: string }).sourceApiVersion;

const lower = (a: string, b: string): string => (Number(a) <= Number(b) ? a : b);
const higher = (a: string, b: string): string => (Number(a) >= Number(b) ? a : b);

export const targetApiVersion = (input: { requested?: string; project: string; orgMax: string; required: string }): string =>
  input.requested ?? lower(higher(input.project, input.required), input.orgMax);
