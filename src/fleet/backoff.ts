/**
 * Per-org back-off: when an org answers REQUEST_LIMIT_EXCEEDED (its API request or concurrent long-running
 * request limit), that tenant waits with exponential back-off and full jitter and tries again, bounded,
 * instead of hammering the org. Other tenants keep running.
 *
 * jsforce already retries GETs on HTTP 420/429/5xx by itself; this covers what reaches us as an error:
 * SOAP faults (`sf:REQUEST_LIMIT_EXCEEDED`), REST `[{"errorCode":"REQUEST_LIMIT_EXCEEDED"}]`, and SfErrors
 * that wrap either (matched through `name`, `errorCode`, `code`, `message` and the `cause` chain).
 */
export type BackoffPolicy = {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly baseMs: number;
  readonly maxMs: number;
};

export const DEFAULT_BACKOFF: BackoffPolicy = { maxRetries: 5, baseMs: 2000, maxMs: 60_000 };

const LIMIT_SIGNALS = /REQUEST_LIMIT_EXCEEDED|ConcurrentPerOrgLongTxn/;

export const isRequestLimitError = (error: unknown): boolean => {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (typeof e === 'string') return LIMIT_SIGNALS.test(e);
    if (typeof e !== 'object') return false;
    const fields = e as { name?: unknown; errorCode?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    if ([fields.name, fields.errorCode, fields.code, fields.message].some((f) => typeof f === 'string' && LIMIT_SIGNALS.test(f))) return true;
    e = fields.cause;
  }
  return false;
};

/** Delay before retry number `retry` (0-based): uniform in [cap/2, cap], cap = min(maxMs, baseMs * 2^retry). */
export const backoffDelayMs = (retry: number, policy: BackoffPolicy, random: () => number = Math.random): number => {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  return Math.round(cap / 2 + random() * (cap / 2));
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` and retries it while it fails with a request-limit error, up to the policy's bound;
 * any other error, or the last limit error, is thrown. `onBackoff` is told about each wait.
 */
export const withRequestLimitBackoff = async <T>(
  attempt: (retry: number) => Promise<T>,
  policy: BackoffPolicy,
  onBackoff: (delayMs: number, retry: number, error: unknown) => void | Promise<void> = () => undefined,
): Promise<T> => {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt(retry);
    } catch (e) {
      if (retry >= policy.maxRetries || !isRequestLimitError(e)) throw e;
      const delay = backoffDelayMs(retry, policy);
      await onBackoff(delay, retry, e);
      await sleep(delay);
    }
  }
};
