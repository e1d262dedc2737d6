/**
 * OAuth scopes as the Metadata API spells them in ExtlClntAppOauthSettings.commaSeparatedOauthScopes
 * (salesforce-eca.md §2.2, [DOC] v67). The OAuth wire names (api, refresh_token, ...) are NOT accepted by a
 * deploy, so the spec refuses them too and names the right token instead.
 */
export const SCOPE_TOKENS = [
  'Basic', 'Api', 'Web', 'Full', 'Chatter', 'CustomApplications', 'RefreshToken', 'OpenID',
  'Profile', 'Email', 'Address', 'Phone', 'OfflineAccess', 'CustomPermissions', 'Wave', 'Eclair', 'Pardot',
  'Lightning', 'Content', 'CDPIngest', 'CDPProfile', 'CDPQuery', 'Chatbot', 'CDPSegment',
  'CDPIdentityResolution', 'CDPCalculatedInsight', 'SFApiPlatform', 'Interaction', 'EinsteinGPT',
  'PwdlessLogin', 'ForgotPassword', 'UserRegistration', 'MCP', 'SCRT',
] as const;

export type ScopeToken = (typeof SCOPE_TOKENS)[number];

/** What each token means on the setup page, for the JSON Schema help text and the README. */
export const SCOPE_LABELS: Readonly<Partial<Record<ScopeToken, string>>> = {
  Basic: 'Access the identity URL service (id, profile, email, address, phone)',
  Api: 'Manage user data via APIs (api)',
  RefreshToken: 'Perform requests at any time (refresh_token, offline_access)',
  OfflineAccess: 'Same as RefreshToken',
  Web: 'Manage user data via Web browsers (web)',
  Full: 'Full access (full)',
  OpenID: 'Access unique user identifiers (openid)',
};

/** OAuth wire names people copy from the setup page, and the token the Metadata API wants instead. */
export const WIRE_NAME_TOKENS: Readonly<Record<string, ScopeToken>> = {
  id: 'Basic',
  profile: 'Profile',
  email: 'Email',
  address: 'Address',
  phone: 'Phone',
  api: 'Api',
  refresh_token: 'RefreshToken',
  offline_access: 'OfflineAccess',
  web: 'Web',
  full: 'Full',
  openid: 'OpenID',
  chatter_api: 'Chatter',
  visualforce: 'CustomApplications',
  custom_permissions: 'CustomPermissions',
  wave_api: 'Wave',
  eclair_api: 'Eclair',
  pardot_api: 'Pardot',
  lightning: 'Lightning',
  content: 'Content',
  mcp_api: 'MCP',
};

/** The token an admin most likely meant by `written`, if any (wire name, or a token in the wrong case). */
export const suggestScopeToken = (written: string): ScopeToken | undefined =>
  WIRE_NAME_TOKENS[written.trim()] ?? SCOPE_TOKENS.find((t) => t.toLowerCase() === written.trim().toLowerCase());
