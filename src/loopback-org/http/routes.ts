/**
 * Every endpoint the loopback org answers: method, path pattern, the kind it is counted under in the request
 * log, how the caller must authenticate, and the handler.
 */
import type { AsyncJobs } from '../metadata/asyncJobs.js';
import type { OrgState } from '../orgState.js';
import { identityReply, resourcesReply, userinfoReply, userRecordReply, versionsReply } from '../rest/identity.js';
import { cancelRestDeploy, restDeployStatus, submitRestDeploy } from '../rest/deployRequest.js';
import { credentialsReply, usageReply } from '../rest/oauthCredentials.js';
import { tokenReply } from '../rest/oauthToken.js';
import { stagedReply } from '../rest/stagedCredentials.js';
import { queryReply } from '../rest/soqlQuery.js';
import { parseSoapRequest, soapFault } from '../soap/envelope.js';
import { handleMetadataSoap } from '../soap/metadataApi.js';
import type { Reply } from './reply.js';
import { restError } from './reply.js';

export type RouteContext = {
  readonly state: OrgState;
  readonly jobs: AsyncJobs;
  readonly method: string;
  readonly url: URL;
  /** Capture groups of the route pattern. */
  readonly params: readonly string[];
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
};

/** 'bearer': REST session in the Authorization header (or oauth_token for identity URLs); 'none'/'soap': checked elsewhere. */
export type RouteAuth = 'none' | 'bearer';

export type Route = {
  readonly methods: readonly string[];
  readonly pattern: RegExp;
  readonly kind: string | ((ctx: RouteContext) => string);
  readonly auth: RouteAuth;
  /** The route's first capture group is an API version that must not exceed the org's maximum. */
  readonly versioned: boolean;
  readonly handle: (ctx: RouteContext) => Reply | Promise<Reply>;
};

const V = 'v(\\d+\\.\\d)';
const version = (ctx: RouteContext): string => ctx.params[0] ?? '';
const soapMethod = (ctx: RouteContext): string => parseSoapRequest(ctx.body.toString('utf8'))?.method ?? 'unknown';

export const ROUTES: readonly Route[] = [
  { methods: ['GET'], pattern: /^\/services\/data\/?$/, kind: 'data:versions', auth: 'none', versioned: false, handle: (c) => versionsReply(c.state) },
  {
    methods: ['POST'], pattern: /^\/services\/oauth2\/token$/, kind: 'oauth:token', auth: 'none', versioned: false,
    handle: (c) => tokenReply(c.state, new URLSearchParams(c.body.toString('utf8'))),
  },
  { methods: ['GET', 'POST'], pattern: /^\/services\/oauth2\/userinfo$/, kind: 'oauth:userinfo', auth: 'bearer', versioned: false, handle: (c) => userinfoReply(c.state) },
  { methods: ['GET'], pattern: /^\/id\/(\w+)\/(\w+)$/, kind: 'oauth:identity', auth: 'bearer', versioned: false, handle: (c) => identityReply(c.state, c.params[0] ?? '', c.params[1] ?? '') },
  {
    methods: ['POST'], pattern: /^\/services\/Soap\/m\/(\d+\.\d)(?:\/\w+)?$/, kind: (c) => `soap:${soapMethod(c)}`, auth: 'none', versioned: false,
    handle: (c) => {
      const request = parseSoapRequest(c.body.toString('utf8'));
      if (request === undefined) return soapFault({ code: 'INVALID_SOAP_REQUEST', message: 'The request is not a SOAP envelope' });
      return handleMetadataSoap(request, { state: c.state, jobs: c.jobs, apiVersion: version(c) });
    },
  },
  { methods: ['GET'], pattern: new RegExp(`^/services/data/${V}/?$`), kind: 'data:resources', auth: 'bearer', versioned: true, handle: (c) => resourcesReply(c.state, version(c)) },
  {
    methods: ['GET'], pattern: new RegExp(`^/services/data/${V}/sobjects/User/(\\w+)$`), kind: 'data:user', auth: 'bearer', versioned: true,
    handle: (c) => userRecordReply(c.state, version(c), c.params[1] ?? ''),
  },
  {
    methods: ['GET'], pattern: new RegExp(`^/services/data/${V}/query/?$`), kind: 'rest:query', auth: 'bearer', versioned: true,
    handle: (c) => queryReply(c.state, 'data', version(c), c.url.searchParams.get('q'), c.jobs, c.url.searchParams.get('columns') === 'true'),
  },
  {
    methods: ['GET'], pattern: new RegExp(`^/services/data/${V}/tooling/query/?$`), kind: 'tooling:query', auth: 'bearer', versioned: true,
    handle: (c) => queryReply(c.state, 'tooling', version(c), c.url.searchParams.get('q'), c.jobs, c.url.searchParams.get('columns') === 'true'),
  },
  {
    methods: ['GET'], pattern: new RegExp(`^/services/data/${V}/apps/oauth/usage/?$`), kind: 'connect:usage', auth: 'bearer', versioned: true,
    handle: (c) => usageReply(c.state, version(c), c.url.searchParams),
  },
  {
    methods: ['GET', 'POST', 'PATCH', 'DELETE'], pattern: new RegExp(`^/services/data/${V}/apps/oauth/credentials/(\\w+)/(\\w+)/staged(?:/(\\w+))?/?$`),
    kind: 'connect:stagedCredentials', auth: 'bearer', versioned: true,
    handle: (c) => stagedReply({
      state: c.state, version: version(c), method: c.method, appId: c.params[1] ?? '', consumerId: c.params[2] ?? '', stagedId: c.params[3], body: c.body.toString('utf8'),
    }),
  },
  {
    methods: ['GET', 'POST', 'PATCH', 'DELETE'], pattern: new RegExp(`^/services/data/${V}/apps/oauth/credentials/(.+?)/?$`),
    kind: 'connect:credentials', auth: 'bearer', versioned: true,
    handle: (c) => credentialsReply({
      state: c.state, version: version(c), method: c.method, segments: (c.params[1] ?? '').split('/'), query: c.url.searchParams, body: c.body.toString('utf8'),
    }),
  },
  {
    methods: ['POST'], pattern: new RegExp(`^/services/data/${V}/metadata/deployRequest/?$`), kind: 'rest:deployRequest', auth: 'bearer', versioned: true,
    handle: (c) => submitRestDeploy(c.jobs, version(c), String(c.headers['content-type'] ?? ''), c.body),
  },
  {
    methods: ['GET', 'PATCH'], pattern: new RegExp(`^/services/data/${V}/metadata/deployRequest/(\\w+)$`),
    kind: (c) => (c.method === 'PATCH' ? 'rest:cancelDeployRequest' : 'rest:deployRequestStatus'), auth: 'bearer', versioned: true,
    handle: (c) => (c.method === 'PATCH'
      ? cancelRestDeploy(c.jobs, c.params[1] ?? '', c.body.toString('utf8'))
      : restDeployStatus(c.jobs, version(c), c.params[1] ?? '', c.url.searchParams.get('includeDetails') === 'true')),
  },
];

export const notFoundReply = (): Reply => restError(404, 'NOT_FOUND', 'The requested resource does not exist');
