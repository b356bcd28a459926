/**
 * The AuditStore port on DynamoDB, on a table of its own (lib/audit-table.ts; AUDIT_TABLE_NAME),
 * so that IAM can make it append-only: the functions that record get PutItem, those that read get
 * Query, and no role gets UpdateItem, DeleteItem, BatchWriteItem or PartiQL on it
 * (lib/stateless/access.ts; a test on the synthesized template checks it). Every put is
 * conditional on a new key (attribute_not_exists), so the adapter never overwrites an event.
 * Each event carries a TTL of PA_AUDIT_RETENTION_DAYS (default 6 years, audit-keys.ts).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditStore } from '#core/audit/store.ts';
import { ConflictError } from '#core/errors.ts';
import * as keys from './audit-keys.ts';
import { type ClientAndName, dynamoClient, fromEnvironment } from './aws-clients.ts';
import { putOnce } from './dynamo-put-once.ts';

export const AUDIT_TABLE_ENV = 'AUDIT_TABLE_NAME';

const envTable = fromEnvironment(dynamoClient, AUDIT_TABLE_ENV);

export function dynamoAuditStore(
  table: ClientAndName<DynamoDBDocumentClient> = envTable,
  retentionDays = keys.auditRetentionDays(),
): AuditStore {
  return {
    async append(event) {
      if (!(await putOnce(table, keys.auditItem(event, retentionDays))))
        throw new ConflictError(`audit event ${event.eventId} exists already`);
    },
    async list(query) {
      const start = keys.auditStartKey(query);
      const { index, pkName, skName, pkValue } = keys.auditIndex(query);
      const actorFilter = keys.filtersActor(query);
      const out = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          ...(index ? { IndexName: index } : {}),
          KeyConditionExpression: query.since === undefined ? '#pk = :pk' : '#pk = :pk AND #sk >= :since',
          ...(actorFilter ? { FilterExpression: '#actor.#id = :actor' } : {}),
          ExpressionAttributeNames: {
            '#pk': pkName,
            ...(query.since === undefined ? {} : { '#sk': skName }),
            ...(actorFilter ? { '#actor': 'actor', '#id': 'id' } : {}),
          },
          ExpressionAttributeValues: {
            ':pk': pkValue,
            ...(query.since === undefined ? {} : { ':since': query.since }),
            ...(actorFilter ? { ':actor': query.actorId } : {}),
          },
          ScanIndexForward: false,
          Limit: query.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const last = out.LastEvaluatedKey;
      return {
        items: (out.Items ?? []).map(keys.auditEventOfItem),
        nextToken: last ? keys.encodeAuditToken(keys.auditPageKey(last, query)) : null,
      };
    },
  };
}
