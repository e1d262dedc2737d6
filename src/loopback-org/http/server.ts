/**
 * The HTTP server on 127.0.0.1: matches a route, applies latency and injected faults, checks the session,
 * answers and logs. Salesforce never answers a GET with 5xx unless a fault is injected (jsforce retries those).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultControl, FaultMode } from '../faults.js';
import type { AsyncJobs } from '../metadata/asyncJobs.js';
import type { OrgState } from '../orgState.js';
import type { RequestLog } from '../requestLog.js';
import { SOAP_FAULTS, soapFault } from '../soap/envelope.js';
import type { Reply } from './reply.js';
import { REST_ERRORS } from './reply.js';
import type { Route, RouteContext } from './routes.js';
import { notFoundReply, ROUTES } from './routes.js';

type Parts = { state: OrgState; jobs: AsyncJobs; faults: FaultControl; log: RequestLog };

const htmlError = (status: number, title: string): Reply => ({
  status,
  headers: { 'content-type': 'text/html;charset=UTF-8' },
  body: `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
});

/** The reply an injected fault produces (undefined: drop the connection). */
const FAULT_REPLIES: Readonly<Record<FaultMode, (soap: boolean) => Reply | undefined>> = {
  http500: () => htmlError(500, 'Internal Server Error'),
  http503: () => htmlError(503, 'Service Unavailable'),
  drop: () => undefined,
  lostAnswer: () => undefined, // never used for a reply: the org acts, then the answer is dropped (below)
  requestLimit: (soap) => (soap ? soapFault(SOAP_FAULTS.requestLimit) : REST_ERRORS.requestLimit()),
  soapFault: (soap) => (soap ? soapFault(SOAP_FAULTS.unknownException) : REST_ERRORS.unknownException()),
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * The request target as a URL. `sf org login access-token` stores the instance URL with a trailing slash, so every
 * later sf call asks for `//services/...`; real orgs answer those as `/services/...`. Runs of slashes in the path
 * are collapsed (without this, `new URL('//services/…')` would read "services" as a host name).
 */
export const requestUrl = (target: string | undefined): URL => {
  const raw = target ?? '/';
  const queryAt = raw.indexOf('?');
  const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const query = queryAt < 0 ? '' : raw.slice(queryAt);
  return new URL(`${path.replace(/\/{2,}/g, '/')}${query}`, 'http://127.0.0.1');
};

const bearerToken = (req: IncomingMessage, url: URL): string | undefined => {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
  return match?.[1] ?? url.searchParams.get('oauth_token') ?? undefined;
};

const loggedPath = (url: URL): string => {
  const clean = new URL(url.href);
  clean.searchParams.delete('oauth_token');
  return `${clean.pathname}${clean.search}`;
};

const matchRoute = ({ state, jobs }: Parts, req: IncomingMessage, url: URL, body: Buffer): { route: Route; ctx: RouteContext; kind: string } | undefined => {
  const method = req.method ?? 'GET';
  for (const route of ROUTES) {
    const match = route.pattern.exec(url.pathname);
    if (match === null || !route.methods.includes(method)) continue;
    const ctx: RouteContext = { state, jobs, method, url, params: match.slice(1), headers: req.headers, body };
    return { route, ctx, kind: typeof route.kind === 'string' ? route.kind : route.kind(ctx) };
  }
  return undefined;
};

const checkedReply = async (route: Route, ctx: RouteContext, req: IncomingMessage): Promise<Reply> => {
  if (route.versioned && !(Number.parseFloat(ctx.params[0] ?? '') <= Number.parseFloat(ctx.state.maxApiVersion))) return REST_ERRORS.notFound();
  if (route.auth === 'bearer' && !ctx.state.isValidSession(bearerToken(req, ctx.url))) return REST_ERRORS.invalidSession();
  return route.handle(ctx);
};

const write = (res: ServerResponse, reply: Reply): void => {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
};

export const startServer = async (parts: Parts, requestedPort = 0): Promise<{ url: string; close: () => Promise<void> }> => {
  const server = createServer((req, res) => {
    void (async () => {
      const at = Date.now();
      const url = requestUrl(req.url);
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const routed = matchRoute(parts, req, url, body);
      const kind = routed === undefined ? 'unknown' : routed.kind;
      const fault = parts.faults.take({ kind: kind, method, path: loggedPath(url) });
      if (parts.faults.latencyMs > 0) await sleep(parts.faults.latencyMs);
      if (fault !== undefined && fault !== 'lostAnswer') {
        const reply = FAULT_REPLIES[fault](kind.startsWith('soap:'));
        parts.log.add({ kind: kind, method, path: loggedPath(url), status: reply?.status ?? 0, at, fault });
        if (reply === undefined) req.socket.destroy();
        else write(res, reply);
        return;
      }
      try {
        const reply = routed === undefined ? notFoundReply() : await checkedReply(routed.route, routed.ctx, req);
        parts.log.add({ kind: kind, method, path: loggedPath(url), status: reply.status, at, ...(fault ? { fault } : {}) });
        if (fault === 'lostAnswer') req.socket.destroy();
        else write(res, reply);
      } catch (e) {
        // A bug in the loopback org itself: make it loud in the test output rather than a silent hang.
        const reply = htmlError(500, `Loopback org error: ${(e as Error).stack ?? String(e)}`);
        parts.log.add({ kind: kind, method, path: loggedPath(url), status: 500, at, fault: 'loopback-org-bug' });
        write(res, reply);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(requestedPort, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
