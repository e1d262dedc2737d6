/** What every stage of one run shares: the org, the request, and how to speak (events and warnings). */
import type { Connection, Org } from '@salesforce/core';
import type { ProvisionEvent, ProvisionProgress, ProvisionRequest, ProvisionStage } from '../index.js';

export type StageContext = {
  readonly org: Org;
  readonly conn: Connection;
  readonly request: ProvisionRequest;
  /** The org's name in messages: the alias the admin typed, else the username. */
  readonly label: string;
  /** A fixed status poll interval (--poll-interval, tests and benchmarks); undefined: the shipped adaptive schedule. */
  readonly pollIntervalMs: number | undefined;
  readonly allowSecretToggle: boolean;
  /** Progress: to the caller's onEvent and onto the run's trail (what the error translator reads). */
  emit(event: ProvisionProgress): void;
  /** A notice that is not progress (secret access on/restored). */
  notice(event: Exclude<ProvisionEvent, ProvisionProgress>): void;
  /** Said at the moment it applies (before the action it announces) and kept for the outcome. */
  warn(stage: ProvisionStage, message: string): void;
};
