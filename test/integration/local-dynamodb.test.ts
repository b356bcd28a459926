import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureCasesTable, localDynamoDbClient, startDynamoDbLocal } from '#infra/local/dynamodb.ts';
import { TABLE_DESIGN } from '#infra/table-design.ts';
import { isAlive } from '../support/local-stack.ts';

const TABLE = 'pa-cases';

async function waitForDeath(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

describe('DynamoDB Local', () => {
  it('creates the table of TABLE_DESIGN, keeps an item across a restart, and stops its JVM', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'pa-ddb-'));
    const first = await startDynamoDbLocal({ dataDir });
    const firstClient = localDynamoDbClient(first.endpoint);
    await ensureCasesTable(firstClient, TABLE);
    await ensureCasesTable(firstClient, TABLE);
    await firstClient.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: 'CASE#c-1' }, sk: { S: 'CASE' }, v: { N: '1' } },
      }),
    );
    firstClient.destroy();

    // Act
    await first.stop();
    const firstJavaGone = !isAlive(first.pid);
    const second = await startDynamoDbLocal({ dataDir });
    const client = localDynamoDbClient(second.endpoint);
    await ensureCasesTable(client, TABLE);
    const item = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'CASE#c-1' }, sk: { S: 'CASE' } } }),
    );
    const table = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    client.destroy();
    await second.stop();

    // Assess
    expect(firstJavaGone).toBe(true);
    expect(item.Item?.v).toEqual({ N: '1' });
    expect(table.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      TABLE_DESIGN.globalSecondaryIndexes.map((index) => index.indexName).sort(),
    );
    expect(ttl.TimeToLiveDescription).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    expect(isAlive(second.pid)).toBe(false);
  }, 180_000);

  it('leaves no Java process when its owner is killed with SIGKILL', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'pa-ddb-orphan-'));
    const script = fileURLToPath(new URL('../support/dynamodb-child.ts', import.meta.url));
    const owner = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const javaPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      owner.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /java (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      owner.once('exit', (code) => reject(new Error(`owner exited early (${code})`)));
    });
    owner.removeAllListeners('exit');
    const javaWasAlive = isAlive(javaPid);

    // Act
    owner.kill('SIGKILL');

    // Assess
    expect(javaWasAlive).toBe(true);
    expect(await waitForDeath(javaPid, 20_000)).toBe(true);
  }, 180_000);
});
