/** Temp folders and tenants files for rollout tests. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Workspace = { dir: string; stateDir: string; outputDir: string; file(name: string, text: string): Promise<string>; cleanup(): Promise<void> };

export const workspace = async (): Promise<Workspace> => {
  const dir = await mkdtemp(join(tmpdir(), 'ren-rollout-'));
  return {
    dir,
    stateDir: join(dir, 'state'),
    outputDir: join(dir, 'handoff'),
    async file(name, text) {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
};

/** A CSV tenants file with tenants t01..tNN on orgs org01..orgNN. */
export const csvFor = (ids: readonly string[], extra: (id: string) => string = () => ''): string =>
  ['tenant,org,profiles', ...ids.map((id) => `${id},org-${id},${extra(id)}`)].join('\n') + '\n';

export const tenantIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);

export const aliasesFor = (ids: readonly string[]): Record<string, string> => Object.fromEntries(ids.map((id) => [`org-${id}`, `admin@${id}.example.com`]));
