/**
 * The docs' command lines against the real parser (issue 18): every `ren-eca …` and `npm run <script> -- …` line in
 * README.md and docs/*.md names a command that exists, with flags that command knows, and every `npm run` script
 * exists in package.json. Lines are parsed by the CLI's own yargs parser (src/cli/parser.ts, strict) with a
 * sentinel middleware that runs after yargs' validation and before any handler, so nothing is executed. Also: the
 * README's exit-code table lists exactly the codes of the catalog (src/errors/catalog.ts EXIT_CODE_MEANINGS).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { buildParser } from '../../src/cli/parser.js';
import { EXIT_CODE_MEANINGS } from '../../src/errors/catalog.js';
import { packageRoot } from '../../src/files/packageRoot.js';

const root = packageRoot();
const DOCS = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
const SCRIPTS = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
/** npm scripts that run the CLI with a command already given: `npm run deploy -- …` = `ren-eca deploy …`. */
const CLI_SCRIPTS: Readonly<Record<string, string>> = { deploy: 'deploy', rollout: 'rollout', render: 'render', schema: 'schema' };

/** A line from a shell-ish code block (parsed whole) or an inline `code` mention (its command must exist). */
type DocLine = { file: string; line: number; text: string; inline: boolean };

/** Code blocks that hold commands; a plain ``` block shows file contents (e.g. the sealed format's first line). */
const COMMAND_FENCE = /^\s*```(sh|bash|shell|console|ya?ml)\s*$/;

/** Command text in code blocks and inline code, cut at a pipe, `&&`, `;`, `#` comment or redirection. */
const commandLines = (file: string): DocLine[] => {
  const out: DocLine[] = [];
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  let block: 'none' | 'commands' | 'other' = 'none';
  lines.forEach((raw, i) => {
    if (/^\s*```/.test(raw)) {
      block = block !== 'none' ? 'none' : COMMAND_FENCE.test(raw) ? 'commands' : 'other';
      return;
    }
    if (block === 'other') return;
    const inline = block === 'none';
    const candidates = inline ? [...raw.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '') : [raw];
    for (const c of candidates) {
      for (const part of c.split(/\s(?:\||&&|;|#)\s|\s>\s/)) {
        const m = /(?:^|\s)((?:ren-eca|npm run(?: --silent)?|node dist\/cli\/main\.js)\s.*)$/.exec(part.replace(/\s+#.*$/, '').trim());
        if (m?.[1]) out.push({ file, line: i + 1, text: m[1].trim(), inline });
      }
    }
  });
  return out;
};

/** The argv the CLI would see, or undefined for an npm script that is not the CLI (e.g. `npm run demo`). */
const cliArgv = (text: string): { argv?: string[]; script?: string } => {
  // A CI expression (`${{ matrix.shard }}`) stands for a value.
  const words = text.replace(/\$\{\{[^}]*\}\}/g, '1').split(/\s+/).filter((w) => w !== '' && w !== '--silent');
  if (words[0] === 'ren-eca') return { argv: words.slice(1) };
  if (words[0] === 'node') return { argv: words.slice(2) };
  const script = words[2] ?? '';
  const command = CLI_SCRIPTS[script];
  const rest = words.slice(3);
  const args = rest[0] === '--' ? rest.slice(1) : rest;
  return command === undefined ? { script } : { script, argv: [command, ...args] };
};

class Parsed extends Error {}

/** Parses argv with the real parser; returns yargs' complaint, or undefined when it would run. Runs no handler. */
const parseProblem = async (argv: readonly string[]): Promise<string | undefined> => {
  // Placeholders in docs (<org>, <file>, …) are values; the parser only needs something in their place.
  const args = argv.map((a) => (/^<.*>$/.test(a) || a.includes('…') ? 'x' : a)).filter((a) => a !== '-h' && a !== '--help');
  try {
    await buildParser(args)
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .middleware(() => {
        throw new Parsed('parsed');
      })
      .parseAsync();
    return 'the parser ran no command';
  } catch (e) {
    return e instanceof Parsed ? undefined : (e as Error).message;
  }
};

describe('docs vs the CLI parser', () => {
  const all = DOCS.flatMap(commandLines);

  it('finds the command lines the docs show (so this test can see them)', () => {
    expect(all.length, JSON.stringify(all.slice(0, 5))).to.be.greaterThan(15);
    expect(all.map((l) => l.file)).to.include.members(['README.md']);
  });

  it('every npm script the docs run exists in package.json', () => {
    const missing = all.map((l) => ({ ...l, ...cliArgv(l.text) })).filter((l) => l.script !== undefined && !SCRIPTS.includes(l.script));
    expect(missing.map((l) => `${l.file}:${l.line}: ${l.text}`)).to.deep.equal([]);
  });

  it('every command line in the docs parses: the command exists and each flag is known to it', async () => {
    const problems: string[] = [];
    for (const l of all) {
      const { argv } = cliArgv(l.text);
      if (argv === undefined) continue;
      // An inline mention of a bare command (`ren-eca verify`) names it; its arguments are in the prose around it.
      const problem = await parseProblem(argv);
      if (l.inline && argv.length === 1 && problem !== undefined && /non-option arguments/.test(problem)) continue;
      if (problem !== undefined) problems.push(`${l.file}:${l.line}: ${l.text} → ${problem}`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('can fail: a made-up flag and a made-up command are refused by the same check', async () => {
    expect(await parseProblem(['deploy', '--target-org', 'acme', '--no-such-flag'])).to.match(/Unknown argument/i);
    expect(await parseProblem(['deploi', '--target-org', 'acme'])).to.be.a('string');
    expect(await parseProblem(['deploy', '--target-org', 'acme'])).to.equal(undefined);
  });

  it("the README's exit-code table lists exactly the catalog's exit codes", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('\n## ', readme.indexOf('## Exit codes') + 1));
    const codes = [...section.matchAll(/^\| ([0-9][0-9 /]*) \|/gm)].flatMap((m) => (m[1] ?? '').split('/').map((c) => Number(c.trim())));
    expect(codes.sort((a, b) => a - b)).to.deep.equal(Object.keys(EXIT_CODE_MEANINGS).map(Number).sort((a, b) => a - b));
  });
});
