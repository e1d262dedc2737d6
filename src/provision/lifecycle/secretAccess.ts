/**
 * The seam to the secret-access switch (issue 12): staged credentials show secrets, so every staged call runs inside
 * `withSecretAccess(conn, fn)`, which makes sure "REST access to consumer secrets" is on for the duration of `fn` and
 * back as it was afterwards (also when `fn` throws or the run is interrupted). Only the interface lives here; the
 * implementation comes from the secret-access module and is passed in by the command.
 */
import type { Connection } from '@salesforce/core';

export type WithSecretAccess = <T>(conn: Connection, fn: () => Promise<T>) => Promise<T>;
