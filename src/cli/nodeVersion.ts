/**
 * The Node.js floor, checked before anything else loads: @salesforce/core 9 and SDR 13 need Node 22, and on an
 * older Node they fail while loading with a stack trace that names neither Node nor the fix.
 * Kept free of imports so it runs on any Node that can parse it.
 */
export const MINIMUM_NODE_MAJOR = 22;

/** One sentence saying what is wrong and how to fix it, or undefined when `version` (e.g. "20.19.0") is new enough. */
export const nodeVersionProblem = (version: string, minimumMajor: number = MINIMUM_NODE_MAJOR): string | undefined => {
  const major = Number.parseInt(version.replace(/^v/, '').split('.')[0] ?? '', 10);
  if (Number.isFinite(major) && major >= minimumMajor) return undefined;
  return (
    `ren-eca needs Node ${minimumMajor} or later; you have ${version.replace(/^v/, '')}. ` +
    `Install Node ${minimumMajor} LTS (https://nodejs.org, or \`nvm install ${minimumMajor}\`, or \`npx -y node@${minimumMajor} …\`) ` +
    'and run the command again; the Salesforce CLI needs the same version.'
  );
};
