/**
 * Turns zod issues and JSON syntax errors into the lines of a SpecInvalid error:
 * `<json path>: <what is wrong> — <how to fix it>`. Pure; no I/O.
 */
import type { z } from 'zod';

/** `oauth.callbackUrls[0]`; the document root is `(root)`. */
export const jsonPath = (path: readonly PropertyKey[]): string => {
  const text = path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
  return text === '' ? '(root)' : text;
};

/** Our own messages already carry "— fix"; zod's generic ones get a fix by issue kind. */
const describeIssue = (issue: z.core.$ZodIssue): string[] => {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(
      (key) => `unknown key "${key}" — remove it or fix its spelling (the JSON Schema ren.registration.schema.json lists every allowed key)`,
    );
  }
  if (issue.message.includes(' — ')) return [issue.message];
  if (issue.code === 'invalid_type') {
    // zod 4 leaves the input out of issues; its message ends with "received <type>".
    const received = /received (\w+)/.exec(issue.message)?.[1];
    return received === 'undefined'
      ? ['is missing — add it (the JSON Schema ren.registration.schema.json describes it)']
      : [`must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}, not ${received ?? 'this'} — change the value`];
  }
  return [`${issue.message} — correct the value`];
};

export const formatSpecIssues = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.flatMap((issue) => {
    return describeIssue(issue).map((text, i) => {
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[i] ?? ''] : issue.path;
      return `${jsonPath(path)}: ${text}`;
    });
  });

/** Line and column (1-based) of a character offset. */
const lineColumn = (text: string, offset: number): { line: number; column: number } => {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
};

/**
 * Parses JSON; on a syntax error returns the problem with line and column. Node 20 reports "at position N",
 * Node 22 adds "(line L column C)"; both are reduced to our own line/column so messages match across versions.
 */
export const parseJsonText = (text: string): { ok: true; value: unknown } | { ok: false; problem: string } => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message)?.[1];
    const { line, column } = lineColumn(text, position === undefined ? text.length : Number(position));
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    return {
      ok: false,
      problem: `line ${line}, column ${column}: malformed JSON (${reason}) — fix the syntax there (quotes around keys and strings, commas between entries, no trailing comma)`,
    };
  }
};
