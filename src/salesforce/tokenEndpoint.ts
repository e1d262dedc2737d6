/**
 * The credential proof (issue 15 item 1): asks the org's token endpoint, with no user, whether it knows a consumer
 * key and accepts its secret. It sends a refresh-token grant with a made-up refresh token plus client_id and
 * client_secret: an endpoint that authenticates the client before the grant answers invalid_grant only once the
 * pair is right.
 *
 * First a control probe with a deliberately wrong secret. It must answer invalid_client; invalid_grant means the org
 * does not authenticate the client before the grant (or the app does not require the secret for refresh), so the
 * real answer would prove nothing: "inconclusive". Then the real pair:
 *
 *   invalid_grant → accepted · invalid_client_id → not known yet · invalid_client → refused
 *   network errors, 5xx, redirects, anything else → could not check
 *
 * The secret travels only in the POST body. Nothing this module returns or throws holds it: details quote the
 * endpoint's error code and HTTP status, never its free text (an endpoint could echo what it received).
 */
import { randomBytes } from 'node:crypto';
import { networkCode } from './networkErrors.js';

export type ProofVerdict = 'accepted' | 'not-known-yet' | 'refused' | 'inconclusive' | 'could-not-check';

/** What one probe got back: the OAuth error code, 'ok' for a 200, or why there was no OAuth answer. */
export type ProbeAnswer =
  | { kind: 'oauth'; error: string; status: number }
  | { kind: 'ok'; status: number }
  | { kind: 'other'; status: number }
  | { kind: 'network'; code: string };

export type Proof = {
  verdict: ProofVerdict;
  /** One sentence a person can act on. Never holds the secret. */
  detail: string;
  /** ISO time; only when accepted. */
  verifiedAt?: string;
  /** The control probe (wrong secret) answer, e.g. 'invalid_client' (what a proof needs), 'invalid_grant'. */
  controlAnswer: string;
  /** The real pair's answer, when it was sent. */
  pairAnswer?: string;
};

export type ProofInput = { loginUrl: string; consumerKey: string; consumerSecret: string };

export type ProbeOptions = {
  /** Per request; default 30 s. */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 30_000;

export const tokenEndpointOf = (loginUrl: string): string => `${loginUrl.replace(/\/+$/, '')}/services/oauth2/token`;

/** A refresh token no org ever issued, and a secret that differs from the real one. */
const madeUp = (): string => `ren-eca-proof-${randomBytes(24).toString('hex')}`;
const wrongSecretFor = (secret: string): string => {
  let wrong = randomBytes(32).toString('hex').toUpperCase();
  while (wrong === secret) wrong = randomBytes(32).toString('hex').toUpperCase();
  return wrong;
};

const describeAnswer = (a: ProbeAnswer): string =>
  a.kind === 'oauth' ? a.error : a.kind === 'ok' ? `HTTP ${a.status} (a token)` : a.kind === 'other' ? `HTTP ${a.status}` : `network error ${a.code}`;

/** One refresh-token grant with a made-up token. Never throws; the answer is classified. */
export const probeTokenEndpoint = async (loginUrl: string, clientId: string, clientSecret: string, options: ProbeOptions = {}): Promise<ProbeAnswer> => {
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: madeUp(), client_id: clientId, client_secret: clientSecret });
  let response: Response;
  try {
    response = await fetch(tokenEndpointOf(loginUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (e) {
    const name = (e as { name?: unknown }).name;
    return { kind: 'network', code: name === 'TimeoutError' ? 'timeout' : (networkCode(e) ?? 'unknown') };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 200) return { kind: 'ok', status: 200 };
  if (response.status >= 400 && response.status < 500) {
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      if (typeof parsed.error === 'string' && /^[a-z_]{1,64}$/.test(parsed.error)) return { kind: 'oauth', error: parsed.error, status: response.status };
    } catch {
      // not an OAuth error body
    }
  }
  return { kind: 'other', status: response.status };
};

const oauthError = (a: ProbeAnswer): string | undefined => (a.kind === 'oauth' ? a.error : undefined);

/** Proves a consumer key and secret at `loginUrl`'s token endpoint: the control probe first, then the pair. */
export const proveCredentials = async (input: ProofInput, options: ProbeOptions = {}): Promise<Proof> => {
  const control = await probeTokenEndpoint(input.loginUrl, input.consumerKey, wrongSecretFor(input.consumerSecret), options);
  const controlAnswer = describeAnswer(control);
  const endpoint = tokenEndpointOf(input.loginUrl);
  const controlError = oauthError(control);
  if (controlError === 'invalid_client_id') {
    return { verdict: 'not-known-yet', controlAnswer, detail: `${endpoint} does not know the consumer key yet (invalid_client_id); Salesforce can take from 2 to about 30 minutes to make a new app known.` };
  }
  if (controlError === 'invalid_grant') {
    return {
      verdict: 'inconclusive',
      controlAnswer,
      detail: `${endpoint} answered invalid_grant to a deliberately wrong secret: it does not authenticate the client before the grant (or the app does not require the secret for refresh), so its answer cannot prove the pair.`,
    };
  }
  if (controlError !== 'invalid_client') {
    return { verdict: 'could-not-check', controlAnswer, detail: `${endpoint} gave an unexpected answer to the control probe (${controlAnswer}); nothing is proven.` };
  }
  const pair = await probeTokenEndpoint(input.loginUrl, input.consumerKey, input.consumerSecret, options);
  const pairAnswer = describeAnswer(pair);
  const verdicts: Readonly<Record<string, Omit<Proof, 'controlAnswer' | 'pairAnswer'>>> = {
    invalid_grant: { verdict: 'accepted', verifiedAt: new Date().toISOString(), detail: `${endpoint} accepted the consumer key and secret.` },
    invalid_client_id: { verdict: 'not-known-yet', detail: `${endpoint} does not know the consumer key yet (invalid_client_id).` },
    invalid_client: { verdict: 'refused', detail: `${endpoint} knows the consumer key but refused the secret (invalid_client): the pair does not work.` },
  };
  const known = verdicts[oauthError(pair) ?? ''];
  return { ...(known ?? { verdict: 'could-not-check', detail: `${endpoint} gave an unexpected answer (${pairAnswer}); nothing is proven.` }), controlAnswer, pairAnswer };
};

export type WaitOptions = ProbeOptions & {
  /** How long to keep retrying while the key is not known yet; 0 = one proof, no retry. */
  waitMinutes: number;
  /** First pause between proofs (default 5 s); doubles up to maxRetryMs, never past the wait's end. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Told before each pause. */
  onWaiting?: (delayMs: number, attempt: number) => void;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** proveCredentials, repeated with back-off while the token endpoint does not know the key yet (up to waitMinutes). */
export const proveWithWait = async (input: ProofInput, options: WaitOptions): Promise<Proof & { attempts: number }> => {
  const deadline = Date.now() + options.waitMinutes * 60_000;
  const maxRetryMs = options.maxRetryMs ?? 60_000;
  let pause = options.firstRetryMs ?? 5_000;
  for (let attempt = 1; ; attempt++) {
    const proof = await proveCredentials(input, options);
    const left = deadline - Date.now();
    if (proof.verdict !== 'not-known-yet' || left <= 0) return { ...proof, attempts: attempt };
    const delay = Math.min(pause, left);
    options.onWaiting?.(delay, attempt);
    await sleep(delay);
    pause = Math.min(maxRetryMs, pause * 2);
  }
};
