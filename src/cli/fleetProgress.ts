/** How a fleet command shows progress: nothing under --json, a live table on a terminal, else one line per event. */
import { lineProgress, silentProgress, terminalProgress, type ProgressDisplay } from '../fleet/index.js';
import type { ConsoleUi } from './output.js';

export const fleetProgressFor = (ui: ConsoleUi): ((total: number) => ProgressDisplay) => {
  if (ui.json) return () => silentProgress;
  if (process.stderr.isTTY) return (total) => terminalProgress(total, process.stderr);
  return (total) => lineProgress(total, (line) => ui.info(line));
};
