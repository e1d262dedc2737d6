/** `ren-eca render`: writes the ECA metadata files for the spec into a package directory (default force-app). */
import type { CommandModule } from 'yargs';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { exitCodeHelp } from '../../errors/index.js';

type RenderArgs = GlobalFlags & {
  spec?: string;
  overrides?: string;
  'output-dir': string;
  'api-version'?: string;
  check: boolean;
};

export const renderCommand: CommandModule<GlobalFlags, RenderArgs> = {
  command: 'render',
  describe: 'Render the registration spec into ECA metadata files (source format) under force-app/',
  builder: (y) =>
    y
      .example('$0 render', "render the spec into force-app/")
      .example('$0 render --check', "fail when force-app/ differs from what the spec renders")
      .epilogue(exitCodeHelp())
      .option('spec', { type: 'string', describe: 'Registration spec (default: metadata-templates/ren.registration.json of this tool)' })
      .option('overrides', { type: 'string', describe: 'Tenant overrides JSON (profiles, permissionSets, callbackUrls, contactEmail)' })
      .option('output-dir', { type: 'string', default: 'force-app', describe: 'Package directory to write main/default/... into' })
      .option('api-version', { type: 'string', describe: 'Target Metadata API version (default: sourceApiVersion of sfdx-project.json)' })
      .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 when the files on disk differ from the render' }),
  handler: async (argv) => {
    await runCommand(argv, async (ui) => {
      const { renderProject } = await import('../../project/index.js');
      const result = await renderProject({
        ...(argv.spec === undefined ? {} : { specPath: argv.spec }),
        ...(argv.overrides === undefined ? {} : { overridesPath: argv.overrides }),
        outputDir: argv['output-dir'],
        ...(argv['api-version'] === undefined ? {} : { apiVersion: argv['api-version'] }),
        check: argv.check,
      });
      for (const w of result.warnings) ui.warn(w);
      for (const s of result.staleFiles) ui.warn(`${s} is not produced by the spec (stale); delete it if it is no longer wanted.`);
      return {
        result,
        human: (r: typeof result) => [
          ...r.files.map((f) => `${(argv.check ? (f.status === 'unchanged' ? 'up to date' : f.status) : f.status).padEnd(10)} ${f.path}`),
          argv.check
            ? `${r.outputDir} matches the spec (API ${r.apiVersion}).`
            : r.written
              ? `Rendered ${r.files.length} files for API ${r.apiVersion} into ${r.outputDir} (the spec needs API ${r.requiredApiVersion} or later).`
              : `${r.outputDir} already matches the spec (API ${r.apiVersion}); nothing written.`,
        ],
      };
    });
  },
};
