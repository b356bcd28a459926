/**
 * What Cognito's pre-token-generation trigger (V2_0) puts into a person's ACCESS token, so that the
 * API reads the same claims from Cognito's tokens as from the local issuer's (claims.ts): the
 * organization from the user's `custom:organizationId`, the roles from the user's groups (one group
 * per role) as `pa-api/<role>` scopes, and any `pa-api/` scope the user's groups do not grant
 * suppressed (the web client may ask for every role's scope). No organization: no claim, and the
 * API answers 401 (principalOfClaims needs one).
 */
import { ORGANIZATION_CLAIM, RESOURCE_SERVER } from './claims.ts';
import { knownRoles } from './roles.ts';

export interface CognitoTokenInput {
  /** The user's groups (event.request.groupConfiguration.groupsToOverride). */
  groups: readonly string[];
  /** The user's attributes (event.request.userAttributes). */
  attributes: Readonly<Record<string, string | undefined>>;
  /** The scopes the token would carry (event.request.scopes). */
  scopes: readonly string[];
}

export interface AccessTokenOverrides {
  claimsToAddOrOverride: Record<string, string>;
  scopesToAdd: string[];
  scopesToSuppress: string[];
}

export function cognitoAccessTokenOverrides(input: CognitoTokenInput): AccessTokenOverrides {
  const granted = knownRoles([...input.groups]).map((role) => `${RESOURCE_SERVER}/${role}`);
  const organizationId = input.attributes[`custom:${ORGANIZATION_CLAIM}`];
  const claims: Record<string, string> = {};
  if (organizationId) claims[ORGANIZATION_CLAIM] = organizationId;
  for (const name of ['email', 'name'] as const) {
    const value = input.attributes[name];
    if (value) claims[name] = value;
  }
  return {
    claimsToAddOrOverride: claims,
    scopesToAdd: granted,
    scopesToSuppress: input.scopes.filter((s) => s.startsWith(`${RESOURCE_SERVER}/`) && !granted.includes(s)),
  };
}
