/**
 * Every error the tool can raise, as data: message template, the actions that fix it, and the exit code.
 * Add a row here instead of throwing ad-hoc errors; `cliError` turns a row into an SfError.
 * `%s` tokens are filled in order. Messages must never contain secrets.
 */
export type ErrorEntry = {
  readonly message: string;
  readonly actions: readonly string[];
  readonly exitCode: ExitCode;
};

/** Documented exit codes (README "Exit codes"). Same numbers as the sf CLI where the meaning is the same. */
export const EXIT_CODES = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** `status` only: drift, Ren missing, or secret access left on (cli-contract.md). */
  drift: 3,
  internal: 10,
  partial: 68,
  stillRunning: 69,
  /** SIGINT / SIGTERM, after the org's secret access was put back (the shell's 128 + signal number). */
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** What each exit code means (../shared/reference/cli-contract.md); every command's --help shows this table. */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCode, string>> = {
  [EXIT_CODES.ok]: 'done as asked',
  [EXIT_CODES.failed]: 'failed; the org is as it was (or could not be checked: login expired, org unreachable, token endpoint error)',
  [EXIT_CODES.usage]: 'bad input (flags, spec, tenants file, hand-off file, target path); nothing touched',
  [EXIT_CODES.drift]: '`status` only: drift, Ren missing, or secret access left on',
  [EXIT_CODES.internal]: 'internal error (a bug): rerun with --debug and report it',
  [EXIT_CODES.partial]: 'the org was changed but the run did not finish as asked: partly deployed, a setting the org did not take, secret access left on (fleet: some tenants succeeded, some failed)',
  [EXIT_CODES.stillRunning]: 'still running or not yet known: a deploy still running after --wait (rerun to continue it), or the token endpoint does not know the new app yet (run verify later)',
  [EXIT_CODES.interrupted]: 'interrupted by SIGINT (Ctrl-C), after putting the org\'s secret access back',
  [EXIT_CODES.terminated]: 'terminated by SIGTERM, after putting the org\'s secret access back',
};

/** The exit-code table of --help, generated from the catalog: each code, its meaning, and the errors that exit with it. */
export const exitCodeHelp = (): string => {
  const errorsOf = (code: ExitCode): string[] => Object.entries(ERRORS).filter(([, e]) => e.exitCode === code).map(([name]) => name);
  const rows = Object.entries<string>(EXIT_CODE_MEANINGS).map(([code, meaning]) => {
    const names = errorsOf(Number(code) as ExitCode);
    return `  ${code.padStart(3)}  ${meaning}${names.length > 0 ? ` [${names.join(', ')}]` : ''}`;
  });
  return ['Exit codes:', ...rows].join('\n');
};

