/**
 * Per-org differences layered on top of the checked-in spec without copying it: which profiles and
 * permission sets are pre-authorized (they differ per org), and optionally the callback URLs and contact
 * email. The rollout's tenants file reuses this schema for each tenant.
 */
import { z } from 'zod';
import { cliError } from '../errors/index.js';
import { callbackUrlSchema } from './callbackUrl.js';
import { ageRecipientsSchema, nameListEntry, noDuplicates, registrationSchema, type Registration } from './registrationSchema.js';
import { formatSpecIssues } from './specIssues.js';

export const tenantOverridesSchema = z
  .object({
    $schema: z.string().optional().describe('Path of a JSON Schema, for editors'),
    profiles: z
      .array(nameListEntry('profiles'))
      .refine(noDuplicates, { error: 'lists a profile twice — remove the duplicate' })
      .optional()
      .describe('Replaces policies.profiles: Profile names as shown in Setup in this org'),
    permissionSets: z
      .array(nameListEntry('permission sets'))
      .refine(noDuplicates, { error: 'lists a permission set twice — remove the duplicate' })
      .optional()
      .describe('Replaces policies.permissionSets: permission set API names in this org'),
    callbackUrls: z
      .array(callbackUrlSchema)
      .min(1, { error: 'is empty — list at least one callback URL, or leave the key out to keep the spec\'s' })
      .optional()
      .describe('Replaces oauth.callbackUrls (e.g. a regional Ren host)'),
    contactEmail: z
      .email({ error: 'is not a valid email address — write an address such as support@example.com' })
      .optional()
      .describe('Replaces app.contactEmail'),
    handoffRecipients: ageRecipientsSchema.optional().describe("Replaces handoff.recipients: Ren's age public keys for this org's hand-off"),
  })
  .strict()
  .describe('Per-org overrides of the Ren registration spec; every key is optional and replaces the spec value');

export type TenantOverrides = z.infer<typeof tenantOverridesSchema>;

/**
 * The registration with the overrides applied, validated again as a whole (e.g. pre-authorization with no
 * profile and no permission set left is refused). `source` names the inputs in the error message.
 */
export const applyTenantOverrides = (
  registration: Registration,
  overrides: TenantOverrides,
  source = 'spec with tenant overrides',
): Registration => {
  const merged = {
    ...registration,
    app: { ...registration.app, ...(overrides.contactEmail === undefined ? {} : { contactEmail: overrides.contactEmail }) },
    oauth: { ...registration.oauth, ...(overrides.callbackUrls === undefined ? {} : { callbackUrls: overrides.callbackUrls }) },
    policies: {
      ...registration.policies,
      ...(overrides.profiles === undefined ? {} : { profiles: overrides.profiles }),
      ...(overrides.permissionSets === undefined ? {} : { permissionSets: overrides.permissionSets }),
    },
    ...(overrides.handoffRecipients === undefined ? {} : { handoff: { recipients: overrides.handoffRecipients } }),
  };
  const parsed = registrationSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = formatSpecIssues(parsed.error.issues);
    throw cliError('SpecInvalid', ['spec', source, problems.length, problems.map((p) => `  - ${p}`).join('\n')], { data: { problems } });
  }
  return parsed.data;
};
