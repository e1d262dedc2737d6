/**
 * Which orgs the sf CLI auth store knows, without any network call: aliases from the alias file and one
 * auth file per username (`~/.sfdx/<username>.json`), exactly what `Org.create` would later use.
 * Lets the rollout name every unknown org up front, before any org is touched.
 */
export type OrgDirectory = {
  /** The username an alias or username stands for, or undefined when it has no saved authorization. */
  resolveUsername(aliasOrUsername: string): Promise<string | undefined>;
};

export const sfAuthStoreDirectory = async (): Promise<OrgDirectory> => {
  const { StateAggregator } = await import('@salesforce/core');
  StateAggregator.clearInstance(); // read the store as it is now, not as an earlier call cached it
  const state = await StateAggregator.getInstance();
  return {
    async resolveUsername(aliasOrUsername) {
      const username = state.aliases.resolveUsername(aliasOrUsername);
      return (await state.orgs.hasFile(username)) ? username : undefined;
    },
  };
};
