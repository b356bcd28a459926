/**
 * The local stream poller on what DynamoDB Local does not make on demand: a parent shard and its
 * child, an expired iterator, a new stream of the table. A stand-in of the Streams API holds the
 * shards (the poller against DynamoDB Local itself: test/integration/local-dynamodb-stream.test.ts).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { RECEIPT_INSERT_FILTER } from '#infra/event-stream.ts';
import { LOCAL_CREDENTIALS } from '#infra/local/dynamodb.ts';
import { type LocalStreamPollerOptions, startLocalStreamPoller } from '#infra/local/dynamodb-stream.ts';
import type { LocalLog } from '#infra/local/log.ts';
import { SHARD_CLOSED, writeStreamCheckpoint } from '#infra/local/stream-checkpoint.ts';
import type { StreamSource, StreamSourceRecord } from '#infra/local/stream-source.ts';

interface FakeShard {
  shardId: string;
  parentShardId?: string;
  keys: string[];
  closed?: boolean;
}

function named(name: string): Error {
  return Object.assign(new Error(name), { name });
}

/** A table's stream in memory; a record's sequence number is its key's number, zero-padded. */
class FakeStream implements StreamSource {
  expireNextReads = 0;
  closed = false;
  constructor(
    public streamArn: string,
    public shardList: FakeShard[],
  ) {}

  async latestStreamArn() {
    return this.streamArn;
  }
  async shards(streamArn: string) {
    if (streamArn !== this.streamArn) throw named('ResourceNotFoundException');
    return this.shardList.map(({ shardId, parentShardId }) => ({ shardId, parentShardId }));
  }
  async iterator(streamArn: string, shardId: string, type: string, after?: string) {
    const shard = this.shard(shardId);
    const index = type === 'TRIM_HORIZON' ? 0 : shard.keys.map(sequenceOf).indexOf(after ?? '') + 1;
    if (index === 0 && type !== 'TRIM_HORIZON') throw named('TrimmedDataAccessException');
    return `${streamArn}|${shardId}|${index}`;
  }
  async records(iterator: string, limit: number) {
    if (this.expireNextReads > 0) {
      this.expireNextReads -= 1;
      throw named('ExpiredIteratorException');
    }
    const [streamArn, shardId, from] = iterator.split('|');
    const shard = this.shard(shardId ?? '');
    const start = Number(from);
    const keys = shard.keys.slice(start, start + limit);
    const end = start + keys.length;
    const atEnd = shard.closed && end === shard.keys.length;
    return {
      records: keys.map(streamRecord),
      nextIterator: atEnd ? undefined : `${streamArn}|${shardId}|${end}`,
    };
  }
  close() {
    this.closed = true;
  }
  private shard(shardId: string): FakeShard {
    const shard = this.shardList.find((s) => s.shardId === shardId);
    if (!shard) throw named('ResourceNotFoundException');
    return shard;
  }
}

const sequenceOf = (key: string) => key.replace(/\D/g, '').padStart(21, '0');

function streamRecord(key: string): StreamSourceRecord {
  return {
    eventID: `id-${key}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-11-30T18:00:00Z'),
      Keys: { pk: { S: `EVENT#${key}` }, sk: { S: 'RECEIPT' } },
      SequenceNumber: sequenceOf(key),
      SizeBytes: 20,
      StreamViewType: 'KEYS_ONLY',
    },
  };
}

const keyOf = (event: DynamoDBStreamEvent) => event.Records.map((r) => r.dynamodb?.Keys?.pk?.S?.slice(6));

const newCheckpointFile = async () =>
  join(await mkdtemp(join(tmpdir(), 'pa-stream-poller-')), 'checkpoint.json');

/** A poller on `stream` (batches of 2, polling every millisecond). */
function startOn(
  stream: FakeStream,
  checkpointFile: string,
  handler: LocalStreamPollerOptions['handler'],
  log?: LocalLog,
) {
  return startLocalStreamPoller(
    {
      endpoint: 'http://127.0.0.1:1',
      credentials: LOCAL_CREDENTIALS,
      tableName: 'pa-cases',
      checkpointFile,
      filter: RECEIPT_INSERT_FILTER,
      batchSize: 2,
      pollIntervalMs: 1,
      handler,
      log,
    },
    stream,
  );
}

/** Runs a poller on `stream` until it has handled what the stream holds. */
async function pollerOn(
  stream: FakeStream,
  answer: (event: DynamoDBStreamEvent) => DynamoDBBatchResponse | undefined = () => undefined,
  checkpointFile?: string,
) {
  const file = checkpointFile ?? (await newCheckpointFile());
  const calls: (string | undefined)[][] = [];
  const events: DynamoDBStreamEvent[] = [];
  const poller = await startOn(stream, file, async (event) => {
    calls.push(keyOf(event));
    events.push(event);
    return answer(event);
  });
  await poller.drain();
  return { poller, calls, events, file };
}

