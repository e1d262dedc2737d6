/**
 * Leaves a saved login for a loopback org in the current HOME's sf auth store, as `sf org login` would:
 * an encrypted `~/.sfdx/<username>.json` with the refresh token, an alias, optionally `target-org`. Afterwards
 * `Org.create({ aliasOrUsername })` works and expired sessions refresh through the org's token endpoint.
 * Run it with HOME pointing at a temp dir (test/helpers/isolation.ts does that for every test).
 */
import { AuthInfo, Config, ConfigAggregator, OrgConfigProperties, StateAggregator } from '@salesforce/core';
import type { LoopbackOrg } from './types.js';

export type LoopbackLoginOptions = { alias?: string; setDefault?: boolean };

export const loginToLoopbackOrg = async (org: LoopbackOrg, options: LoopbackLoginOptions = {}): Promise<string> => {
  // Logging in again as the same user replaces the saved auth, as a fresh `sf org login` does.
  const existing = await StateAggregator.getInstance();
  if (await existing.orgs.hasFile(org.username)) {
    await existing.orgs.read(org.username, false, false);
    await existing.orgs.remove(org.username);
  }
  const authInfo = await AuthInfo.create({
    username: org.username,
    oauth2Options: { loginUrl: org.loginUrl, refreshToken: org.refreshToken, clientId: org.clientId },
  });
  await authInfo.save();
  if (options.alias !== undefined) {
    await existing.aliases.setAndSave(options.alias, org.username);
  }
  if (options.setDefault === true) {
    const config = await Config.create({ isGlobal: true });
    config.set(OrgConfigProperties.TARGET_ORG, options.alias ?? org.username);
    await config.write();
    await ConfigAggregator.clearInstance();
  }
  return org.username;
};
