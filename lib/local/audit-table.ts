/**
 * The audit table in DynamoDB Local (AUDIT_TABLE_DESIGN, as the CDK stack makes it): created when
 * missing, TTL on its retention attribute. Safe to call on every start.
 */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { AUDIT_TABLE_DESIGN as DESIGN } from '../audit-table.ts';

const hashAndRange = (partitionKey: string, sortKey: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' as const },
  { AttributeName: sortKey, KeyType: 'RANGE' as const },
];

export async function ensureAuditTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const names = [
    DESIGN.partitionKey,
    DESIGN.sortKey,
    ...DESIGN.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(names)].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
        KeySchema: hashAndRange(DESIGN.partitionKey, DESIGN.sortKey),
        GlobalSecondaryIndexes: DESIGN.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: hashAndRange(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  } catch (error) {
    // Made on an earlier start: the data dir keeps it.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: DESIGN.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // TTL is on already (DynamoDB refuses to enable it twice).
    if ((error as { name?: string }).name !== 'ValidationException') throw error;
  }
}
