/**
 * `npm run local-org`: a loopback Salesforce org on 127.0.0.1 for trying the CLI by hand. Prints its URL and a
 * ready-to-use login; stops cleanly on Ctrl-C. Nothing is saved unless --login is given, which writes a real
 * saved auth (like `sf org login`) into the current HOME's ~/.sfdx under the alias given.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { startLoopbackOrg } from './index.js';

const argv = await yargs(hideBin(process.argv))
  .scriptName('npm run local-org --')
  .usage('$0 [options]\n\nRuns an emulated Salesforce org on 127.0.0.1 until Ctrl-C.')
  .options({
    port: { type: 'number', default: 0, describe: 'Port on 127.0.0.1 (0 = any free port)' },
    'org-id': { type: 'string', describe: "18-character org id (00D…); default a fixed one" },
    'my-domain': { type: 'string', default: 'loopback', describe: 'My Domain name the org reports' },
    sandbox: { type: 'boolean', default: false, describe: 'Report the org as a sandbox' },
    'max-api-version': { type: 'string', default: '66.0', describe: 'Highest API version the org speaks' },
    'secrets-api': { type: 'boolean', default: false, describe: 'Start with enableClientSecretInRestApiAccess on (Salesforce default: off)' },
    'code-cred-flow': { type: 'boolean', default: false, describe: 'Start with oAuthCdCrdtFlowEnable on (default: off)' },
    'deploy-polls': { type: 'number', default: 0, describe: 'InProgress answers before each deploy finishes' },
    'job-ms': { type: 'number', default: 0, describe: 'Wall time each deploy/retrieve takes in the org, in ms (a real org: about 1000-3000)' },
    login: { type: 'string', describe: 'Save a login for this org under this alias in ~/.sfdx (like sf org login)' },
  })
  .strict()
  .help()
  .parse();

const org = await startLoopbackOrg({
  port: argv.port,
  ...(argv['org-id'] === undefined ? {} : { orgId: argv['org-id'] }),
  myDomain: argv['my-domain'],
  isSandbox: argv.sandbox,
  maxApiVersion: argv['max-api-version'],
  orgSettings: { enableClientSecretInRestApiAccess: argv['secrets-api'], oAuthCdCrdtFlowEnable: argv['code-cred-flow'] },
  faults: { deployInProgressPolls: argv['deploy-polls'], jobDurationMs: argv['job-ms'] },
});

console.log(`Loopback Salesforce org listening on ${org.instanceUrl}`);
console.log(`  org id     ${org.orgId}`);
console.log(`  username   ${org.username}`);
console.log(`  API        up to v${org.maxApiVersion}; consumer secrets via REST ${argv['secrets-api'] ? 'ON' : 'OFF (deploy ExternalClientApp settings to turn on)'}`);
if (argv.login !== undefined) {
  // Loaded only when asked: @salesforce/core takes about a second to load.
  const { Lifecycle } = await import('@salesforce/core');
  Lifecycle.getInstance().onWarning(async () => Promise.resolve());
  const { loginToLoopbackOrg } = await import('./login.js');
  await loginToLoopbackOrg(org, { alias: argv.login });
  console.log(`\nSaved a login as alias '${argv.login}' in ${process.env.HOME ?? '~'}/.sfdx: use --target-org ${argv.login}`);
} else {
  console.log('\nReady-to-use login (refresh-token flow, what @salesforce/core saves):');
  console.log(JSON.stringify({ loginUrl: org.loginUrl, instanceUrl: org.instanceUrl, username: org.username, clientId: org.clientId, refreshToken: org.refreshToken }, undefined, 2));
  console.log(`\nOr with an access token:  SF_ACCESS_TOKEN='${org.accessToken}' sf org login access-token --instance-url ${org.instanceUrl} --no-prompt`);
  console.log('Or rerun with --login <alias> to save a login in ~/.sfdx.');
}
console.log('\nCtrl-C to stop.');

const stop = (): void => {
  const counts = org.counts();
  void org.stop().then(() => {
    console.log(`\nStopped. Requests served: ${JSON.stringify(counts)}`);
    process.exit(0);
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
