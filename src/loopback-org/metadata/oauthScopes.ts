/**
 * Scope tokens accepted in ExtlClntAppOauthSettings.commaSeparatedOauthScopes: the list a live deploy error
 * printed (salesforce-eca.md §2.2 [OBS]), which includes every documented token. OAuth wire names such as
 * `api` or `refresh_token` are not accepted.
 */
export const VALID_OAUTH_SCOPES: readonly string[] = [
  'Basic', 'OfflineAccess', 'DataCloudUserClaims', 'Email', 'Address', 'CDPSegment', 'Chatbot', 'CustomApplications',
  'Full', 'Profile', 'CDP', 'CDPProfile', 'RefreshToken', 'Phone', 'PwdlessLogin', 'Interaction', 'Pardot', 'CDPIngest',
  'CDPIdentityResolution', 'CustomPermissions', 'ForgotPassword', 'UserRegistration', 'OpenID', 'Chatter', 'Wave',
  'SFApiPlatform', 'SCRT', 'Web', 'EinsteinGPT', 'Lightning', 'Content', 'CDPCalculatedInsight', 'Eclair', 'Api', 'MCP',
  'CDPQuery',
];

/** "Basic, Api" and "Basic,Api" both deploy (salesforce-eca.md §2.1 [CODE]). */
export const splitCommaList = (value: string): string[] =>
  value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
