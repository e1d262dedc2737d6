/**
 * SIGINT / SIGTERM while an org setting is on: instead of dying with it on, the run is told (a promise that
 * rejects), puts the setting back, and then leaves with 130 / 143 (the shell's codes for those signals).
 * While watched, further signals do not kill the run half-way through its restore: they are ignored (a SIGKILL
 * still kills it, and the durable record then makes the next run restore the setting).
 */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export const SIGNAL_EXIT: Readonly<Record<InterruptSignal, 130 | 143>> = { SIGINT: 130, SIGTERM: 143 };

export class InterruptedError extends Error {
  public constructor(public readonly signal: InterruptSignal) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}

export type InterruptionWatch = {
  /** Rejects with InterruptedError at the first signal; never resolves. */
  readonly interrupted: Promise<never>;
  /** The signal received, if any. */
  signal(): InterruptSignal | undefined;
  /** Stops watching: the default behaviour of the signals is back. */
  dispose(): void;
};

export const watchInterruption = (): InterruptionWatch => {
  let received: InterruptSignal | undefined;
  let reject: (e: Error) => void = () => undefined;
  const interrupted = new Promise<never>((_, r) => {
    reject = r;
  });
  interrupted.catch(() => undefined); // observed by whoever races it; never an unhandled rejection
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = (): void => {
      if (received !== undefined) return;
      received = signal;
      reject(new InterruptedError(signal));
    };
    process.on(signal, handler);
    return () => void process.off(signal, handler);
  });
  return { interrupted, signal: () => received, dispose: () => handlers.forEach((off) => off()) };
};

/**
 * After an interrupted run has put the org back and said so, make sure the process ends with the signal's code even
 * if a request of the abandoned work still holds the event loop (unref: never keeps a finished process alive).
 */
export const exitSoonAfterInterrupt = (signal: InterruptSignal, afterMs = 1000): void => {
  // By then the output layer has set the run's code (130/143, or 68 when the setting could not be put back).
  setTimeout(() => process.exit(process.exitCode ?? SIGNAL_EXIT[signal]), afterMs).unref();
};
