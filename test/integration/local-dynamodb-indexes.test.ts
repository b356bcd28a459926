/**
 * A data dir made before tenancy has the cases table without byAssignee and byStatusAll, and its
 * cases and remittances keyed without organization: ensureCasesTable adds the missing indexes and
 * keys the old items in `default`, so the existing data dir keeps working (worklist, sweep, list).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { dynamoCaseStore } from '#adapters/case-repository.ts';
import { dynamoRemittanceStore } from '#adapters/remittance-repository.ts';
import { ensureCasesTable, localDynamoDbClient, startDynamoDbLocal } from '#infra/local/dynamodb.ts';
import { TABLE_DESIGN } from '#infra/table-design.ts';
import { newCase } from '../contract/case-fixture.ts';
import { remittanceRecord } from '../contract/remittance-store.contract.ts';

const TABLE = 'pa-cases';
const BEFORE_TENANCY = TABLE_DESIGN.globalSecondaryIndexes.slice(0, 3);

it('adds the indexes a table made before them lacks, and keys its old cases and remittances in default', async () => {
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

    // A case and a remittance as they were stored before tenancy.
    const { record } = newCase({ status: 'SUBMITTED' });
    const { organizationId, ...legacy } = record;
    const sortKey = `9999-12-31T23:59:59.999Z#${record.caseId}`;
    const documents = DynamoDBDocumentClient.from(client);
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          pk: `CASE#${record.caseId}`,
          sk: 'CASE',
          ...legacy,
          gsi1pk: 'STATUS#SUBMITTED',
          gsi1sk: sortKey,
          gsi2pk: `PAYER#${record.payer.id}`,
          gsi2sk: sortKey,
          gsi3pk: 'WORKLIST#0',
          gsi3sk: sortKey,
        },
      }),
    );
    const { organizationId: _, ...remittance } = remittanceRecord();
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: `REMIT#${remittance.remittanceId}`, sk: 'REMIT', ...remittance },
      }),
    );

    // Act
    await ensureCasesTable(client, TABLE);
    await ensureCasesTable(client, TABLE);
    const table = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    const store = dynamoCaseStore({ client: documents, name: TABLE });
    const worklist = await store.queryWorklist({ organizationId: 'default', limit: 10 });
    const swept = await store.listCasesByStatus('SUBMITTED');
    const remittances = await dynamoRemittanceStore({ client: documents, name: TABLE }).list({
      organizationId: 'default',
      limit: 10,
    });

    // Assess
    const indexes = table.Table?.GlobalSecondaryIndexes ?? [];
    expect(BEFORE_TENANCY.length).toBeLessThan(TABLE_DESIGN.globalSecondaryIndexes.length);
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(
      TABLE_DESIGN.globalSecondaryIndexes.map((i) => i.indexName).sort(),
    );
    expect(indexes.every((i) => i.IndexStatus === 'ACTIVE')).toBe(true);
    expect(worklist.items.map((c) => c.caseId)).toEqual([record.caseId]);
    expect(worklist.items[0]).toEqual(legacy);
    expect(swept.map((c) => c.caseId)).toEqual([record.caseId]);
    expect(remittances.items.map((r) => r.remittanceId)).toEqual([remittance.remittanceId]);
  } finally {
    client.destroy();
    await local.stop();
  }
}, 180_000);
