/**
 * The IdentityStore port on DynamoDB, in the cases table (lib/table-design.ts):
 *   ORG#<organizationId> / ORG       an organization
 *   CLIENT#<clientId> / CLIENT       a machine client (its secret as a scrypt hash only)
 *   USER#<email, lower case> / USER  a user (listed under USERS too: adapters/user-directory.ts)
 *   IDENTITY / SIGNING_KEY           the local issuer's signing key (locally only: Cognito signs on AWS)
 *   OAUTHCODE#<code hash> / CODE     an authorization code (TTL), and / REDEEMED once it is exchanged
 *   SIGNIN#<email, lower case> / FAIL#<at>#<random>   a wrong password (TTL), counted by a Query
 * Each is put once (a condition on the key); nothing here updates or deletes: a code is single-use
 * because its REDEEMED marker can be put only once.
 */
import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientRecord, Organization, UserRecord } from '#core/identity/records.ts';
import {
  type AuthorizationCode,
  CODE_TTL_SECONDS,
  FAILED_SIGN_IN_WINDOW_SECONDS,
} from '#core/identity/sign-in.ts';
import type { IdentityStore, SigningKey } from '#core/identity/store.ts';
import { type ClientAndName, dynamoClient, fromEnvironment } from './aws-clients.ts';
import { stripKeys } from './case-keys.ts';
import { putOnce as putItemOnce } from './dynamo-put-once.ts';
import { listedUsers, putListedUser } from './user-directory.ts';

const envTable = fromEnvironment(dynamoClient, 'TABLE_NAME');

type Key = { pk: string; sk: string };
const organizationKey = (id: string): Key => ({ pk: `ORG#${id}`, sk: 'ORG' });
const clientKey = (clientId: string): Key => ({ pk: `CLIENT#${clientId}`, sk: 'CLIENT' });
const userKey = (email: string): Key => ({ pk: `USER#${email.toLowerCase()}`, sk: 'USER' });
const SIGNING_KEY: Key = { pk: 'IDENTITY', sk: 'SIGNING_KEY' };
const codeKey = (codeHash: string, sk: 'CODE' | 'REDEEMED'): Key => ({ pk: `OAUTHCODE#${codeHash}`, sk });
const signInPk = (email: string) => `SIGNIN#${email.toLowerCase()}`;
/** The TTL attribute (lib/table-design.ts): epoch seconds, a little after the item stops mattering. */
const expiresIn = (seconds: number) => ({ expiresAt: Math.floor(Date.now() / 1000) + seconds + 3600 });

export function dynamoIdentityStore(table: ClientAndName<DynamoDBDocumentClient> = envTable): IdentityStore {
  const putOnce = (key: Key, value: object) => putItemOnce(table, { ...value, ...key });
  const get = async <T>(key: Key): Promise<T | undefined> => {
    const out = await table.client.send(
      new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
    );
    return out.Item ? stripKeys<T>(out.Item) : undefined;
  };
  const currentSigningKey = () => get<SigningKey>(SIGNING_KEY);
  return {
    putOrganization: (organization) => putOnce(organizationKey(organization.id), organization),
    getOrganization: (id) => get<Organization>(organizationKey(id)),
    putClient: (client) => putOnce(clientKey(client.clientId), client),
    getClient: (clientId) => get<ClientRecord>(clientKey(clientId)),
    putUser: (user) => putListedUser(table, user, userKey(user.email)),
    listUsers: (organizationId) => listedUsers(table, organizationId),
    getUserByEmail: (email) => get<UserRecord>(userKey(email)),
    currentSigningKey,
    putAuthorizationCode: async (code) => {
      await putOnce(codeKey(code.codeHash, 'CODE'), { ...code, ...expiresIn(CODE_TTL_SECONDS) });
    },
    async redeemAuthorizationCode(codeHash) {
      const code = await get<AuthorizationCode>(codeKey(codeHash, 'CODE'));
      if (!code) return undefined;
      const first = await putOnce(codeKey(codeHash, 'REDEEMED'), expiresIn(CODE_TTL_SECONDS));
      return first ? code : undefined;
    },
    recordFailedSignIn: async (email, at) => {
      const key = { pk: signInPk(email), sk: `FAIL#${at}#${randomBytes(6).toString('hex')}` };
      await putOnce(key, { at, ...expiresIn(FAILED_SIGN_IN_WINDOW_SECONDS) });
    },
    async failedSignInsSince(email, since) {
      const out = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk AND sk >= :since',
          ExpressionAttributeValues: { ':pk': signInPk(email), ':since': `FAIL#${since}` },
          Select: 'COUNT',
          ConsistentRead: true,
        }),
      );
      return out.Count ?? 0;
    },
    async signingKey(key) {
      if (await putOnce(SIGNING_KEY, key)) return key;
      const stored = await currentSigningKey();
      if (!stored) throw new Error('the signing key vanished');
      return stored;
    },
  };
}
