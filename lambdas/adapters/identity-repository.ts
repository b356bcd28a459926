/**
 * The IdentityStore port on DynamoDB, in the cases table (lib/table-design.ts):
 *   ORG#<organizationId> / ORG       an organization
 *   CLIENT#<clientId> / CLIENT       a machine client (its secret as a scrypt hash only)
 *   USER#<email, lower case> / USER  a user
 *   IDENTITY / SIGNING_KEY           the local issuer's signing key (locally only: Cognito signs on AWS)
 * Each is put once (a condition on the key); nothing here updates or deletes.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientRecord, Organization, UserRecord } from '#core/identity/records.ts';
import type { IdentityStore, SigningKey } from '#core/identity/store.ts';
import { type ClientAndName, dynamoClient, fromEnvironment } from './aws-clients.ts';
import { stripKeys } from './case-keys.ts';

const envTable = fromEnvironment(dynamoClient, 'TABLE_NAME');

type Key = { pk: string; sk: string };
const organizationKey = (id: string): Key => ({ pk: `ORG#${id}`, sk: 'ORG' });
const clientKey = (clientId: string): Key => ({ pk: `CLIENT#${clientId}`, sk: 'CLIENT' });
const userKey = (email: string): Key => ({ pk: `USER#${email.toLowerCase()}`, sk: 'USER' });
const SIGNING_KEY: Key = { pk: 'IDENTITY', sk: 'SIGNING_KEY' };

export function dynamoIdentityStore(table: ClientAndName<DynamoDBDocumentClient> = envTable): IdentityStore {
  const putOnce = async (key: Key, value: object): Promise<boolean> => {
    try {
      await table.client.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...value, ...key },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };
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
    putUser: (user) => putOnce(userKey(user.email), user),
    getUserByEmail: (email) => get<UserRecord>(userKey(email)),
    currentSigningKey,
    async signingKey(key) {
      if (await putOnce(SIGNING_KEY, key)) return key;
      const stored = await currentSigningKey();
      if (!stored) throw new Error('the signing key vanished');
      return stored;
    },
  };
}
