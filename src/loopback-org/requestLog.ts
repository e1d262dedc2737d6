/** What crossed the wire: one entry per request, and counts per kind, for tests and the benchmark. */
import type { RequestLogEntry } from './types.js';

export type RequestListener = (entry: RequestLogEntry) => void;

export class RequestLog {
  public readonly entries: RequestLogEntry[] = [];
  private readonly listeners = new Set<RequestListener>();

  /** Logs the entry and tells every listener, synchronously, before the server writes the answer. */
  public add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    for (const listener of [...this.listeners]) listener(entry);
  }

  public listen(listener: RequestListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
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
