/**
 * yargs's usage messages, said the way a user of this CLI needs them (pure; the parser's .fail calls it):
 * - an unknown flag is named as it was typed: "--bogus-flag", not "bogus-flag, bogusFlag" (yargs also lists the
 *   camel-case copy it made of a dashed flag);
 * - "Did you mean deploy?" says what it is a guess for: `Unknown command "deploi". Did you mean deploy?`.
 * Any other message is returned as it is.
 */
const camelCase = (name: string): string => name.replace(/-+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** How the user typed an unknown name: a long flag (`--name`, `--name=v`), a short one (`-n`, in `-xn` too), or a word. */
const asTyped = (name: string, argv: readonly string[]): string => {
  if (argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`))) return `--${name}`;
  if (name.length === 1 && argv.some((a) => /^-[a-z]+$/i.test(a) && a.includes(name))) return `-${name}`;
  return name;
};

const unknownArguments = (list: string, argv: readonly string[]): string => {
  const names = list.split(', ');
  const copies = new Set(names.filter((n) => n.includes('-')).map(camelCase));
  const typed = names.filter((n) => !copies.has(n) || n.includes('-')).map((n) => asTyped(n, argv));
  return `Unknown argument${typed.length === 1 ? '' : 's'}: ${typed.join(', ')}`;
};

export const usageMessage = (msg: string, argv: readonly string[]): string => {
  const unknown = /^Unknown arguments?: (.+)$/.exec(msg);
  if (unknown?.[1] !== undefined) return unknownArguments(unknown[1], argv);
  const guess = /^Did you mean (\S+)\?$/.exec(msg);
  const typedCommand = argv.find((a) => !a.startsWith('-'));
  if (guess !== null && typedCommand !== undefined) return `Unknown command "${typedCommand}". ${msg}`;
  return msg;
};
