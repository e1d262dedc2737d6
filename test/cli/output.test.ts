/** The output layer never prints escape sequences that came from the org: human lines are made inert, --json escapes them. */
import { expect } from 'chai';
import { ConsoleUi, runCommand } from '../../src/cli/output.js';
import { cliError } from '../../src/errors/cliError.js';
import { inertTerminalText } from '../../src/cli/terminalText.js';

const HOSTILE = 'ren: \u001b]8;;https://evil.example\u0007click here\u001b]8;;\u0007 \u001b[31mred\u001b[0m\u001b]0;new title\u001b\\\rOVERWRITTEN\u009b2J';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, streams: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } };
};

const failWithOrgText = async (json: boolean) => {
  const c = capture();
  const before = process.exitCode;
  const code = await runCommand({ json }, () => Promise.reject(cliError('DeployFailed', ['app', '0Af000000000001 (Failed)', `  - ${HOSTILE}`])), new ConsoleUi(json, c.streams));
  process.exitCode = before;
  return { code, stdout: c.out.join(''), stderr: c.err.join('') };
};

describe('output: text from the org is printed inert', () => {
  it('human errors: no ESC, no C1 control, no carriage return; the words stay', async () => {
    const run = await failWithOrgText(false);
    expect(run.code).to.equal(1);
    // eslint-disable-next-line no-control-regex
    expect(run.stderr).to.not.match(/[\u001b\u0007\r\u0080-\u009f]/);
    expect(run.stderr).to.include('ren: click here red').and.include('OVERWRITTEN');
    expect(run.stderr).to.not.include('new title');
  });

  it('--json: the message keeps the org text as data, escaped, so stdout holds no raw escape byte', async () => {
    const run = await failWithOrgText(true);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).to.not.match(/[\u001b\u0007\r]/);
    const doc = JSON.parse(run.stdout) as { message: string };
    expect(doc.message).to.include(HOSTILE);
  });

  it('leaves tabs, newlines and ordinary text alone', () => {
    expect(inertTerminalText('a\tb\nc — ü ✓')).to.equal('a\tb\nc — ü ✓');
  });
});
