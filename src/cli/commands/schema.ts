/** `ren-eca schema`: writes the JSON Schema of the registration spec next to the spec, for editors. */
import type { CommandModule } from 'yargs';
import type { GlobalFlags } from '../output.js';
import { runCommand } from '../output.js';
import { exitCodeHelp } from '../../errors/index.js';

type SchemaArgs = GlobalFlags & { output?: string; check: boolean };

export const schemaCommand: CommandModule<GlobalFlags, SchemaArgs> = {
  command: 'schema',
  describe: 'Write the JSON Schema of the registration spec (metadata-templates/ren.registration.schema.json)',
  builder: (y) =>
    y
      .example('$0 schema', "write the registration spec's JSON Schema")
      .epilogue(exitCodeHelp())
      .option('output', { type: 'string', requiresArg: true, describe: 'Where to write it (default: next to the checked-in spec)' })
      .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 when the file differs from the generated schema' }),
  handler: async (argv) => {
    await runCommand(argv, async () => {
      const { writeRegistrationSchema } = await import('../../project/index.js');
      const result = await writeRegistrationSchema({ ...(argv.output === undefined ? {} : { output: argv.output }), check: argv.check });
      return { result, human: (r: typeof result) => [r.written ? `Wrote ${r.path}.` : `${r.path} is up to date.`] };
    });
  },
};
