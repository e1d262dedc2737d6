/**
 * A consumer secret that cannot leak by accident: JSON.stringify, template strings, util.inspect
 * (console.log, chai diffs, mocha failure output) all print "[REDACTED]". Only `reveal()` returns the value;
 * it is called where the user asked for the secret: the hand-off writer, and the pipeline's outcome on `--show-secret`.
 */
import { inspect } from 'node:util';

const REDACTED = '[REDACTED]';

export class Secret {
  readonly #value: string;

  public constructor(value: string) {
    this.#value = value;
  }

  /** The raw value. Call only where the user asked for it (hand-off file, --show-secret, --output -). */
  public reveal(): string {
    return this.#value;
  }

  public toJSON(): string {
    return REDACTED;
  }

  public toString(): string {
    return REDACTED;
  }

  public [inspect.custom](): string {
    return REDACTED;
  }
}

/**
 * How a secret is shown where it must be mentioned (demo, summaries): fully masked, only its length and where it
 * is. No prefix or suffix: a few characters of a secret are already a leak (and narrow a brute force).
 */
export const maskedSecret = (secret: Secret | string, where = 'in the hand-off file'): string =>
  `•••• (${(typeof secret === 'string' ? secret : secret.reveal()).length} characters, ${where})`;
