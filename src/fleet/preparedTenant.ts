/** A tenant that passed every up-front check: its org is known and its registration is valid. */
import type { Registration } from '../registration/index.js';
import type { Tenant } from './tenant.js';

export type PreparedTenant = Tenant & {
  /** The username the org alias resolved to in the auth store. */
  readonly username: string;
  /** The spec with this tenant's overrides applied. */
  readonly registration: Registration;
  /** Identifies org + registration + mode; a change makes a finished tenant run again. */
  readonly fingerprint: string;
};
