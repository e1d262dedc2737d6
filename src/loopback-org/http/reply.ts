/** What a route answers; the server writes it (after latency and faults) and logs it. */
export type Reply = { status: number; headers: Record<string, string>; body: string };

export const jsonReply = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json;charset=UTF-8' },
  body: body === undefined ? '' : JSON.stringify(body),
});

/** Salesforce REST error body: `[{"message","errorCode"}]` (salesforce-wire.md §3). */
export const restError = (status: number, errorCode: string, message: string): Reply => jsonReply(status, [{ message, errorCode }]);

export const noContent = (): Reply => ({ status: 204, headers: {}, body: '' });

export const REST_ERRORS = {
  invalidSession: () => restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'),
  notFound: () => restError(404, 'NOT_FOUND', 'The requested resource does not exist'),
  requestLimit: () => restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
  unknownException: () => restError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)'),
} as const;
