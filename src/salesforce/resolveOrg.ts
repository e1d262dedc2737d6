/**
 * Finds the org to work on the way the `sf` CLI does: `--target-org` takes an alias or a username from the
 * sf auth store (~/.sfdx, ~/.sf); without it the configured `target-org` (global or project config, or
 * SF_TARGET_ORG) is used. Makes no changes and, apart from core's API-version lookup, no calls; an expired
 * login shows at the first authenticated call, which preflight maps with `loginErrorFor`.
 */
import { ConfigAggregator, Org, OrgConfigProperties } from '@salesforce/core';
import { loginErrorFor } from './orgErrors.js';

export const resolveOrg = async (aliasOrUsername?: string): Promise<Org> => {
  const name = aliasOrUsername ?? (await configuredTargetOrg());
  try {
    const org = await Org.create({ aliasOrUsername: name });
    // `sf org login access-token` stores the instance URL with a trailing slash; jsforce then asks for
    // '//services/...'. Salesforce tolerates that, stricter servers (proxies, the loopback org) do not.
    const conn = org.getConnection();
    if (conn.instanceUrl.endsWith('/')) conn.instanceUrl = conn.instanceUrl.replace(/\/+$/, '');
    return org;
  } catch (e) {
    throw loginErrorFor(e, { aliasOrUsername: name ?? '<default org>' }) ?? e;
  }
};

/** What `sf` would use without --target-org. */
const configuredTargetOrg = async (): Promise<string | undefined> => {
  const config = await ConfigAggregator.create();
  const value = config.getPropertyValue(OrgConfigProperties.TARGET_ORG);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};
