/**
 * Tests never reach beyond 127.0.0.1. Installed before any test (imported by test/helpers/isolation.ts), this
 * guard wraps every TCP/TLS connect (net.Socket#connect, which http, https, undici/fetch and jsforce all use) and
 * DNS lookups: anything not loopback is refused on the spot (ECONNREFUSED / ENOTFOUND) and recorded, so a test
 * can assert that a whole run stayed on the machine, and a stray call fails fast instead of waiting on a network.
 */
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { promisify } from 'node:util';

export type BlockedAttempt = { readonly kind: 'connect' | 'dns'; readonly target: string; readonly at: number };

const attempts: BlockedAttempt[] = [];

/** Every non-loopback connect or lookup refused so far in this process. */
export const blockedAttempts = (): readonly BlockedAttempt[] => attempts;

/** For the guard's own test: forget attempts it made on purpose, so the exit summary lists only real strays. */
export const discardAttemptsSince = (mark: number): void => {
  attempts.splice(mark);
};

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost']);

export const isLoopbackHost = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h.startsWith('::ffff:127.');
  return LOOPBACK_NAMES.has(h);
};

type ConnectTarget = { pipe: true } | { pipe: false; host: string; port: string };

/** Where Socket#connect(options | [options, cb] | port, host | path) is going. */
const targetOf = (args: unknown[]): ConnectTarget => {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === 'object') {
    const o = first as { path?: string; host?: string; port?: number | string };
    if (typeof o.path === 'string') return { pipe: true };
    return { pipe: false, host: o.host ?? 'localhost', port: String(o.port ?? '') };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { pipe: true };
  return { pipe: false, host: typeof args[1] === 'string' ? args[1] : 'localhost', port: String(first) };
};

const refusal = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

// Called below with the socket as `this`, exactly as Node calls it.
// eslint-disable-next-line @typescript-eslint/unbound-method
const originalConnect = net.Socket.prototype.connect as (...a: unknown[]) => net.Socket;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  const target = targetOf(args);
  if (!target.pipe && !isLoopbackHost(target.host)) {
    const where = `${target.host}:${target.port}`;
    attempts.push({ kind: 'connect', target: where, at: Date.now() });
    process.nextTick(() => this.destroy(refusal('ECONNREFUSED', `network guard: connection to ${where} blocked (tests stay on 127.0.0.1)`)));
    return this;
  }
  return originalConnect.apply(this, args);
};

type LookupCallback = (err: NodeJS.ErrnoException | null, address?: unknown, family?: number) => void;

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]): void {
  const callback = rest[rest.length - 1] as LookupCallback;
  if (typeof hostname === 'string' && !isLoopbackHost(hostname) && typeof callback === 'function') {
    attempts.push({ kind: 'dns', target: hostname, at: Date.now() });
    process.nextTick(() => callback(refusal('ENOTFOUND', `network guard: DNS lookup of ${hostname} blocked (tests stay on 127.0.0.1)`)));
    return;
  }
  (originalLookup as (...a: unknown[]) => void).call(dns, hostname, ...rest);
} as typeof dns.lookup;

const originalPromiseLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromiseLookup(hostname: string, ...rest: unknown[]): Promise<unknown> {
  if (!isLoopbackHost(hostname)) {
    attempts.push({ kind: 'dns', target: hostname, at: Date.now() });
    throw refusal('ENOTFOUND', `network guard: DNS lookup of ${hostname} blocked (tests stay on 127.0.0.1)`);
  }
  return (originalPromiseLookup as (...a: unknown[]) => Promise<unknown>).call(dns.promises, hostname, ...rest);
} as typeof dns.promises.lookup;

// util.promisify(dns.lookup) resolves { address, family } through this hook, as the original does (core's MyDomainResolver uses it).
Object.defineProperty(dns.lookup, promisify.custom, { value: dns.promises.lookup, configurable: true });

// Named ESM imports of node:dns / node:net see the guarded functions too.
syncBuiltinESMExports();

process.on('exit', () => {
  if (attempts.length === 0) return;
  const list = attempts.map((a) => `${a.kind} ${a.target}`).join(', ');
  process.stderr.write(`network guard: ${attempts.length} non-loopback attempt(s) were blocked during tests: ${list}\n`);
});
