/**
 * Ren's External Client App registration, in the words of the Salesforce setup pages. This zod schema is the
 * single source of the spec's types, of its validation messages and of the JSON Schema editors use
 * (`npm run schema`). Every object is strict: an unknown key is an error, not silently ignored.
 *
 * Messages are written as "<what is wrong> — <how to fix it>"; formatSpecIssues prefixes the JSON path.
 */
import { z } from 'zod';
import { callbackUrlSchema } from './callbackUrl.js';
import { FIELD_LIMITS, tooLongMessage, type LimitedField } from './fieldLimits.js';
import { SCOPE_LABELS, SCOPE_TOKENS, suggestScopeToken } from './scopeTokens.js';

/**
 * A message for a value of the right JSON type that is still wrong. Missing keys and wrong JSON types keep
 * zod's own issue, which formatSpecIssues turns into "is missing — add it" / "must be a boolean, not string".
 */
const whenPresent = (message: string) => (issue: { code: string }) => (issue.code === 'invalid_type' ? undefined : message);

/**
 * API names: letters, digits and underscores; starts with a letter; no trailing or double underscore
 * (the ECA UI's rule, salesforce-eca.md §1.2 [OBS]). Derived component names (renOauth_defaultPolicy) follow.
 */
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)$/;

/** XML 1.0 cannot carry most control characters; \r would come back as \n. Tab and newline are fine. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const textSchema = z
  .string()
  .min(1, { error: whenPresent('is empty — write a value or remove the key if it is optional') })
  .refine((s) => !FORBIDDEN_CHARACTERS.test(s), {
    error: 'contains a control character Salesforce metadata cannot hold — remove it (tabs and newlines are allowed)',
  });

/** A maximum length from FIELD_LIMITS, with the actual length and the limit's source in the message. */
const maxLength = (field: LimitedField) => <S extends z.ZodString | z.ZodStringFormat>(s: S): S =>
  s.max(FIELD_LIMITS[field].max, { error: (issue) => tooLongMessage(field, typeof issue.input === 'string' ? issue.input.length : Number.NaN) }) as S;

/** Text with a maximum length; the description names the limit and where it comes from. */
const limitedText = (field: LimitedField, description: string) =>
  maxLength(field)(textSchema).describe(`${description}. At most ${FIELD_LIMITS[field].max} characters (${FIELD_LIMITS[field].source})`);

export const httpsUrl = (what: string) =>
  maxLength('url')(z.url({ protocol: /^https$/, error: whenPresent(`must be an absolute https:// URL — write ${what} as https://…`) })).describe(
    `${what}; an absolute https:// URL of at most ${FIELD_LIMITS.url.max} characters`,
  );

export const nameListEntry = (what: string) =>
  textSchema.refine((s) => !s.includes(',') && s.trim() === s, {
    error: `must not contain commas or leading/trailing spaces, because Salesforce stores the ${what} as one comma-separated list — write one name per array entry`,
  });

export const noDuplicates = <T>(items: readonly T[]): boolean => new Set(items).size === items.length;

const scopeSchema = z.enum(SCOPE_TOKENS, {
  error: (issue) => {
    const written = typeof issue.input === 'string' ? issue.input : JSON.stringify(issue.input);
    const suggestion = typeof issue.input === 'string' ? suggestScopeToken(issue.input) : undefined;
    return suggestion === undefined
      ? `"${written}" is not a Metadata API scope token — use one of ${SCOPE_TOKENS.join(', ')}`
      : `"${written}" is not a Metadata API scope token (the Metadata API does not accept OAuth wire names) — write "${suggestion}"`;
  },
}).describe(
  `A Metadata API scope token. ${Object.entries(SCOPE_LABELS)
    .map(([token, label]) => `${token}: ${label}`)
    .join('; ')}.`,
);

