/**
 * The users of each organization, listed (IdentityStore.listUsers: GET /v1/users, the assignee
 * check, the daily digest). Beside each user's own item (USER#<email>) the table keeps a listing
 * item, written in the same transaction:
 *   USERS / USER#<organizationId>#<userId>   the user's id, e-mail, name, organization and roles
 * One partition holds every user: a query lists an organization's (a prefix of the sort key) or
 * everyone's. The listing never carries a secret (a password hash stays on the user's own item).
 */
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { UserRecord } from '#core/identity/records.ts';
import type { ClientAndName } from './aws-clients.ts';
import { stripKeys } from './case-keys.ts';

const USERS_PK = 'USERS';

/** What a listing shows of a user: never a secret. */
export const listedUser = (user: UserRecord): UserRecord => ({
  userId: user.userId,
  email: user.email,
  name: user.name,
  organizationId: user.organizationId,
  roles: [...user.roles],
  createdAt: user.createdAt,
});

/** The user's item (once per e-mail) and its listing item, at once; false when the e-mail is taken. */
export async function putListedUser(
  table: ClientAndName<DynamoDBDocumentClient>,
  user: UserRecord,
  key: { pk: string; sk: string },
): Promise<boolean> {
  try {
    await table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table.name,
              Item: { ...user, ...key },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table.name,
              Item: { ...listedUser(user), pk: USERS_PK, sk: `USER#${user.organizationId}#${user.userId}` },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
    throw error;
  }
}

/** The users of an organization, or every user, by organization and id. */
export async function listedUsers(
  table: ClientAndName<DynamoDBDocumentClient>,
  organizationId?: string,
): Promise<UserRecord[]> {
  const users: UserRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': USERS_PK,
          ':prefix': organizationId === undefined ? 'USER#' : `USER#${organizationId}#`,
        },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    users.push(...(out.Items ?? []).map((item) => stripKeys<UserRecord>(item)));
    start = out.LastEvaluatedKey;
  } while (start);
  return users;
}
