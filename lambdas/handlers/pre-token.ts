/**
 * Cognito's pre-token-generation trigger (V2_0, lib/stateless/identity.ts): a person's access
 * token gets the organization and the roles of the user's groups (core/identity/cognito-claims.ts),
 * the same claims the local issuer signs. It reads the event only: no AWS call, no PHI.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { cognitoAccessTokenOverrides } from '#core/identity/cognito-claims.ts';

export const handler = async (
  event: PreTokenGenerationV2TriggerEvent,
): Promise<PreTokenGenerationV2TriggerEvent> => {
  const access = cognitoAccessTokenOverrides({
    groups: event.request.groupConfiguration?.groupsToOverride ?? [],
    attributes: event.request.userAttributes ?? {},
    scopes: event.request.scopes ?? [],
  });
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: access,
      idTokenGeneration: { claimsToAddOrOverride: access.claimsToAddOrOverride },
    },
  };
  return event;
};
