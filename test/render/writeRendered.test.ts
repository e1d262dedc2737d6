import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRendered } from '../../src/project/writeRendered.js';
import { renderRegistration, type RenderedComponent } from '../../src/render/renderRegistration.js';
import { loadRegistration } from '../../src/registration/loadRegistration.js';

describe('writeRendered', () => {
  let components: RenderedComponent[];
  let dir: string;
  before(async () => {
    components = renderRegistration(await loadRegistration(), { apiVersion: '64.0' }).components;
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'write-rendered-'));
  });

  it('creates, then reports unchanged; an edited file is updated; --check compares without writing', async () => {
    const first = await writeRendered(components, dir);
    expect(first.files.map((f) => f.status)).to.deep.equal(['created', 'created', 'created', 'created', 'created']);
    expect(first).to.include({ written: true, differs: true });
    expect((await writeRendered(components, dir)).files.every((f) => f.status === 'unchanged')).to.equal(true);

    const eca = join(dir, 'main/default/externalClientApps/ren.eca-meta.xml');
    await writeFile(eca, 'edited by hand');
    const checked = await writeRendered(components, dir, { check: true });
    expect(checked).to.include({ written: false, differs: true });
    expect(checked.files[0]?.status).to.equal('updated');
    expect(await readFile(eca, 'utf8')).to.equal('edited by hand');

    await writeRendered(components, dir);
    expect(await readFile(eca, 'utf8')).to.equal(components[0]?.contents);
  });

  it('reports ECA files the render does not produce as stale, without deleting them', async () => {
    await writeRendered(components, dir);
    const old = join(dir, 'main/default/externalClientApps/renOld.eca-meta.xml');
    await writeFile(old, '<ExternalClientApplication/>');
    const report = await writeRendered(components, dir, { check: true });
    expect(report.staleFiles).to.deep.equal([old]);
    expect(report.differs).to.equal(true);
    expect(await readFile(old, 'utf8')).to.equal('<ExternalClientApplication/>');
  });

  it('replaces no file when one of them cannot be written (all staged first), and leaves no temp files', async () => {
    await writeRendered(components, dir);
    const before = await Promise.all(components.map((c) => readFile(join(dir, c.relativePath), 'utf8')));
    const changed = components.map((c) => ({ ...c, contents: `${c.contents}<!-- v2 -->\n` }));
    // The last file's folder is an existing regular file, so staging it fails after the others were staged.
    const blocked = { ...changed[0], relativePath: `${components[0]?.relativePath ?? ''}/cannot.eca-meta.xml` } as RenderedComponent;
    await writeRendered([...changed, blocked], dir).then(
      () => expect.fail('expected the write to fail'),
      (e: { name: string; exitCode: number; cause?: NodeJS.ErrnoException }) => {
        expect(e).to.include({ name: 'OutputDirNotWritableError', exitCode: 2 });
        expect(['ENOTDIR', 'EEXIST']).to.include(e.cause?.code);
      },
    );
    expect(await Promise.all(components.map((c) => readFile(join(dir, c.relativePath), 'utf8')))).to.deep.equal(before);
    for (const c of components) {
      const folder = join(dir, c.relativePath, '..');
      expect((await readdir(folder)).filter((f) => f.endsWith('.tmp')), folder).to.deep.equal([]);
    }
  });

  it('a package directory below a regular file: OutputDirNotWritable (exit 2) naming why, nothing written', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const error = await writeRendered(components, join(file, 'force-app')).then(
      () => expect.fail('expected the write to fail'),
      (e: { name: string; exitCode: number; message: string }) => e,
    );
    expect(error).to.include({ name: 'OutputDirNotWritableError', exitCode: 2 });
    expect(error.message).to.match(/a part of that path is a file, not a folder; nothing was written/);
    expect(await readFile(file, 'utf8')).to.equal('x');
  });

  it('writes into a package directory that does not exist yet', async () => {
    const nested = join(dir, 'a/b/force-app');
    await mkdir(join(dir, 'a'));
    expect((await writeRendered(components, nested)).written).to.equal(true);
    expect(await readFile(join(nested, components[4]?.relativePath ?? ''), 'utf8')).to.equal(components[4]?.contents);
  });
});
