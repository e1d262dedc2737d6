/**
 * Transport failures as the libraries throw them. jsforce 3.12 (core 9) fetches with undici, whose errors read
 * "fetch failed" and keep the socket's code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, …) on `cause`, one or two
 * levels down; SDR's own "retry while polling" list matches message text only and so no longer sees them.
 */
const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+)$/;
const NETWORK_TEXT = /fetch failed|socket hang up|other side closed|ECONNRESET|ETIMEDOUT|ECONNREFUSED/i;

/** The codes on `e` and its causes, outermost first (at most four levels). */
export const causeCodes = (e: unknown): string[] => {
  const codes: string[] = [];
  let current: unknown = e;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
};

/** The most telling code for a message: the socket's own (ECONNREFUSED) over undici's wrapper (UND_ERR_SOCKET). */
export const networkCode = (e: unknown): string | undefined => {
  const codes = causeCodes(e).filter((c) => NETWORK_CODES.test(c));
  return codes.find((c) => !c.startsWith('UND_ERR')) ?? codes[0];
};

/** True when `e` is a connection that failed or dropped, not an answer from the org. */
export const isNetworkError = (e: unknown): boolean =>
  networkCode(e) !== undefined || (e instanceof Error && NETWORK_TEXT.test(e.message));
