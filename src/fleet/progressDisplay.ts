/**
 * Progress of a rollout. On a terminal: one status line on stderr, redrawn in place
 * (done / failed / running / remaining, elapsed, rate), with finished tenants printed above it.
 * Otherwise (CI logs, pipes): one plain line per tenant event. Under --json: nothing.
 */
import type { TenantEvent } from './tenantEvents.js';
import { succeeded } from './tenantResult.js';

export type ProgressCounts = { done: number; failed: number; running: number; remaining: number };

export type ProgressDisplay = {
  onEvent(event: TenantEvent): void;
  stop(): void;
};


/** Tallies events into counts; shared by both displays. */
export class ProgressTally {
  public readonly counts: ProgressCounts;
  public readonly startedAt = Date.now();

  public constructor(total: number) {
    this.counts = { done: 0, failed: 0, running: 0, remaining: total };
  }

  public apply(event: TenantEvent): void {
    const c = this.counts;
    if (event.kind === 'skipped') {
      c.done++;
      c.remaining--;
    } else if (event.kind === 'started') {
      c.running++;
      c.remaining--;
    } else if (event.kind === 'finished') {
      c.running--;
      if (succeeded(event)) c.done++;
      else c.failed++;
    }
  }

  public statusLine(now = Date.now()): string {
    const c = this.counts;
    const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
    const finished = c.done + c.failed;
    const elapsed = `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
    return `${c.done} done, ${c.failed} failed, ${c.running} running, ${c.remaining} remaining | ${elapsed} elapsed | ${(finished / seconds).toFixed(2)} tenants/s`;
  }
}

type Describers = { [K in TenantEvent['kind']]: (event: Extract<TenantEvent, { kind: K }>) => string | undefined };

const DESCRIBERS: Describers = {
  skipped: (e) => `${e.tenant}: skipped (${e.reason})`,
  started: (e) => `${e.tenant}: started (${e.reason})`,
  stage: (e) => (e.state === 'submitted' ? `${e.tenant}: ${e.stage} submitted` : undefined),
  backoff: (e) => `${e.tenant}: the org reported REQUEST_LIMIT_EXCEEDED; waiting ${(e.delayMs / 1000).toFixed(1)} s (retry ${e.retry + 1})`,
  finished: (e) => `${e.tenant}: ${e.status} (exit ${e.exitCode})${e.message === undefined ? '' : ` - ${e.message.split('\n')[0] ?? ''}`}`,
};

const describe = (event: TenantEvent): string | undefined => (DESCRIBERS[event.kind] as (e: TenantEvent) => string | undefined)(event);

/** Plain lines, e.g. for CI logs: `[3/200 done, 1 failed] acme: created (exit 0)`. */
export const lineProgress = (total: number, print: (line: string) => void): ProgressDisplay => {
  const tally = new ProgressTally(total);
  return {
    onEvent(event) {
      tally.apply(event);
      const text = describe(event);
      if (text !== undefined) print(`[${tally.counts.done + tally.counts.failed}/${total}] ${text}`);
    },
    stop() {
      print(tally.statusLine());
    },
  };
};

const CLEAR_LINE = '\r\x1b[2K';

/** A status line redrawn in place on a terminal; finished and backing-off tenants scroll above it. */
export const terminalProgress = (total: number, stream: NodeJS.WritableStream, refreshMs = 500): ProgressDisplay => {
  const tally = new ProgressTally(total);
  const draw = (): void => {
    stream.write(`${CLEAR_LINE}${tally.statusLine()}`);
  };
  const timer = setInterval(draw, refreshMs);
  timer.unref();
  return {
    onEvent(event) {
      tally.apply(event);
      const text = event.kind === 'finished' || event.kind === 'backoff' ? describe(event) : undefined;
      if (text !== undefined) stream.write(`${CLEAR_LINE}${text}\n`);
      draw();
    },
    stop() {
      clearInterval(timer);
      stream.write(`${CLEAR_LINE}${tally.statusLine()}\n`);
    },
  };
};

export const silentProgress: ProgressDisplay = { onEvent: () => undefined, stop: () => undefined };
