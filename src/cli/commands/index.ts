/**
 * The command table. Each entry is a thin yargs module in its own file; its handler lazy-imports the
 * modules that do the work, so `--help` and `render` never load @salesforce/core.
 */
import type { CommandModule } from 'yargs';

import type { GlobalFlags } from '../output.js';
import { renderCommand } from './render.js';
import { schemaCommand } from './schema.js';
import { deployCommand } from './deploy.js';
import { rolloutCommand } from './rollout.js';
import { verifyCommand } from './verify.js';
import { statusCommand } from './status.js';
import { rotateCommand } from './rotate.js';
import { removeCommand } from './remove.js';

// Each module declares its own flags; the table only knows they extend the global ones.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandModule<GlobalFlags, any>;

export const COMMANDS: readonly AnyCommand[] = [renderCommand, schemaCommand, deployCommand, rolloutCommand, statusCommand, verifyCommand, rotateCommand, removeCommand];
