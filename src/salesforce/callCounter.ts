/**
 * Counts the HTTP calls a Connection makes, by kind, client-side (ProvisionOutcome.apiCalls; the rollout
 * reports them per tenant). It wraps the connection's jsforce transport — the one place every REST, SOAP and
 * Connect call passes through. `_transport` is jsforce's internal field: if a jsforce upgrade renames it,
 * counting silently stops (counts come back empty) and nothing else changes.
 */
import type { Connection } from '@salesforce/core';

type HttpRequest = { method?: string; url?: string; body?: unknown };
type Transport = { httpRequest: (req: HttpRequest, options?: unknown) => unknown };

/** Kind names match the loopback org's request log, so tests can compare the two. */
const KINDS: readonly { test: (url: string, body: string) => boolean; kind: (url: string, body: string) => string }[] = [
  { test: (u) => u.includes('/services/Soap/m/'), kind: (_u, b) => `soap:${/<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(b)?.[1] ?? 'unknown'}` },
  { test: (u) => /\/services\/data\/?(\?|$)/.test(u), kind: () => 'data:versions' },
  { test: (u) => u.includes('/tooling/query'), kind: () => 'tooling:query' },
  { test: (u) => /\/query(All)?[/?]/.test(u), kind: () => 'rest:query' },
  { test: (u) => u.includes('/apps/oauth/credentials'), kind: () => 'connect:credentials' },
  { test: (u) => u.includes('/apps/oauth/usage'), kind: () => 'connect:usage' },
  { test: (u) => u.includes('/services/oauth2/token'), kind: () => 'oauth:token' },
];

export const callKind = (req: HttpRequest): string => {
  const url = req.url ?? '';
  const body = typeof req.body === 'string' ? req.body : '';
  return KINDS.find((k) => k.test(url, body))?.kind(url, body) ?? `rest:${(req.method ?? 'GET').toLowerCase()}`;
};

export type CallCounter = {
  /** Calls since the counter was installed on this connection. */
  counts: () => Record<string, number>;
  /** Starts a measurement; the returned function gives the calls made since. */
  start: () => () => Record<string, number>;
};

const counters = new WeakMap<object, CallCounter>();

/** The connection's counter, installed on first use (once per transport, so repeated calls never double-count). */
export const callCounterFor = (conn: Connection): CallCounter => {
  const transport = (conn as unknown as { _transport?: Transport })._transport;
  const key: object = transport ?? conn;
  const existing = counters.get(key);
  if (existing) return existing;
  const counts: Record<string, number> = {};
  if (transport && typeof transport.httpRequest === 'function') {
    const original = transport.httpRequest.bind(transport);
    transport.httpRequest = (req: HttpRequest, options?: unknown): unknown => {
      const kind = callKind(req);
      counts[kind] = (counts[kind] ?? 0) + 1;
      return original(req, options);
    };
  }
  const counter: CallCounter = {
    counts: () => ({ ...counts }),
    start: () => {
      const before = { ...counts };
      return () =>
        Object.fromEntries(
          Object.entries(counts)
            .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
            .filter(([, v]) => v > 0),
        );
    },
  };
  counters.set(key, counter);
  return counter;
};
