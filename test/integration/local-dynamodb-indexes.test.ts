/**
 * A data dir made before tenancy has the cases table without byAssignee and byStatusAll:
 * ensureCasesTable adds the missing indexes, so the existing data dir keeps working.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { ensureCasesTable, localDynamoDbClient, startDynamoDbLocal } from '#infra/local/dynamodb.ts';
import { TABLE_DESIGN } from '#infra/table-design.ts';

const TABLE = 'pa-cases';
const BEFORE_TENANCY = TABLE_DESIGN.globalSecondaryIndexes.slice(0, 3);

it('adds the indexes a table made before them lacks, and they answer queries', async () => {
  // Prepare: the table as a data dir made before tenancy holds it.
  const local = await startDynamoDbLocal({ dataDir: await mkdtemp(join(tmpdir(), 'pa-ddb-idx-')) });
  const client = localDynamoDbClient(local.endpoint);
  try {
    const names = ['pk', 'sk', ...BEFORE_TENANCY.flatMap((i) => [i.partitionKey, i.sortKey])];
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: BEFORE_TENANCY.map((i) => ({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );

    // Act
    await ensureCasesTable(client, TABLE);
    await ensureCasesTable(client, TABLE);
    const table = await client.send(new DescribeTableCommand({ TableName: TABLE }));

    // Assess
    const indexes = table.Table?.GlobalSecondaryIndexes ?? [];
    expect(BEFORE_TENANCY.length).toBeLessThan(TABLE_DESIGN.globalSecondaryIndexes.length);
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(
      TABLE_DESIGN.globalSecondaryIndexes.map((i) => i.indexName).sort(),
    );
    expect(indexes.every((i) => i.IndexStatus === 'ACTIVE')).toBe(true);
  } finally {
    client.destroy();
    await local.stop();
  }
}, 180_000);
