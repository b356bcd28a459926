/**
 * The PeopleDirectory port on Cognito (AWS): AdminCreateUser with the e-mail (verified, so the
 * temporary password can be mailed), the name and `custom:organizationId`, then
 * AdminAddUserToGroup for each role (the pre-token trigger turns groups into role scopes). The
 * user pool has e-mail as a sign-in alias, so the username is the user's id, not the e-mail.
 * PA_USER_POOL_ID selects it; without it the local issuer is the provider. Its SDK is imported on
 * first use, so the api's cold start does not load it.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PeopleDirectory } from '#core/identity/people.ts';

type Sender = Pick<CognitoIdentityProviderClient, 'send'>;

export function cognitoPeopleDirectory(userPoolId: string, given?: Sender): PeopleDirectory {
  return {
    provider: 'cognito',
    async createSignIn(user) {
      const { AdminAddUserToGroupCommand, AdminCreateUserCommand, CognitoIdentityProviderClient } =
        await import('@aws-sdk/client-cognito-identity-provider');
      const client = given ?? new CognitoIdentityProviderClient({});
      const created = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.userId,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: user.name },
            { Name: 'custom:organizationId', Value: user.organizationId },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      for (const role of user.roles)
        await client.send(
          new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.userId, GroupName: role }),
        );
      const subject = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
      if (!subject) throw new Error('Cognito created the user without a sub');
      return subject;
    },
  };
}

/** The local issuer: nothing to make, the user's own id is the subject of its tokens. */
export const localPeopleDirectory = (): PeopleDirectory => ({
  provider: 'local',
  createSignIn: async (user) => user.userId,
});

export function peopleDirectoryFromEnv(env: NodeJS.ProcessEnv = process.env): PeopleDirectory {
  return env.PA_USER_POOL_ID ? cognitoPeopleDirectory(env.PA_USER_POOL_ID) : localPeopleDirectory();
}
