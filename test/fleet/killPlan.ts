/**
 * Deterministic kill points for crash tests: the rollout child is SIGKILLed when the fleet of loopback orgs
 * (living in the test process) has acted on the n-th request of a seeded kind, so a kill lands at the same
 * place of the run whatever the machine's load, and a kill that does not land is a failure, not a pass.
 */
import type { LoopbackOrg, RequestLogEntry } from '../../src/loopback-org/index.js';

/** mulberry32: a tiny seeded PRNG, so a failing seed can be replayed. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * Kill when the fleet has acted on the `nth` request of `kind` ('any' = every request counts) in this run,
 * counting only from the moment point `after` (if any) was reached.
 */
export type KillPoint = { readonly kind: string; readonly nth: number; readonly after?: KillPoint };

export const describeKill = (p: KillPoint): string => `${p.kind} #${p.nth}${p.after === undefined ? '' : ` after ${describeKill(p.after)}`}`;

/** A counter that says true once, when the point is reached. */
const reached = (point: KillPoint): ((e: RequestLogEntry) => boolean) => {
  const start = point.after === undefined ? (): boolean => true : reached(point.after);
  let started = point.after === undefined;
  let seen = 0;
  return (e) => {
    if (!started) {
      started = start(e);
      return false;
    }
    if (point.kind !== 'any' && e.kind !== point.kind) return false;
    return ++seen === point.nth;
  };
};

/** Requests of one kind ('any' = all) a tenant is sure to cause in a run. */
export type RequestFloor = Readonly<Record<string, number>>;

/** Adds up what each tenant a run still has to provision is sure to cause. */
export const floorOfRun = (floors: readonly RequestFloor[]): RequestFloor => {
  const total: Record<string, number> = {};
  for (const f of floors) for (const [kind, n] of Object.entries(f)) total[kind] = (total[kind] ?? 0) + n;
  return total;
};

/** A seeded kill point: a kind the run is sure to send, and a position within what it is sure to send of it. */
export const pickKill = (random: () => number, floor: RequestFloor): KillPoint | undefined => {
  const kinds = Object.keys(floor).filter((k) => (floor[k] ?? 0) > 0).sort();
  const kind = kinds[Math.floor(random() * kinds.length)];
  if (kind === undefined) return undefined;
  return { kind, nth: 1 + Math.floor(random() * (floor[kind] ?? 0)) };
};

export type ArmedKill = { readonly landed: boolean; disarm(): void };

/** Calls `kill` (synchronously, before the org's answer leaves) when the fleet reaches the kill point. */
export const armKill = (orgs: Iterable<LoopbackOrg>, point: KillPoint, kill: () => void): ArmedKill => {
  const isPoint = reached(point);
  let landed = false;
  const stops: (() => void)[] = [];
  const onRequest = (e: RequestLogEntry): void => {
    if (landed || !isPoint(e)) return;
    landed = true;
    kill();
  };
  for (const org of orgs) stops.push(org.onRequest(onRequest));
  return {
    get landed() {
      return landed;
    },
    disarm: () => stops.forEach((stop) => stop()),
  };
};
