/** What crossed the wire: one entry per request, and counts per kind, for tests and the benchmark. */
import type { RequestLogEntry } from './types.js';

export class RequestLog {
  public readonly entries: RequestLogEntry[] = [];

  public add(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  public counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
    return counts;
  }

  public reset(): void {
    this.entries.length = 0;
  }
}
