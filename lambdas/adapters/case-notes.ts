/**
 * The CaseNotes and DigestLog ports on DynamoDB, in the cases table (lib/table-design.ts):
 *   CASE#<caseId> / NOTE#<at>#<noteId>   a note on the case (read newest first, a page at a time)
 *   DIGEST#<day> / USER#<userId>         a daily digest that went out (TTL: kept 30 days)
 * Each is put once; nothing here updates or deletes.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#core/errors.ts';
import type { CaseNote } from '#core/team/notes.ts';
import type { CaseNotes, DigestLog } from '#core/team/store.ts';
import { type ClientAndName, dynamoClient, fromEnvironment } from './aws-clients.ts';
import { casePk, decodeToken, encodeToken, stripKeys } from './case-keys.ts';
import { putOnce } from './dynamo-put-once.ts';

const envTable = fromEnvironment(dynamoClient, 'TABLE_NAME');

export const noteSk = (note: Pick<CaseNote, 'at' | 'noteId'>) => `NOTE#${note.at}#${note.noteId}`;

/**
 * The sort key a notes page starts after, from its token: the last key of a page of this very case
 * (anything else would reach DynamoDB as a bad ExclusiveStartKey, a 500), or a 400 naming nextToken.
 */
export function notesStartSk(caseId: string, nextToken: string | undefined): string | undefined {
  if (nextToken === undefined) return undefined;
  let key: Record<string, unknown> | undefined;
  try {
    key = decodeToken(nextToken);
  } catch {
    key = undefined;
  }
  const names = key ? Object.keys(key).sort().join(',') : '';
  if (!key || names !== 'pk,sk' || key.pk !== casePk(caseId) || !String(key.sk).startsWith('NOTE#'))
    throw new ValidationError('invalid notes query', [
      { path: 'nextToken', message: 'not a token this API gave out for this case' },
    ]);
  return String(key.sk);
}

/** The token of the page after the one that ended with `lastSk`. */
export const notesToken = (caseId: string, lastSk: string): string =>
  encodeToken({ pk: casePk(caseId), sk: lastSk }) as string;

const DIGEST_TTL_SECONDS = 30 * 86_400;

export function dynamoCaseNotes(table: ClientAndName<DynamoDBDocumentClient> = envTable): CaseNotes {
  return {
    put: (note) => putOnce(table, { ...note, pk: casePk(note.caseId), sk: noteSk(note) }),
    async list(caseId, page) {
      const startSk = notesStartSk(caseId, page.nextToken);
      const out = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
          ExpressionAttributeValues: { ':pk': casePk(caseId), ':note': 'NOTE#' },
          ScanIndexForward: false,
          Limit: page.limit,
          ConsistentRead: true,
          ...(startSk ? { ExclusiveStartKey: { pk: casePk(caseId), sk: startSk } } : {}),
        }),
      );
      const items = (out.Items ?? []).map((item) => stripKeys<CaseNote>(item));
      const last = out.LastEvaluatedKey?.sk;
      return { items, nextToken: typeof last === 'string' ? notesToken(caseId, last) : null };
    },
  };
}

export function dynamoDigestLog(table: ClientAndName<DynamoDBDocumentClient> = envTable): DigestLog {
  const key = (day: string, userId: string) => ({ pk: `DIGEST#${day}`, sk: `USER#${userId}` });
  return {
    async wasSent(day, userId) {
      const out = await table.client.send(
        new GetCommand({ TableName: table.name, Key: key(day, userId), ConsistentRead: true }),
      );
      return out.Item !== undefined;
    },
    async markSent(day, userId, at) {
      const expiresAt = Math.floor(Date.parse(at) / 1000) + DIGEST_TTL_SECONDS;
      await table.client.send(
        new PutCommand({ TableName: table.name, Item: { ...key(day, userId), day, userId, at, expiresAt } }),
      );
    },
  };
}