describe('local stream poller shards', () => {
  it('reads a child shard only once its parent is read to its end and closed', async () => {
    // Prepare: the child listed first, as nothing promises the order of DescribeStream.
    const stream = new FakeStream('arn:stream/1', [
      { shardId: 'child', parentShardId: 'parent', keys: ['k5', 'k6'] },
      { shardId: 'parent', keys: ['k1', 'k2', 'k3'], closed: true },
    ]);

    // Act
    const { poller, calls, file } = await pollerOn(stream);
    await poller.stop();

    // Assess
    expect(calls).toEqual([['k1', 'k2'], ['k3'], ['k5', 'k6']]);
    const checkpoint = JSON.parse(await readFile(file, 'utf8'));
    expect(checkpoint).toEqual({
      streamArn: 'arn:stream/1',
      shards: { parent: SHARD_CLOSED, child: sequenceOf('k6') },
    });
    expect(stream.closed).toBe(true);
  });

  it('after an expired iterator goes on from its checkpoint, nothing twice and nothing lost', async () => {
    // Prepare
    const stream = new FakeStream('arn:stream/1', [{ shardId: 'shard', keys: ['k1', 'k2', 'k3', 'k4'] }]);
    let expired = false;
    const expireAfterFirst = () => {
      if (!expired) stream.expireNextReads = 1;
      expired = true;
      return undefined;
    };

    // Act
    const { poller, calls } = await pollerOn(stream, expireAfterFirst);
    await poller.stop();

    // Assess
    expect(stream.expireNextReads).toBe(0);
    expect(calls).toEqual([
      ['k1', 'k2'],
      ['k3', 'k4'],
    ]);
  });

  it("reads a new stream of the table from its start, whatever the old stream's checkpoint said", async () => {
    // Prepare: a checkpoint of another stream whose shard has the same id.
    const file = await newCheckpointFile();
    await writeStreamCheckpoint(file, { streamArn: 'arn:stream/0', shards: { shard: sequenceOf('k2') } });
    const stream = new FakeStream('arn:stream/1', [{ shardId: 'shard', keys: ['k1', 'k2', 'k3'] }]);

    // Act
    const { poller, calls, events } = await pollerOn(stream, undefined, file);
    stream.streamArn = 'arn:stream/2';
    stream.shardList = [{ shardId: 'shard', keys: ['k7'] }];
    await poller.drain();
    await poller.stop();

    // Assess
    expect(calls).toEqual([['k1', 'k2'], ['k3'], ['k7']]);
    expect(events.map((event) => event.Records[0]?.eventSourceARN)).toEqual([
      'arn:stream/1',
      'arn:stream/1',
      'arn:stream/2',
    ]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      streamArn: 'arn:stream/2',
      shards: { shard: sequenceOf('k7') },
    });
  });
  it('logs once a shard whose every fresh iterator fails, and hands nothing over', async () => {
    // Prepare
    const stream = new FakeStream('arn:stream/1', [{ shardId: 'shard', keys: ['k1'] }]);
    stream.expireNextReads = Number.MAX_SAFE_INTEGER;
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const calls: unknown[] = [];
    const poller = await startOn(
      stream,
      await newCheckpointFile(),
      async (event) => {
        calls.push(event);
        return undefined;
      },
      (level, message, fields) => {
        if (level === 'warn') warnings.push({ message, fields });
      },
    );

    // Act: until the fresh iterators have failed many more times than the poller lets pass.
    while (Number.MAX_SAFE_INTEGER - stream.expireNextReads < 50)
      await new Promise((resolve) => setTimeout(resolve, 1));
    await poller.stop();

    // Assess
    expect(warnings).toEqual([
      {
        message: expect.stringContaining('polling failed'),
        fields: { table: 'pa-cases', error: 'ExpiredIteratorException' },
      },
    ]);
    expect(calls).toEqual([]);
  });
});

describe('local stream poller batches', () => {
  it.each([
    ['a record not in the batch', 'nope'],
    ['an empty identifier', ''],
  ])('retries the whole batch when a failure names %s', async (_name, itemIdentifier) => {
    // Prepare
    const stream = new FakeStream('arn:stream/1', [{ shardId: 'shard', keys: ['k1', 'k2'] }]);
    let answered = false;
    const failOnce = () => {
      if (answered) return undefined;
      answered = true;
      return { batchItemFailures: [{ itemIdentifier }] };
    };

    // Act
    const { poller, calls } = await pollerOn(stream, failOnce);
    await poller.stop();

    // Assess
    expect(calls).toEqual([
      ['k1', 'k2'],
      ['k1', 'k2'],
    ]);
  });

  it('lets the batch in progress finish and be checkpointed before stop resolves', async () => {
    // Prepare
    const stream = new FakeStream('arn:stream/1', [{ shardId: 'shard', keys: ['k1'] }]);
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const handlerEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const file = await newCheckpointFile();
    const poller = await startOn(stream, file, () => {
      entered();
      return new Promise((resolve) => {
        release = () => resolve(undefined);
      });
    });
    await handlerEntered;

    // Act
    let stopped = false;
    const stopping = poller.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const stoppedBeforeRelease = stopped;
    release();
    await stopping;

    // Assess
    expect(stoppedBeforeRelease).toBe(false);
    expect(JSON.parse(await readFile(file, 'utf8')).shards).toEqual({ shard: sequenceOf('k1') });
    await expect(poller.drain()).rejects.toThrow('stopped');
  });
});