export const appSchema = z
  .object({
    name: limitedText('label', 'External Client App Name, shown to users (label), e.g. "Ren"'),
    apiName: maxLength('apiName')(z.string())
      .regex(API_NAME, {
        error: 'is not a valid API name — use letters, digits and single underscores, start with a letter and do not end with an underscore (e.g. "ren")',
      })
      .describe(
        `API Name: the ECA full name and file name; letters, digits and single underscores, starting with a letter; at most ${FIELD_LIMITS.apiName.max} characters (${FIELD_LIMITS.apiName.source})`,
      ),
    contactEmail: maxLength('contactEmail')(z.email({ error: whenPresent('is not a valid email address — write an address such as support@example.com') })).describe(
      `Contact Email (Salesforce requires it); at most ${FIELD_LIMITS.contactEmail.max} characters (${FIELD_LIMITS.contactEmail.source})`,
    ),
    contactPhone: limitedText('contactPhone', 'Contact Phone (optional)').optional(),
    distributionState: z
      .literal('Local', { error: whenPresent('must be "Local" — this tool registers Ren as a Local ECA in each org; packaged ECAs are out of scope') })
      .describe('Distribution State: always "Local" (the app lives in this org only)'),
    infoUrl: httpsUrl('the Info URL'),
    iconUrl: httpsUrl('the Icon URL'),
    logoUrl: httpsUrl('the Logo Image URL'),
    description: limitedText('description', 'Description shown in the External Client App Manager; any text, XML characters are escaped'),
  })
  .strict()
  .describe('Basic information of the External Client App (Setup → External Client App Manager → New)');

export const oauthSchema = z
  .object({
    callbackUrls: z
      .array(callbackUrlSchema)
      .min(1, { error: whenPresent('is empty — list at least one callback URL, e.g. "https://app.rensystems.com/api/salesforce/auth_callback"') })
      .refine(noDuplicates, { error: whenPresent('lists a URL twice — remove the duplicate') })
      .refine((urls) => urls.join('\n').length <= FIELD_LIMITS.callbackUrlsTotal.max, {
        error: `is longer than the ${FIELD_LIMITS.callbackUrlsTotal.max} characters Salesforce allows for all callback URLs together (${FIELD_LIMITS.callbackUrlsTotal.source}) — remove some`,
      })
      .describe('Callback URL(s): where Salesforce sends users after they authorize; matched exactly (mind trailing slashes)'),
    scopes: z
      .array(scopeSchema)
      .min(1, { error: whenPresent('is empty — list the OAuth scopes, e.g. ["Basic", "Api", "RefreshToken"]') })
      .refine(noDuplicates, { error: whenPresent('lists a scope twice — remove the duplicate') })
      .describe('Selected OAuth Scopes, as Metadata API tokens'),
    flows: z
      .object({
        authorizationCodeAndCredentials: z
          .boolean()
          .describe(
            'Flow Enablement → Enable Authorization Code and Credentials Flow. Needs the org switch "Allow Authorization Code and Credentials Flows" (OauthOidcSettings.oAuthCdCrdtFlowEnable).',
          ),
      })
      .strict()
      .describe('Flow Enablement'),
    security: z
      .object({
        requireSecretForWebServerFlow: z.boolean().describe('Security → Require secret for Web Server Flow'),
        requireSecretForRefreshTokenFlow: z.boolean().describe('Security → Require secret for Refresh Token Flow'),
        requirePkce: z.boolean().describe('Security → Require Proof Key for Code Exchange (PKCE) extension for Supported Authorization Flows'),
      })
      .strict()
      .describe('Security'),
  })
  .strict()
  .describe('API (Enable OAuth Settings) → App Settings');

const refreshTokenValidity = {
  period: z.int({ error: whenPresent('must be a whole number — e.g. 365') }).min(1, { error: whenPresent('must be at least 1 — e.g. 365') }).describe('How many units'),
  unit: z.enum(['Hours', 'Days', 'Months'], { error: whenPresent('must be "Hours", "Days" or "Months" — pick one') }).describe('Unit of the period'),
};

export const refreshTokenPolicySchema = z
  .discriminatedUnion(
    'policy',
    [
      z.object({ policy: z.literal('ValidUntilRevoked').describe('Refresh token is valid until revoked') }).strict(),
      z.object({ policy: z.literal('ExpireImmediately').describe('Immediately expire refresh token') }).strict(),
      z.object({ policy: z.literal('ExpireAfter').describe('Expire refresh token after a fixed time'), ...refreshTokenValidity }).strict(),
      z.object({ policy: z.literal('ExpireIfNotUsedFor').describe('Expire refresh token if not used for a time'), ...refreshTokenValidity }).strict(),
    ],
    { error: whenPresent('must have "policy": "ValidUntilRevoked", "ExpireImmediately", "ExpireAfter" or "ExpireIfNotUsedFor" — pick one') },
  )
  .describe('App Authorization → Refresh Token Policy');

