/**
 * The local stream poller against DynamoDB Local's stream: the records the Lambda event source
 * mapping would hand to `eventStream` (the receipt INSERT filter, KEYS_ONLY, in order, in batches),
 * its retries and giving up, its checkpoint across a restart, and the stream an older table gets.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIPT_INSERT_FILTER } from '#infra/event-stream.ts';
import {
  ensureCasesTable,
  type LocalDynamoDb,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '#infra/local/dynamodb.ts';
import {
  type LocalStreamPoller,
  type LocalStreamPollerOptions,
  startLocalStreamPoller,
} from '#infra/local/dynamodb-stream.ts';
import type { LocalLog } from '#infra/local/log.ts';

let local: LocalDynamoDb;
let client: DynamoDBClient;
let directory: string;
let tables = 0;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'pa-ddb-stream-'));
  local = await startDynamoDbLocal({ dataDir: join(directory, 'data') });
  client = localDynamoDbClient(local.endpoint, local.credentials);
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

/** A fresh cases table (with its stream) and a checkpoint file of its own. */
async function casesTable(): Promise<{ tableName: string; checkpointFile: string }> {
  tables += 1;
  const tableName = `pa-cases-${tables}`;
  await ensureCasesTable(client, tableName);
  return { tableName, checkpointFile: join(directory, `${tableName}.checkpoint.json`) };
}

async function put(tableName: string, pk: string, sk: string, extra: Record<string, string> = {}) {
  const attributes = Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, { S: value }]));
  await client.send(
    new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, sk: { S: sk }, ...attributes } }),
  );
}

/** Receipts of payer events ev-<from>…ev-<to>, each followed by a case item the filter drops. */
async function putReceipts(tableName: string, from: number, to: number): Promise<string[]> {
  const keys: string[] = [];
  for (let n = from; n <= to; n++) {
    await put(tableName, `EVENT#ev-${n}`, 'RECEIPT');
    await put(tableName, `CASE#c-${n}`, 'CASE');
    keys.push(`EVENT#ev-${n}`);
  }
  return keys;
}

