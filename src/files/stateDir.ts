/**
 * The per-user state folder: records that must outlive a run (e.g. "this run switched an org setting on").
 * $REN_ECA_STATE_DIR wins (tests and admins who want it elsewhere), else $XDG_STATE_HOME/ren-eca (XDG Base
 * Directory spec), else ~/.local/state/ren-eca (the spec's default, also used on macOS and Windows: one place to
 * look, named in the README's troubleshooting section).
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const userStateDir = (env: NodeJS.ProcessEnv = process.env): string => {
  const own = env.REN_ECA_STATE_DIR;
  if (own !== undefined && own !== '') return own;
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec: a relative path there is invalid and must be ignored.
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'ren-eca');
  return join(env.HOME ?? homedir(), '.local', 'state', 'ren-eca');
};