export const ERRORS = {
  Usage: {
    message: '%s',
    actions: ['Run the command with --help to see its flags.'],
    exitCode: EXIT_CODES.usage,
  },
  Internal: {
    message: 'Internal error: %s',
    actions: ['Rerun with --debug and report the stack trace to the Ren tooling team.'],
    exitCode: EXIT_CODES.internal,
  },
  // deploy (src/org, src/deploy, src/credentials, src/provision): org resolution, preflight, deploy, read-back, hand-off.
  NoTargetOrg: {
    message: 'No org given: pass --target-org <alias or username>, or set a default org for the Salesforce CLI.',
    actions: ['Log in once with: sf org login web --alias <alias> --set-default', 'Or name the org: --target-org <alias or username>'],
    exitCode: EXIT_CODES.usage,
  },
  UnknownOrg: {
    message: 'No Salesforce CLI login found for "%s" in this computer\'s sf auth store.',
    actions: ['See the logins you have with: sf org list'],
    exitCode: EXIT_CODES.usage,
  },
  ExpiredLogin: {
    message: 'The login for %s has expired or was revoked (%s).',
    actions: [],
    exitCode: EXIT_CODES.failed,
  },
  OrgUnreachable: {
    message: 'Could not reach the org %s (%s).',
    actions: ['Check your network or VPN, then rerun.'],
    exitCode: EXIT_CODES.failed,
  },
  PreflightFailed: {
    message: 'Nothing was changed: the org %s is not ready for Ren (%s problem(s)):\n%s',
    actions: [],
    exitCode: EXIT_CODES.failed,
  },
  /** Only for a deploy that FINISHED unsuccessfully (Failed, Canceled): an unfinished one is DeployStillRunning, never "rejected". */
  DeployFailed: {
    message: 'Salesforce rejected the %s deploy %s; the org rolled it back:\n%s',
    actions: ['Fix the spec or the org as the problems above say, then rerun.'],
    exitCode: EXIT_CODES.failed,
  },
  DeployPartial: {
    message: 'Ren is only partly registered in %s: %s',
    actions: ['Fix the problem above and rerun the same command; it updates the org in place.'],
    exitCode: EXIT_CODES.partial,
  },
  /** The end-state check (issue 11): the deploys succeeded, but the org does not hold what the spec sets. */
  EndStateMismatch: {
    message: 'The org %s did not take every setting of the spec: after the deploys, %s field(s) differ (what the org holds → what the spec sets):\n%s',
    actions: [
      'The deploys succeeded, so the org is changed, but Ren is not registered as specified. Set the fields above by hand in Setup → External Client App Manager → Ren (Edit Settings / Edit Policies), or fix what makes the org drop them (an org setting, a permission), then rerun the same command: it checks again.',
    ],
    exitCode: EXIT_CODES.partial,
  },
  /** The org switch deploy succeeded, but the org still reports the switch off (issue 11). */
  OrgSettingNotTaken: {
    message: 'The org %s did not switch on %s: it reads back %s after %s. Nothing else was changed.',
    actions: [],
    exitCode: EXIT_CODES.failed,
  },
  DeployStillRunning: {
    message: 'The %s deploy %s was still running when --wait ran out (%s minute(s)).',
    actions: ['Rerun the same command with a longer --wait; it picks up where this run stopped.'],
    exitCode: EXIT_CODES.stillRunning,
  },
  CredentialsUnavailable: {
    message: 'Ren is registered in %s, but its credentials could not be read: %s',
    actions: ['Salesforce can take a few minutes to issue new credentials: rerun the same command later (nothing is deployed again).'],
    exitCode: EXIT_CODES.failed,
  },
  SecretNotReadable: {
    message: 'Ren is registered in %s with consumer key %s, but its consumer secret was not read: %s',
    actions: [],
    exitCode: EXIT_CODES.failed,
  },
  // the secret-access switch (src/salesforce/secretAccess): every way out says what the setting is now.
  SecretAccessNotSwitchedOn: {
    message: 'Ren is registered in %s, but REST access to consumer secrets could not be switched on for the read-back (%s); %s. The consumer secret was not read.',
    actions: ['Rerun the same command (nothing is deployed again); or copy the secret by hand in Setup → Apps → External Client Apps → External Client App Manager.'],
    exitCode: EXIT_CODES.failed,
  },
  SecretAccessLeftOn: {
    message: 'REST access to consumer secrets is still switched ON in %s: this run switched it on for the read-back and could not switch it off (%s). %s',
    actions: ['Rerun the same command: it finds the record this run left and switches the setting off (and says so).'],
    exitCode: EXIT_CODES.partial,
  },
  Interrupted: {
    message: 'Interrupted (SIGINT) during the read-back in %s: %s',
    actions: ['Rerun the same command; it picks up what is already done.'],
    exitCode: EXIT_CODES.interrupted,
  },
  Terminated: {
    message: 'Terminated (SIGTERM) during the read-back in %s: %s',
    actions: ['Rerun the same command; it picks up what is already done.'],
    exitCode: EXIT_CODES.terminated,
  },
  OrgRequestFailed: {
    message: 'The org %s refused or failed a request (%s): %s',
    actions: ['Rerun the same command: it picks up what is already done. If it keeps failing, rerun with --debug and check Setup → Deployment Status.'],
    exitCode: EXIT_CODES.failed,
  },
  HandoffOtherOrg: {
    message: 'Refusing to overwrite %s: %s. Ren is registered; only the file is missing.',
    actions: ['Choose another file with --output <file>, or move the existing file away.'],
    exitCode: EXIT_CODES.failed,
  },
  HandoffTargetRefused: {
    message: 'Nothing was changed in the org: the hand-off cannot be written there, because %s.',
    actions: [],
    exitCode: EXIT_CODES.usage,
  },
  HandoffNotWritable: {
    message: 'Could not write the hand-off file in %s (%s). Ren is registered; only the file is missing.',
    actions: ['Choose a writable path with --output <file> and rerun (nothing is deployed again).'],
    exitCode: EXIT_CODES.failed,
  },
  // hand-off files (src/credentials/handoffFile.ts) and `verify`: a file that cannot be used is bad input (exit 2).
  HandoffFileInvalid: {
    message: 'Cannot use the hand-off file %s: %s.',
    actions: ['Pass the hand-off file ren-eca deploy or rollout wrote (ren-credentials/<orgId>.json or .json.age), unchanged.'],
    exitCode: EXIT_CODES.usage,
  },
  HandoffNeedsIdentity: {
    message: 'The hand-off file %s is sealed to Ren\'s public key; its secret can only be read with Ren\'s age identity.',
    actions: ['Pass the age identity file that belongs to one of the recipients in the file\'s header: --identity <file> (docs/handoff.md).'],
    exitCode: EXIT_CODES.usage,
  },
  HandoffWrongIdentity: {
    message: 'The identity given with --identity cannot open the sealed hand-off %s: the file was sealed to other recipients.',
    actions: ['Use the identity whose public key (age1…) is listed under "recipients" in the file\'s header.'],
    exitCode: EXIT_CODES.usage,
  },
  IdentityFileInvalid: {
    message: 'Cannot use the --identity file: %s.',
    actions: ['Pass an age identity file as age-keygen writes it (a line AGE-SECRET-KEY-1…); docs/handoff.md shows how Ren makes one.'],
    exitCode: EXIT_CODES.usage,
  },
  VerifyInputInvalid: {
    message: '%s of %s hand-off file(s) cannot be used; nothing was sent to any org:\n%s',
    actions: ['Fix or drop the files listed above and run verify again.'],
    exitCode: EXIT_CODES.usage,
  },
  // rollout (src/fleet): problems found before any org is touched are usage errors (exit 2).
  TenantsFileUnreadable: {
    message: 'Cannot read the tenants file %s: %s.',
    actions: ['Pass a .csv or .json tenants file to --tenants (format: README "Rolling out to many orgs").'],
    exitCode: EXIT_CODES.usage,
  },
  TenantsInvalid: {
    message: 'The tenants file %s has %s; no org was touched:\n%s',
    actions: ['Fix every listed entry (README "Rolling out to many orgs" describes the columns) and run the same command again.'],
    exitCode: EXIT_CODES.usage,
  },
  ShardInvalid: {
    message: 'Invalid --shard "%s": %s.',
    actions: ['Use --shard i/n with 1 <= i <= n, e.g. --shard 2/4 for the second of four machines.'],
    exitCode: EXIT_CODES.usage,
  },
  RolloutStateLocked: {
    message: 'The state directory %s is in use by another rollout (process %s on %s).',
    actions: ['Wait for that rollout to finish, or give this one its own --state directory.'],
    exitCode: EXIT_CODES.failed,
  },
  RolloutStateInvalid: {
    message: 'The rollout state file %s is not valid: %s.',
    actions: ['Delete that file to run its tenant again from the start (the org and its app are left as they are).'],
    exitCode: EXIT_CODES.failed,
  },
  RolloutInterrupted: {
    message: 'The rollout stopped while this tenant was at "%s"%s.',
    actions: ['Run the same rollout command again; it continues this tenant where it stopped.'],
    exitCode: EXIT_CODES.failed,
  },
  RolloutReportInvalid: {
    message: 'Cannot merge the rollout reports: %s.',
    actions: ['Pass the report.*.jsonl files (or --state directories) written by `rollout` runs over the same tenants file.'],
    exitCode: EXIT_CODES.usage,
  },
  // rotate and remove (src/provision/lifecycle, src/salesforce/stagedCredentials.ts, src/salesforce/appParts.ts).
  RenNotInOrg: {
    message: 'Ren (%s) is not registered in %s: there is nothing to %s.',
    actions: ['Check --target-org and the app name; register Ren first with: ren-eca deploy --target-org <org>'],
    exitCode: EXIT_CODES.failed,
  },
  AppConsumerAmbiguous: {
    message: 'The app %s in %s has %s OAuth consumers and none matches the hand-off file\'s consumer key; nothing was changed.',
    actions: ['Pass the hand-off file Ren uses now (--output <file>), so the tool rotates the consumer Ren holds.'],
    exitCode: EXIT_CODES.failed,
  },
  StagedCredentialsUnsupported: {
    message: 'The org %s cannot stage credentials for %s: %s. Nothing was changed.',
    actions: ['Staged credentials need API 65.0 or later and a Local External Client App. Rotate by hand in Setup → External Client App Manager → the app → Settings → OAuth Settings.'],
    exitCode: EXIT_CODES.failed,
  },
  StagedCredentialsRefused: {
    message: 'The org %s refused staged credentials for %s: %s.',
    actions: [
      'Staged credentials show secrets: the org needs "Allow access to External Client App consumer secrets via REST API" on while the tool runs, and the user needs the View Client Secret and External Client App Developer permissions.',
    ],
    exitCode: EXIT_CODES.failed,
  },
  StagedCredentialsFailed: {
    message: 'The org %s failed a staged-credentials request for %s (%s): %s',
    actions: ['Rerun the same command: it finds what the org already holds and continues from there.'],
    exitCode: EXIT_CODES.failed,
  },
  RotationNotFinished: {
    message: 'An earlier rotation in %s is not finished: the previous pair (consumer key %s) still works next to the current one. A new rotation would need its slot; nothing was changed.',
    actions: [
      'Once Ren uses the current pair, finish the earlier rotation: ren-eca rotate --target-org <org> --finish (it revokes the previous pair), then rotate again.',
      'If an interrupted rotate left Ren with the previous pair, rerun rotate with the hand-off file that holds it (--output <file>): it hands off the current pair without changing the org.',
    ],
    exitCode: EXIT_CODES.failed,
  },
  RotationIncomplete: {
    message: 'The rotation in %s did not finish as asked: %s',
    actions: ['Rerun the same command: it continues with the staged pair the org already holds and never creates a second one.'],
    exitCode: EXIT_CODES.partial,
  },
  FinishWouldLockOut: {
    message: 'Refusing to finish the rotation in %s: the hand-off file still holds the previous pair (consumer key %s), which --finish would revoke. Nothing was changed.',
    actions: ['Run ren-eca rotate --target-org <org> first: it hands off the current pair; give it to Ren, then run --finish.'],
    exitCode: EXIT_CODES.failed,
  },
  RemoveFailed: {
    message: 'Salesforce rejected the removal of %s from %s (deploy %s); the org rolled it back and still holds it:\n%s',
    actions: ['Fix what the problems above name (or remove the app in Setup → External Client App Manager), then rerun.'],
    exitCode: EXIT_CODES.failed,
  },
  RemoveIncomplete: {
    message: 'The removal of %s from %s did not finish as asked: %s',
    actions: ['Rerun the same command: it removes what is left.'],
    exitCode: EXIT_CODES.partial,
  },
  StagedNeedsSecretAccess: {
    message: 'REST access to consumer secrets is off in %s and --no-secret-toggle forbids switching it on, but staged credentials need it; nothing was changed.',
    actions: ['Rerun without --no-secret-toggle (the tool switches it on for the staged calls only and off right after), or switch it on by hand: Setup → External Client App Settings → "Allow access to External Client App consumer secrets via REST API".'],
    exitCode: EXIT_CODES.failed,
  },
  RemoveNeedsConfirmation: {
    message: 'remove deletes Ren from %s and revokes every token issued to it, and there is no terminal to ask for confirmation; nothing was changed.',
    actions: ['Pass --yes to confirm without a prompt (scripts, CI), or --dry-run to see what would be removed.'],
    exitCode: EXIT_CODES.usage,
  },
  RemoveDeclined: {
    message: 'Not confirmed: Ren stays in %s; nothing was changed.',
    actions: ['Run remove again and answer "yes", or pass --yes.'],
    exitCode: EXIT_CODES.failed,
  },
  HandoffKeyUnknown: {
    message: 'Cannot tell which consumer key Ren holds from %s: %s.',
    actions: ['Pass the hand-off file Ren uses now with --output <file> (and --identity <file> for a sealed one), or move the unreadable file away.'],
    exitCode: EXIT_CODES.usage,
  },
  HandoffNotRenamed: {
    message: 'Ren is out of %s, but the hand-off file %s could not be renamed (%s); it holds credentials that no longer work.',
    actions: ['Delete or rename that file by hand so nobody mistakes it for working credentials.'],
    exitCode: EXIT_CODES.partial,
  },
  // spec and render (src/registration, src/render, src/project): bad input is a usage error (exit 2).
  SpecInvalid: {
    message: 'The %s %s is invalid (%s problem(s)); nothing was written:\n%s',
    actions: ['Fix each field listed above; metadata-templates/ren.registration.schema.json describes every field (editors autocomplete it).'],
    exitCode: EXIT_CODES.usage,
  },
  ApiVersionInvalid: {
    message: 'Invalid API version "%s": %s.',
    actions: ['Write the version as <major>.0, e.g. --api-version 64.0, or set sourceApiVersion in sfdx-project.json.'],
    exitCode: EXIT_CODES.usage,
  },
  ApiVersionUnsupported: {
    message: 'API version %s cannot register Ren: %s',
    actions: ['Target a newer API version (--api-version, or sourceApiVersion in sfdx-project.json), or change the spec as described above.'],
    exitCode: EXIT_CODES.usage,
  },
  MetadataFileInvalid: {
    message: 'The metadata file %s cannot be read: %s.',
    actions: ['Fix or remove that file (retrieve it again from the org if it came from there).'],
    exitCode: EXIT_CODES.usage,
  },
  OutputDirNotWritable: {
    message: 'Cannot use %s as the folder of the rendered files: %s; nothing was written.',
    actions: ['Choose a folder you can write to with --output-dir <folder> (default: force-app).'],
    exitCode: EXIT_CODES.usage,
  },
  RenderedFilesOutdated: {
    message: 'The files in %s differ from what the spec renders (%s file(s)):\n%s',
    actions: ['Run "npm run render" and commit the result.'],
    exitCode: EXIT_CODES.failed,
  },
} as const satisfies Record<string, ErrorEntry>;
