/**
 * `render`: spec (+ overrides) → rendered files → package directory. Wires the pure renderer to the disk.
 * Nothing is written unless the spec is valid and the whole render succeeded.
 */
import { cliError } from '../errors/index.js';
import { renderRegistration, type RenderedComponent } from '../render/index.js';
import { requiredApiVersion } from '../render/index.js';
import { loadRegistration } from '../registration/index.js';
import { projectApiVersion } from '../files/index.js';
import { writeRendered, type RenderedFileStatus } from './writeRendered.js';

export type RenderProjectOptions = {
  specPath?: string;
  overridesPath?: string;
  /** Package directory; default 'force-app' in the current directory. */
  outputDir?: string;
  /** Default: sourceApiVersion of sfdx-project.json. */
  apiVersion?: string;
  /** Compare only; RenderedFilesOutdated (exit 1) when the directory differs. */
  check?: boolean;
};

export type RenderProjectResult = {
  outputDir: string;
  apiVersion: string;
  /** The lowest API version that carries this spec unchanged (what an org must support). */
  requiredApiVersion: string;
  files: RenderedFileStatus[];
  staleFiles: string[];
  written: boolean;
  components: Pick<RenderedComponent, 'type' | 'fullName' | 'phase'>[];
  warnings: string[];
};

export const DEFAULT_OUTPUT_DIR = 'force-app';

export const renderProject = async (options: RenderProjectOptions): Promise<RenderProjectResult> => {
  const registration = await loadRegistration({
    ...(options.specPath === undefined ? {} : { specPath: options.specPath }),
    ...(options.overridesPath === undefined ? {} : { overridesPath: options.overridesPath }),
  });
  const apiVersion = options.apiVersion ?? (await projectApiVersion());
  if (apiVersion === undefined) {
    throw cliError('ApiVersionInvalid', ['(none)', 'no --api-version was given and sfdx-project.json has no sourceApiVersion']);
  }
  const { components, warnings } = renderRegistration(registration, { apiVersion });
  const outputDir = options.outputDir ?? DEFAULT_OUTPUT_DIR;
  const report = await writeRendered(components, outputDir, { check: Boolean(options.check) });
  const { files } = report;
  if (options.check && report.differs) {
    const lines = [
      ...files.filter((f) => f.status !== 'unchanged').map((f) => `  - ${f.path}: ${f.status === 'created' ? 'missing' : 'differs'}`),
      ...report.staleFiles.map((p) => `  - ${p}: not produced by the spec (stale; delete it if it is no longer wanted)`),
    ];
    throw cliError('RenderedFilesOutdated', [outputDir, lines.length, lines.join('\n')], { data: { files, staleFiles: report.staleFiles } });
  }
  return {
    outputDir,
    apiVersion,
    requiredApiVersion: requiredApiVersion(registration),
    files,
    staleFiles: report.staleFiles,
    written: report.written,
    components: components.map(({ type, fullName, phase }) => ({ type, fullName, phase })),
    warnings,
  };
};
