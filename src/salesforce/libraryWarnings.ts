/**
 * @salesforce/core and SDR report warnings through the global `Lifecycle` bus; with no listener, core prints
 * them as Node process warnings on stderr, even under --json. We listen once and hand them to whoever is
 * running (the command's `ui.warn`), dropping the ones that carry no meaning for the user.
 */
import { Lifecycle } from '@salesforce/core';

export type WarningSink = (message: string) => void;

/** Warnings that are noise for this tool: core's "insecure protocol" notice for the loopback org (http://127.0.0.1). */
const IGNORED: readonly RegExp[] = [/^Using insecure protocol: http: on url: http:\/\/(127\.0\.0\.1|localhost)[:/]/];

const sinks = new Set<WarningSink>();
let listening = false;

const deliver = (warning: unknown): Promise<void> => {
  const text = String(warning);
  if (!IGNORED.some((re) => re.test(text))) for (const sink of sinks) sink(text);
  return Promise.resolve();
};

/** Routes library warnings to `sink` until the returned function is called. */
export const routeLibraryWarnings = (sink: WarningSink): (() => void) => {
  if (!listening) {
    Lifecycle.getInstance().on(Lifecycle.warningEventName, deliver, 'ren-eca-library-warnings');
    listening = true;
  }
  sinks.add(sink);
  return () => {
    sinks.delete(sink);
  };
};
