/**
 * Loaded by mocha before any test file (.mocharc.json "require"), so before @salesforce/core is imported.
 * Tests never touch the developer's real ~/.sfdx or ~/.sf, never inherit their SF_* settings, and never
 * talk to a proxy: HOME is a fresh temp dir for the whole run, and the variables below are cleared or set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../support/networkGuard.js';

const inheritedToClear = Object.keys(process.env).filter(
  (k) => /^(SF|SFDX)_/.test(k) || /^(https?|no|all)_proxy$/i.test(k),
);
for (const k of inheritedToClear) delete process.env[k];

export const TEST_HOME = mkdtempSync(join(tmpdir(), 'ren-eca-test-home-'));
process.env.HOME = TEST_HOME;
process.env.USERPROFILE = TEST_HOME;
// The per-user state folder (src/files/stateDir.ts): records such as "secret access left on" never land in the
// developer's real ~/.local/state, and an inherited XDG_STATE_HOME cannot point them there either.
process.env.REN_ECA_STATE_DIR = join(TEST_HOME, 'state');
delete process.env.XDG_STATE_HOME;
process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
process.env.SF_DISABLE_LOG_FILE = 'true';
process.env.SF_DISABLE_TELEMETRY = 'true';
process.env.SF_SKIP_NEW_VERSION_CHECK = 'true';
process.env.SF_DISABLE_AUTOUPDATE = 'true';

process.on('exit', () => rmSync(TEST_HOME, { recursive: true, force: true }));
