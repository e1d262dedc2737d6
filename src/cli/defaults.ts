/** Defaults of flags several commands share: one place, so `deploy` and `rollout` never disagree. */

/** Minutes to wait for each deploy before exit 69 (the deploy keeps running in the org; a re-run continues it). */
export const DEFAULT_WAIT_MINUTES = 10;
