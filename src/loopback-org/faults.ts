/**
 * Fault injection, per org and mutable at runtime through `org.faults`.
 *
 *   org.faults.latencyMs = 50;                          // every call waits 50 ms before it is answered
 *   org.faults.deployInProgressPolls = 2;               // each deploy answers InProgress twice, then finishes
 *   org.faults.jobDurationMs = 1000;                    // each deploy/retrieve takes 1 s of org time (wall clock)
 *   org.faults.neverFinishDeploys = true;               // deploys stay InProgress until cancelled
 *   org.faults.failCall('soap:checkDeployStatus', 'http503', 2);   // the next 2 such calls fail
 *   org.faults.failCall((e) => e.path.includes('/credentials/'), 'drop');
 *   org.faults.failCall('soap:checkDeployStatus', 'lostAnswer');   // acted on, answer never arrives
 *   org.faults.dropFieldOnDeploy = { type: 'ExtlClntAppGlobalOauthSettings', field: 'isPkceRequired' };
 *                                                       // deploys succeed but silently do not store that field
 *
 * Keep injected GET faults bounded: jsforce retries GETs on 5xx and dropped connections with ~15 s backoff
 * (salesforce-wire.md §0). POSTs (SOAP) are not retried.
 */

/** What an injected fault does to the call. */
export const FAULT_MODES = {
  /** HTTP 500 with an HTML error page, as a load balancer would send. */
  http500: 'HTTP 500 HTML page',
  /** HTTP 503 Service Unavailable (SDR's poller and jsforce treat it as retryable). */
  http503: 'HTTP 503 Service Unavailable',
  /** The connection is closed without any response. */
  drop: 'connection dropped',
  /** The org ACTS on the call (e.g. a deploy poll that finishes the deploy), then the connection is closed before
   * the answer is sent: the answer is lost on the way back (dropped connection, proxy timeout). */
  lostAnswer: 'answer lost after the org acted',
  /** REQUEST_LIMIT_EXCEEDED: REST 403 JSON error, SOAP fault sf:REQUEST_LIMIT_EXCEEDED. */
  requestLimit: 'REQUEST_LIMIT_EXCEEDED',
  /** SOAP fault sf:UNKNOWN_EXCEPTION (HTTP 500, text/xml); on REST a 500 JSON UNKNOWN_EXCEPTION body. */
  soapFault: 'UNKNOWN_EXCEPTION fault',
} as const;
export type FaultMode = keyof typeof FAULT_MODES;

export type CallInfo = { readonly kind: string; readonly method: string; readonly path: string };
export type CallMatcher = string | ((call: CallInfo) => boolean);

export type FaultOptions = {
  latencyMs?: number;
  deployInProgressPolls?: number;
  retrieveInProgressPolls?: number;
  jobDurationMs?: number;
  neverFinishDeploys?: boolean;
  dropFieldOnDeploy?: DroppedField;
};

/** A field an org silently does not store: the deploy reports success, the component keeps its earlier value (or none). */
export type DroppedField = { readonly type: string; readonly field: string };

type ArmedFault = { matches: (call: CallInfo) => boolean; mode: FaultMode; remaining: number };

export type FaultControl = {
  /** Delay before every answer. */
  latencyMs: number;
  /** How many checkDeployStatus polls answer InProgress before a deploy finishes (default 0). */
  deployInProgressPolls: number;
  /** Same for checkRetrieveStatus. */
  retrieveInProgressPolls: number;
  /**
   * Wall time each asynchronous job (deploy, retrieve) takes in the org, counted from its submission: status checks
   * before then answer InProgress however often the client asks, as a real org's queue does (default 0). Applies
   * together with the in-progress poll counts: a job finishes once both are used up.
   */
  jobDurationMs: number;
  /** Deploys never finish (until cancelDeploy). Applies to deploys checked while it is set. */
  neverFinishDeploys: boolean;
  /** Deploys succeed but do not store this field of this type (what an end-state check must catch). Default none. */
  dropFieldOnDeploy: DroppedField | undefined;
  /** Make the next `times` calls matching `match` (a kind such as 'soap:deploy', or a predicate) fail with `mode`. */
  failCall(match: CallMatcher, mode: FaultMode, times?: number): void;
  /** Remove every armed failure and reset the knobs to their defaults. */
  clear(): void;
  /** Used by the server: the fault to inject into this call, consuming one use of it. */
  take(call: CallInfo): FaultMode | undefined;
};

export const createFaultControl = (options: FaultOptions = {}): FaultControl => {
  let armed: ArmedFault[] = [];
  const control: FaultControl = {
    latencyMs: options.latencyMs ?? 0,
    deployInProgressPolls: options.deployInProgressPolls ?? 0,
    retrieveInProgressPolls: options.retrieveInProgressPolls ?? 0,
    jobDurationMs: options.jobDurationMs ?? 0,
    neverFinishDeploys: options.neverFinishDeploys ?? false,
    dropFieldOnDeploy: options.dropFieldOnDeploy,
    failCall(match, mode, times = 1) {
      const matches = typeof match === 'string' ? (c: CallInfo) => c.kind === match : match;
      armed.push({ matches, mode, remaining: times });
    },
    clear() {
      armed = [];
      control.latencyMs = 0;
      control.deployInProgressPolls = 0;
      control.retrieveInProgressPolls = 0;
      control.jobDurationMs = 0;
      control.neverFinishDeploys = false;
      control.dropFieldOnDeploy = undefined;
    },
    take(call) {
      const hit = armed.find((f) => f.remaining > 0 && f.matches(call));
      if (hit === undefined) return undefined;
      hit.remaining -= 1;
      armed = armed.filter((f) => f.remaining > 0);
      return hit.mode;
    },
  };
  return control;
};