export const policiesSchema = z
  .object({
    startPage: z
      .enum(['None', 'OAuth'], { error: whenPresent('must be "None" or "OAuth" — Ren uses "None"') })
      .optional()
      .describe('App Policies → Start page (Ren: "None"); needs API 63.0. Leave it out to keep what the org has'),
    profiles: z
      .array(nameListEntry('profiles'))
      .refine(noDuplicates, { error: whenPresent('lists a profile twice — remove the duplicate') })
      .describe('App Policies → Select Profiles: Profile names as shown in Setup (e.g. "Sales", "System Administrator"); differs per org, override per tenant'),
    permissionSets: z
      .array(nameListEntry('permission sets'))
      .refine(noDuplicates, { error: whenPresent('lists a permission set twice — remove the duplicate') })
      .describe('App Policies → Select Permission Sets: permission set API names; differs per org, override per tenant'),
    permittedUsers: z
      .enum(['AdminApprovedPreAuthorized', 'AllSelfAuthorized'], {
        error: whenPresent(
          'must be "AdminApprovedPreAuthorized" (Admin approved users are pre-authorized) or "AllSelfAuthorized" (All users may self-authorize) — pick one',
        ),
      })
      .describe('OAuth Policies → Plugin Policies → Permitted Users: "AdminApprovedPreAuthorized" = Admin approved users are pre-authorized'),
    refreshTokenPolicy: refreshTokenPolicySchema,
    ipRelaxation: z
      .enum(['Enforce', 'Bypass', 'Bypass_2factor', 'Enforce_RelaxRefresh'], {
        error: whenPresent('must be "Enforce", "Bypass", "Bypass_2factor" or "Enforce_RelaxRefresh" — Ren uses "Enforce"'),
      })
      .describe('OAuth Policies → IP Relaxation: "Enforce" = Enforce IP restrictions (the org default)'),
    sessionLevel: z
      .enum(['STANDARD', 'HIGH_ASSURANCE'], { error: whenPresent('must be "STANDARD" or "HIGH_ASSURANCE" — Ren uses "STANDARD"') })
      .describe('OAuth Policies → Session Policies → Session level required when accessing the app (the org default is STANDARD)'),
  })
  .strict()
  .describe('Policies, set after the app is created (Edit Policies)');

// ---- hand-off sealing (issue 17): Ren's age public keys. Kept as its own block; see src/credentials/sealing.ts.
/** An age X25519 recipient, as `age-keygen` prints it: "age1" + 58 bech32 characters. */
const AGE_X25519_RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/;

export const ageRecipientsSchema = z
  .array(
    z.string().regex(AGE_X25519_RECIPIENT, {
      error: whenPresent('is not an age X25519 public key — write the "age1…" line (62 characters, lower case) that age-keygen prints as "Public key"'),
    }),
  )
  .min(1, { error: whenPresent('is empty — list at least one of Ren\'s age public keys, or leave "handoff" out to write plain hand-offs') })
  .refine(noDuplicates, { error: whenPresent('lists a key twice — remove the duplicate') })
  .describe("Ren's age X25519 public keys (age1…): every hand-off is sealed to them as <name>.json.age; only Ren's identities open it");

export const handoffSchema = z
  .object({ recipients: ageRecipientsSchema })
  .strict()
  .describe('How the credentials are handed to Ren (docs/handoff.md). Leave out for a plain 0600 JSON file');
// ---- end hand-off sealing

export const registrationSchema = z
  .object({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors'),
    app: appSchema,
    oauth: oauthSchema,
    policies: policiesSchema,
    handoff: handoffSchema.optional(),
  })
  .strict()
  .superRefine((registration, ctx) => {
    const { permittedUsers, profiles, permissionSets } = registration.policies;
    if (permittedUsers === 'AdminApprovedPreAuthorized' && profiles.length === 0 && permissionSets.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['policies', 'profiles'],
        message:
          'is empty while permittedUsers is "AdminApprovedPreAuthorized" and no permission set is listed, so nobody could ever authorize Ren — add a profile (e.g. "Sales") or a permission set, for this org in the tenant overrides',
      });
    }
  })
  .describe("Ren's External Client App registration (Ren setup page → Salesforce)");

export type Registration = z.infer<typeof registrationSchema>;
export type RefreshTokenPolicy = z.infer<typeof refreshTokenPolicySchema>;