/** Resolves once `value` gives a promise, with what that promise resolves to. */
async function waitFor<T>(value: () => Promise<T> | undefined): Promise<T> {
  for (let waited = 0; waited < 10_000; waited += 10) {
    const promise = value();
    if (promise) return promise;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out');
}

const partitionKey = (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S ?? '';

/** A poller on the table whose handler records every call (as partition keys) and answers `answer`. */
async function poller(
  table: { tableName: string; checkpointFile: string },
  answer: (event: DynamoDBStreamEvent) => DynamoDBBatchResponse | undefined = () => undefined,
  options: Partial<LocalStreamPollerOptions> = {},
): Promise<{ poller: LocalStreamPoller; calls: string[][]; events: DynamoDBStreamEvent[] }> {
  const calls: string[][] = [];
  const events: DynamoDBStreamEvent[] = [];
  const started = await startLocalStreamPoller({
    endpoint: local.endpoint,
    credentials: local.credentials,
    ...table,
    filter: RECEIPT_INSERT_FILTER,
    pollIntervalMs: 20,
    // Each read handed over at once, unless a test is about the batching window.
    batchingWindowMs: 0,
    handler: async (event) => {
      calls.push(event.Records.map(partitionKey));
      events.push(event);
      return answer(event);
    },
    ...options,
  });
  return { poller: started, calls, events };
}

describe('local DynamoDB stream poller', () => {
  it('hands over exactly the new receipts, keys only, in order, in batches of at most batchSize', async () => {
    // Prepare
    const table = await casesTable();
    const before = await putReceipts(table.tableName, 1, 4);
    const { poller: running, calls, events } = await poller(table, undefined, { batchSize: 3 });

    // Act
    const after = await putReceipts(table.tableName, 5, 8);
    await put(table.tableName, 'EVENT#ev-1', 'RECEIPT', { note: 'rewritten' });
    await running.drain();
    await running.stop();

    // Assess
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(calls.flat()).toEqual([...before, ...after]);
    expect(calls.every((batch) => batch.length >= 1 && batch.length <= 3)).toBe(true);
    const record = events[0]?.Records[0];
    expect(record).toEqual({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: expect.any(String),
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: Table?.LatestStreamArn,
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'EVENT#ev-1' }, sk: { S: 'RECEIPT' } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'KEYS_ONLY',
      },
    });
    const created = record?.dynamodb?.ApproximateCreationDateTime ?? 0;
    expect(Math.abs(created - Date.now() / 1000)).toBeLessThan(600);
    const sequence = events.flatMap((e) => e.Records.map((r) => BigInt(r.dynamodb?.SequenceNumber ?? '0')));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const checkpoint = JSON.parse(await readFile(table.checkpointFile, 'utf8'));
    expect(checkpoint.streamArn).toBe(Table?.LatestStreamArn);
    expect((await stat(table.checkpointFile)).mode & 0o777).toBe(0o600);
  }, 30_000);

  it('gathers the receipts of its batching window into one call', async () => {
    // Prepare
    const table = await casesTable();
    const { poller: running, calls } = await poller(table, undefined, { batchingWindowMs: 1_500 });

    // Act
    const written = await putReceipts(table.tableName, 1, 3);
    await running.drain();
    await running.stop();

    // Assess
    expect(calls).toEqual([written]);
  });

  it('hands a full batch over without waiting for the end of its window', async () => {
    // Prepare
    const table = await casesTable();
    const { poller: running, calls } = await poller(table, undefined, {
      batchSize: 4,
      batchingWindowMs: 600_000,
    });

    // Act: 4 receipts (and case items the filter drops) are a full batch
    const written = await putReceipts(table.tableName, 1, 4);
    const first = await waitFor(() => (calls.length > 0 ? Promise.resolve(calls[0]) : undefined));
    await running.stop();

    // Assess
    expect(first).toEqual(written);
  });

  it('re-delivers a record the handler failed and the later ones, not the earlier ones', async () => {
    // Prepare
    const table = await casesTable();
    const keys = await putReceipts(table.tableName, 1, 6);
    let failed = false;
    const failThirdOnce = (event: DynamoDBStreamEvent) => {
      const third = event.Records.find((record) => partitionKey(record) === 'EVENT#ev-3');
      if (failed || !third) return undefined;
      failed = true;
      return { batchItemFailures: [{ itemIdentifier: third.dynamodb?.SequenceNumber ?? '' }] };
    };

    // Act
    const { poller: running, calls } = await poller(table, failThirdOnce, { batchSize: 20 });
    await running.drain();
    await running.stop();

    // Assess
    expect(calls).toEqual([keys, keys.slice(2)]);
  }, 30_000);

  it('retries a thrown batch retryAttempts times, then gives it up and goes on with the later records', async () => {
    // Prepare
    const table = await casesTable();
    const keys = await putReceipts(table.tableName, 1, 4);
    const warnings: { message: string; fields: Record<string, unknown> | undefined }[] = [];
    const log: LocalLog = (level, message, fields) => {
      if (level === 'warn') warnings.push({ message, fields });
    };
    const alwaysFailFirst = (event: DynamoDBStreamEvent) => {
      if (event.Records.some((record) => partitionKey(record) === 'EVENT#ev-1'))
        throw new Error('workflow not started');
      return undefined;
    };

    // Act
    const { poller: running, calls } = await poller(table, alwaysFailFirst, {
      batchSize: 4, // two receipts (and their two case items) per read
      retryAttempts: 2,
      log,
    });
    await running.drain();
    await running.stop();

    // Assess
    const firstBatch = keys.slice(0, 2);
    expect(calls).toEqual([firstBatch, firstBatch, firstBatch, keys.slice(2)]);
    const givenUp = warnings.filter((w) => w.message.includes('given up'));
    expect(givenUp).toHaveLength(1);
    expect(Object.keys(givenUp[0]?.fields ?? {}).sort()).toEqual(['sequenceNumbers', 'shardId']);
    expect(givenUp[0]?.fields?.sequenceNumbers).toEqual([expect.stringMatching(/^\d+$/), expect.any(String)]);
    expect(JSON.stringify(warnings)).not.toContain('EVENT#');
  }, 30_000);

  it('resumes after a restart from its checkpoint: nothing delivered twice, nothing written meanwhile lost', async () => {
    // Prepare
    const table = await casesTable();
    const first = await poller(table);
    const handledFirst = await putReceipts(table.tableName, 1, 3);
    await first.poller.drain();
    await first.poller.stop();

    // Act
    const writtenWhileStopped = await putReceipts(table.tableName, 4, 5);
    const second = await poller(table);
    const writtenAfter = await putReceipts(table.tableName, 6, 6);
    await second.poller.drain();
    await second.poller.stop();

    // Assess
    expect(first.calls.flat()).toEqual(handledFirst);
    expect(second.calls.flat()).toEqual([...writtenWhileStopped, ...writtenAfter]);
  }, 30_000);

  it('resumes after a partial failure at the failed record, the records before it checkpointed', async () => {
    // Prepare
    const table = await casesTable();
    const keys = await putReceipts(table.tableName, 1, 6);
    let first: LocalStreamPoller | undefined;
    let stopped: Promise<void> | undefined;
    const failThirdAndStop = (event: DynamoDBStreamEvent) => {
      stopped ??= first?.stop();
      const third = event.Records.find((record) => partitionKey(record) === 'EVENT#ev-3');
      return { batchItemFailures: [{ itemIdentifier: third?.dynamodb?.SequenceNumber ?? '' }] };
    };
    const failing = await poller(table, failThirdAndStop, { batchSize: 20 });
    first = failing.poller;
    await waitFor(() => stopped);

    // Act
    const second = await poller(table);
    await second.poller.drain();
    await second.poller.stop();

    // Assess
    expect(failing.calls).toEqual([keys]);
    expect(second.calls.flat()).toEqual(keys.slice(2));
  }, 30_000);

  it('reads a shard from its start when its checkpoint is past the retention', async () => {
    // Prepare
    const table = await casesTable();
    const keys = await putReceipts(table.tableName, 1, 2);
    const first = await poller(table);
    await first.poller.drain();
    await first.poller.stop();
    const checkpoint = JSON.parse(await readFile(table.checkpointFile, 'utf8'));
    const shards = Object.fromEntries(Object.keys(checkpoint.shards).map((shardId) => [shardId, '1']));
    await writeFile(table.checkpointFile, JSON.stringify({ ...checkpoint, shards }));
    const warnings: string[] = [];

    // Act
    const second = await poller(table, undefined, { log: (_level, message) => warnings.push(message) });
    await second.poller.drain();
    await second.poller.stop();

    // Assess
    expect(Object.keys(shards)).toHaveLength(1);
    expect(second.calls.flat()).toEqual(keys);
    expect(warnings.some((message) => message.includes('past retention'))).toBe(true);
  }, 30_000);

  it('gives a table without the stream (an older data dir) its KEYS_ONLY stream, read afresh', async () => {
    // Prepare: the table with another stream, then none, as an older data dir may hold it.
    const table = await casesTable();
    const stream = (StreamEnabled: boolean) =>
      client.send(
        new UpdateTableCommand({
          TableName: table.tableName,
          StreamSpecification: StreamEnabled
            ? { StreamEnabled, StreamViewType: 'NEW_IMAGE' }
            : { StreamEnabled },
        }),
      );
    await stream(false);
    await stream(true);
    const old = await poller(table);
    await putReceipts(table.tableName, 1, 2);
    await old.poller.drain();
    await old.poller.stop();
    await stream(false);
    const withoutStream = await startLocalStreamPoller({
      endpoint: local.endpoint,
      credentials: local.credentials,
      ...table,
      filter: RECEIPT_INSERT_FILTER,
      handler: async () => undefined,
    }).then(
      () => 'started',
      (error: Error) => error.message,
    );

    // Act
    await ensureCasesTable(client, table.tableName);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.tableName }));
    const current = await poller(table);
    const keys = await putReceipts(table.tableName, 3, 4);
    await current.poller.drain();
    await current.poller.stop();

    // Assess
    expect(old.events[0]?.Records[0]?.dynamodb?.StreamViewType).toBe('NEW_IMAGE');
    expect(withoutStream).toContain('has no stream');
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    expect(current.calls.flat()).toEqual(keys);
  }, 30_000);
});
