/** Defaults of flags several commands share: one place, so `deploy` and `rollout` never disagree. */

/** Minutes to wait for each deploy before exit 69 (the deploy keeps running in the org; a re-run continues it). */
export const DEFAULT_WAIT_MINUTES = 10;

/** Minutes deploy/rollout/rotate keep proving a new pair while the token endpoint does not know the app yet (then exit 69). */
export const DEFAULT_VERIFY_WAIT_MINUTES = 3;
