import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

describe('loopback org: npm run local-org', () => {
  it('prints its URL and a login, answers on it, and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const script = fileURLToPath(new URL('../../src/loopback-org/standalone.js', import.meta.url));
    const child = spawn(process.execPath, [script, '--deploy-polls', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1] !== undefined && out.includes('Ctrl-C to stop.')) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    expect(out).to.include('"refreshToken"');
    const versions = (await (await fetch(`${url}/services/data`)).json()) as { version: string }[];
    expect(versions.at(-1)?.version).to.equal('66.0');
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).to.equal(0);
    expect(out).to.include('Stopped. Requests served: {"data:versions":1}');
  });
});
