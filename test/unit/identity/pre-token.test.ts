/**
 * Cognito's pre-token trigger: the access token of a person carries the organization and the roles
 * of the user's groups, and the API reads the same caller from it as from a local issuer's token.
 */
import { describe, expect, it } from 'vitest';
import { principalOfClaims } from '#core/identity/claims.ts';
import { cognitoAccessTokenOverrides } from '#core/identity/cognito-claims.ts';
import { handler } from '#handlers/pre-token.ts';

const attributes = {
  sub: 'b1f0c2a4-user',
  email: 'pat@example.org',
  name: 'Pat Doe',
  'custom:organizationId': 'org-riverside',
};

describe('the access token overrides', () => {
  it('adds the organization, e-mail and name, and the scopes of the groups that are roles', () => {
    expect(
      cognitoAccessTokenOverrides({
        groups: ['staff', 'billing', 'not-a-role'],
        attributes,
        scopes: ['openid', 'email', 'pa-api/viewer', 'pa-api/admin', 'pa-api/staff'],
      }),
    ).toEqual({
      claimsToAddOrOverride: { organizationId: 'org-riverside', email: 'pat@example.org', name: 'Pat Doe' },
      scopesToAdd: ['pa-api/staff', 'pa-api/billing'],
      scopesToSuppress: ['pa-api/viewer', 'pa-api/admin'],
    });
  });

  it('adds no organization when the user has none, nor any role without a group', () => {
    expect(
      cognitoAccessTokenOverrides({ groups: [], attributes: { sub: 'x' }, scopes: ['pa-api/admin'] }),
    ).toEqual({
      claimsToAddOrOverride: {},
      scopesToAdd: [],
      scopesToSuppress: ['pa-api/admin'],
    });
  });

  it('makes a token the API reads as the user, of the organization, with the roles', () => {
    const { claimsToAddOrOverride, scopesToAdd } = cognitoAccessTokenOverrides({
      groups: ['viewer'],
      attributes,
      scopes: [],
    });
    const token = {
      sub: attributes.sub,
      client_id: 'web-client',
      scope: scopesToAdd.join(' '),
      ...claimsToAddOrOverride,
    };
    expect(principalOfClaims(token)).toEqual({
      actorType: 'user',
      actorId: attributes.sub,
      organizationId: 'org-riverside',
      roles: ['viewer'],
    });
  });
});

describe('the trigger', () => {
  it('answers the V2_0 event with the access and id token overrides', async () => {
    const event = {
      version: '2',
      triggerSource: 'TokenGeneration_HostedAuth',
      request: {
        userAttributes: attributes,
        groupConfiguration: { groupsToOverride: ['admin'] },
        scopes: ['openid'],
      },
      response: { claimsAndScopeOverrideDetails: {} },
    } as never;
    const answered = await handler(event);
    expect(answered.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toMatchObject({
      claimsToAddOrOverride: { organizationId: 'org-riverside' },
      scopesToAdd: ['pa-api/admin'],
    });
    expect(
      answered.response.claimsAndScopeOverrideDetails.idTokenGeneration?.claimsToAddOrOverride,
    ).toMatchObject({
      organizationId: 'org-riverside',
    });
  });
});
