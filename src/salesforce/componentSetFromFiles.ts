/**
 * A SDR ComponentSet built from in-memory source files (paths relative to a package dir, e.g.
 * 'main/default/externalClientApps/ren.eca-meta.xml'), through SDR's VirtualTreeContainer: nothing is
 * written to disk and nothing depends on the current directory or an sfdx project.
 */
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { ComponentSet, VirtualTreeContainer } from '@salesforce/source-deploy-retrieve';
import { sharedRegistry } from './sharedRegistry.js';

export type SourceFile = { relativePath: string; contents: string };

/** SDR 12.37's VirtualTreeContainer cannot stream, which the deploy converter needs; the content is in memory anyway. */
class InMemoryTree extends VirtualTreeContainer {
  public override stream(fsPath: string): Readable {
    return Readable.from([this.readFileSync(fsPath)]);
  }
}

/** A fixed, absolute, never-on-disk root for the virtual package directory. */
const VIRTUAL_ROOT = join(sep, 'ren-eca-virtual', 'force-app');

export const componentSetFromFiles = (files: readonly SourceFile[], apiVersion: string): ComponentSet => {
  const dirs = new Map<string, Map<string, Buffer | undefined>>();
  const addChild = (dir: string, name: string, data?: Buffer): void => {
    const children = dirs.get(dir) ?? new Map<string, Buffer | undefined>();
    if (!children.has(name) || data !== undefined) children.set(name, data);
    dirs.set(dir, children);
  };
  for (const file of files) {
    const parts = file.relativePath.split('/').filter((p) => p.length > 0);
    let dir = VIRTUAL_ROOT;
    parts.forEach((part, i) => {
      const isFile = i === parts.length - 1;
      addChild(dir, part, isFile ? Buffer.from(file.contents, 'utf8') : undefined);
      dir = join(dir, part);
    });
  }
  const tree = new InMemoryTree(
    [...dirs.entries()].map(([dirPath, children]) => ({
      dirPath,
      children: [...children.entries()].map(([name, data]) => (data === undefined ? name : { name, data })),
    })),
  );
  // The shared registry also reaches the deploy's converter (MetadataApiDeploy takes the set's registry).
  const set = ComponentSet.fromSource({ fsPaths: [VIRTUAL_ROOT], tree, registry: sharedRegistry() });
  // SDR would otherwise fall back to 58.0, below what ECAs need (salesforce-eca.md §4.2).
  set.sourceApiVersion = apiVersion;
  set.apiVersion = apiVersion;
  return set;
};
