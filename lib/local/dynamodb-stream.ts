/**
 * The local stand-in of a Lambda event source mapping on the cases table's DynamoDB stream: it
 * polls DynamoDB Local's stream (its Streams API, on the same endpoint, seen with the data dir's
 * key) and calls the handler the way Lambda would (lib/event-stream.ts: the same filter, batch
 * size and retries), so the local stack starts workflows from stored events as AWS does.
 *
 * As the event source mapping: each shard read in order, a child shard only after its parent is
 * finished; records filtered before batching (a filtered-out record is consumed); at most
 * batchSize records per call, gathered for up to the batching window after the first one (as
 * MaximumBatchingWindowInSeconds); ReportBatchItemFailures honoured (the records from the first
 * failure on are retried, the earlier ones checkpointed); a batch failing retryAttempts retries
 * is given up with a warning naming only the shard and the sequence numbers (the sweep re-drives
 * stored events). The checkpoint file (stream-checkpoint.ts) makes a restart resume where the
 * last one stopped. One batch per shard in memory at most; one poll round at a time.
 */
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { EVENT_STREAM_SETTINGS } from '../event-stream.ts';
import type { LocalCredentials } from './credentials.ts';
import { LOCAL_REGION } from './dynamodb.ts';
import { type LocalLog, silentLog } from './log.ts';
import {
  readStreamCheckpoint,
  SHARD_CLOSED,
  type StreamCheckpoint,
  writeStreamCheckpoint,
} from './stream-checkpoint.ts';
import { matchesStreamFilter } from './stream-filter.ts';
import {
  dynamoDbStreamSource,
  type ShardIteratorType,
  type StreamSource,
  type StreamSourceRecord,
} from './stream-source.ts';

export { matchesStreamFilter } from './stream-filter.ts';

export interface LocalStreamPollerOptions {
  endpoint: string;
  credentials: LocalCredentials;
  /** Default: LOCAL_REGION (DynamoDB Local keeps one database per key and region). */
  region?: string;
  tableName: string;
  /** Where the poller keeps its place (stream-checkpoint.ts). */
  checkpointFile: string;
  /** Lambda's event-filter pattern (lib/event-stream.ts RECEIPT_INSERT_FILTER). */
  filter: object;
  batchSize?: number;
  /** Default: EVENT_STREAM_SETTINGS.maxBatchingWindowSeconds; 0 hands each read over at once. */
  batchingWindowMs?: number;
  pollIntervalMs?: number;
  retryAttempts?: number;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  log?: LocalLog;
}

export interface LocalStreamPoller {
  /** Ends the loop after the batch in progress and closes the clients. */
  stop(): Promise<void>;
  /**
   * Resolves when every record written before the call has been handled (or given up): after a
   * poll round, begun after the call, that found nothing new on any shard. While the stream
   * cannot be read (DynamoDB Local down) it keeps waiting; it rejects once the poller stops.
   */
  drain(): Promise<void>;
}

/** Shards are rediscovered every this many rounds (and on every round while a drain waits). */
const DISCOVER_EVERY_ROUNDS = 20;

/** A batch handed to the handler and not yet done with. */
interface PendingBatch {
  records: DynamoDBRecord[];
  /** The last record read with it (matching or not): checkpointed once the batch is done. */
  readonly lastSequenceNumber: string;
  retries: number;
}

/** Records read and not yet handed over, waiting for the batching window or a full batch. */
interface GatheringBatch {
  /** The matching records (batchSize of them make a full batch, handed over at once). */
  records: DynamoDBRecord[];
  lastSequenceNumber: string;
  /** When the first of them was read (Date.now()). */
  readonly since: number;
}

interface ShardState {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  iterator: string | undefined;
  /** GetRecords answered no NextShardIterator: the shard closes once its last batch is done. */
  exhausted: boolean;
  pending: PendingBatch | undefined;
  gathering: GatheringBatch | undefined;
  /** Iterators given up in a row (expired, trimmed): past a few, the error is the round's. */
  refreshes: number;
}

const MAX_ITERATOR_REFRESHES = 3;

/** What one step on a shard found: nothing new (`idle`) or work done / still to do (`busy`). */
type StepOutcome = 'idle' | 'busy';

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

/** The record as Lambda hands it to a function (creation time in epoch seconds). */
function lambdaRecord(record: StreamSourceRecord, streamArn: string, region: string): DynamoDBRecord {
  const stream = record.dynamodb;
  const created = stream?.ApproximateCreationDateTime;
  const image = (value: unknown) => value as Record<string, AttributeValue> | undefined;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: created ? Math.floor(created.getTime() / 1000) : undefined,
      Keys: image(stream?.Keys),
      ...(stream?.NewImage ? { NewImage: image(stream.NewImage) } : {}),
      ...(stream?.OldImage ? { OldImage: image(stream.OldImage) } : {}),
      SequenceNumber: stream?.SequenceNumber,
      SizeBytes: stream?.SizeBytes,
      StreamViewType: stream?.StreamViewType,
    },
  };
}

function sequenceNumber(record: DynamoDBRecord): string {
  return record.dynamodb?.SequenceNumber ?? '';
}

/**
 * The index of the first record the handler's answer fails, or records.length when none failed.
 * As Lambda: a thrown error fails the whole batch, and so does a failure naming no record of it.
 */
function firstFailure(records: DynamoDBRecord[], result: DynamoDBBatchResponse | undefined): number {
  const failures = result?.batchItemFailures ?? [];
  if (failures.length === 0) return records.length;
  const indexes = failures.map((failure) =>
    records.findIndex((record) => sequenceNumber(record) === failure?.itemIdentifier),
  );
  return indexes.includes(-1) ? 0 : Math.min(...indexes);
}

/**
 * Starts polling the table's stream; rejects when the table has no stream. `source` is for unit
 * tests (a stand-in of the Streams API); by default the table's stream on `endpoint`.
 */
export async function startLocalStreamPoller(
  options: LocalStreamPollerOptions,
  source: StreamSource = dynamoDbStreamSource({ ...options, region: options.region ?? LOCAL_REGION }),
): Promise<LocalStreamPoller> {
  const log = options.log ?? silentLog;
  const region = options.region ?? LOCAL_REGION;
  const batchSize = options.batchSize ?? EVENT_STREAM_SETTINGS.batchSize;
  const retryAttempts = options.retryAttempts ?? EVENT_STREAM_SETTINGS.retryAttempts;
  const pollIntervalMs = options.pollIntervalMs ?? EVENT_STREAM_SETTINGS.pollIntervalMs;
  const batchingWindowMs = options.batchingWindowMs ?? EVENT_STREAM_SETTINGS.maxBatchingWindowSeconds * 1000;
  const latestStreamArn = () => source.latestStreamArn();

  let checkpoint: StreamCheckpoint;
  const shards = new Map<string, ShardState>();
  let checkpointChanged = false;
  try {
    const streamArn = await latestStreamArn();
    if (!streamArn) throw new Error(`the table ${options.tableName} has no stream`);
    // A checkpoint of another stream is dropped by the first round's discover().
    checkpoint = (await readStreamCheckpoint(options.checkpointFile)) ?? { streamArn, shards: {} };
  } catch (error) {
    source.close();
    throw error;
  }

  const advance = (shardId: string, position: string) => {
    checkpoint.shards[shardId] = position;
    checkpointChanged = true;
  };
  const saveCheckpoint = async () => {
    if (!checkpointChanged) return;
    await writeStreamCheckpoint(options.checkpointFile, checkpoint);
    checkpointChanged = false;
  };

  /** The table's current stream and its shards; a new stream (re-enabled) is read afresh. */
  const discover = async () => {
    const streamArn = await latestStreamArn();
    // Thrown: the loop logs it once, not every round, and polls on for a stream enabled again.
    if (!streamArn) throw Object.assign(new Error('no stream'), { name: 'StreamDisabledError' });
    if (streamArn !== checkpoint.streamArn) {
      log('info', 'stream poller: a new stream, read from its start', { table: options.tableName });
      checkpoint = { streamArn, shards: {} };
      checkpointChanged = true;
      shards.clear();
    }
    const described = await source.shards(streamArn);
    for (const shard of described) {
      if (shards.has(shard.shardId) || checkpoint.shards[shard.shardId] === SHARD_CLOSED) continue;
      shards.set(shard.shardId, {
        ...shard,
        iterator: undefined,
        exhausted: false,
        pending: undefined,
        gathering: undefined,
        refreshes: 0,
      });
    }
    // Shards past the stream's retention are gone: their places need no keeping.
    for (const shardId of Object.keys(checkpoint.shards)) {
      if (!described.some((shard) => shard.shardId === shardId) && !shards.has(shardId)) {
        delete checkpoint.shards[shardId];
        checkpointChanged = true;
      }
    }
  };

  const iteratorAt = (shard: ShardState, type: ShardIteratorType, after?: string) =>
    source.iterator(checkpoint.streamArn, shard.shardId, type, after);

  /** An iterator just after the shard's checkpoint; from its start when that is trimmed away. */
  const openIterator = async (shard: ShardState) => {
    const after = checkpoint.shards[shard.shardId];
    if (after === undefined) return iteratorAt(shard, 'TRIM_HORIZON');
    try {
      return await iteratorAt(shard, 'AFTER_SEQUENCE_NUMBER', after);
    } catch (error) {
      // DynamoDB answers TrimmedDataAccessException, DynamoDB Local a ValidationException.
      if (!['TrimmedDataAccessException', 'ValidationException'].includes(errorName(error))) throw error;
      log('warn', 'stream poller: checkpoint past retention, reading the shard from its start', {
        shardId: shard.shardId,
      });
      return iteratorAt(shard, 'TRIM_HORIZON');
    }
  };

  const close = (shard: ShardState) => {
    advance(shard.shardId, SHARD_CLOSED);
    shards.delete(shard.shardId);
  };

  /** Hands the shard's pending batch to the handler once, and settles what the answer says. */
  const deliver = async (shard: ShardState, batch: PendingBatch) => {
    let failedFrom = batch.records.length;
    if (batch.records.length > 0) {
      try {
        failedFrom = firstFailure(batch.records, await options.handler({ Records: batch.records }));
      } catch (error) {
        log('warn', 'stream poller: the handler failed a batch', {
          shardId: shard.shardId,
          error: errorName(error),
        });
        failedFrom = 0;
      }
    }
    const done = batch.records.slice(0, failedFrom);
    batch.records = batch.records.slice(failedFrom);
    const lastDone = done.at(-1);
    if (batch.records.length > 0 && batch.retries >= retryAttempts) {
      log('warn', 'stream poller: batch given up after its retries', {
        shardId: shard.shardId,
        sequenceNumbers: batch.records.map(sequenceNumber),
      });
      batch.records = [];
    }
    if (batch.records.length === 0) {
      shard.pending = undefined;
      advance(shard.shardId, batch.lastSequenceNumber);
      if (shard.exhausted) close(shard);
    } else {
      batch.retries += 1;
      if (lastDone) advance(shard.shardId, sequenceNumber(lastDone));
    }
    await saveCheckpoint();
  };

  /** Reads the shard's next records (or retries its pending batch). */
  const step = async (shard: ShardState): Promise<StepOutcome> => {
    if (shard.pending) {
      await deliver(shard, shard.pending);
      return 'busy';
    }
    const room = batchSize - (shard.gathering?.records.length ?? 0);
    const read = room > 0 ? await readRecords(shard, room) : 0;
    if (typeof read !== 'number') return read;
    const gathering = shard.gathering;
    if (!gathering) {
      if (read > 0) {
        await saveCheckpoint();
        return 'busy';
      }
      if (!shard.exhausted) return 'idle';
      close(shard);
      await saveCheckpoint();
      return 'busy';
    }
    const due = Date.now() - gathering.since >= batchingWindowMs;
    if (gathering.records.length < batchSize && !due && !shard.exhausted) return 'busy';
    shard.gathering = undefined;
    const batch: PendingBatch = {
      records: gathering.records,
      lastSequenceNumber: gathering.lastSequenceNumber,
      retries: 0,
    };
    shard.pending = batch;
    await deliver(shard, batch);
    return 'busy';
  };

  /**
   * Reads up to `limit` records of the shard: the matching ones into its gathering batch (the
   * window starts at the first of them), the others consumed. The number read, or the step's
   * outcome when the read failed.
   */
  const readRecords = async (shard: ShardState, limit: number): Promise<number | StepOutcome> => {
    let response: Awaited<ReturnType<StreamSource['records']>>;
    try {
      shard.iterator ??= await openIterator(shard);
      if (!shard.iterator) throw new Error('no shard iterator');
      response = await source.records(shard.iterator, limit);
    } catch (error) {
      const name = errorName(error);
      if (name === 'ResourceNotFoundException') {
        shards.delete(shard.shardId);
        return 'busy';
      }
      if (!['ExpiredIteratorException', 'TrimmedDataAccessException', 'ValidationException'].includes(name))
        throw error;
      // A fresh iterator from the checkpoint next round (openIterator falls back to the start);
      // past a few in a row, the rounds fail with the error, so the loop logs it.
      // The records gathered so far are read again from the checkpoint with the fresh iterator.
      shard.iterator = undefined;
      shard.gathering = undefined;
      shard.refreshes += 1;
      if (shard.refreshes > MAX_ITERATOR_REFRESHES) throw error;
      return 'busy';
    }
    shard.refreshes = 0;
    shard.iterator = response.nextIterator;
    shard.exhausted = shard.iterator === undefined;
    const records = response.records.map((r) => lambdaRecord(r, checkpoint.streamArn, region));
    const last = records.at(-1);
    if (!last) return 0;
    const matching = records.filter((record) => matchesStreamFilter(options.filter, record));
    if (matching.length === 0 && !shard.gathering) {
      advance(shard.shardId, sequenceNumber(last));
      return records.length;
    }
    shard.gathering ??= { records: [], lastSequenceNumber: '', since: Date.now() };
    shard.gathering.records.push(...matching);
    shard.gathering.lastSequenceNumber = sequenceNumber(last);
    return records.length;
  };

  let stopped = false;
  let rounds = 0;
  const drains: { afterRound: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  /** One pass over the shards that may be read; true when none had anything new. */
  const pollRound = async (round: number): Promise<boolean> => {
    if (round % DISCOVER_EVERY_ROUNDS === 1 || drains.length > 0) await discover();
    let quiet = true;
    for (const shard of [...shards.values()]) {
      if (stopped) return false;
      const parentOpen = shard.parentShardId !== undefined && shards.has(shard.parentShardId);
      if (parentOpen || !shards.has(shard.shardId)) continue;
      if ((await step(shard)) === 'busy') quiet = false;
    }
    await saveCheckpoint();
    return quiet;
  };

  let wake: (() => void) | undefined;
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollIntervalMs);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  let failing: string | undefined;
  const loop = (async () => {
    while (!stopped) {
      rounds += 1;
      const round = rounds;
      let quiet = false;
      try {
        quiet = await pollRound(round);
        if (failing) log('info', 'stream poller: polling again', { table: options.tableName });
        failing = undefined;
      } catch (error) {
        // Once per kind of failure, not every round (DynamoDB Local stopped first, say).
        if (failing !== errorName(error))
          log('warn', 'stream poller: polling failed', { table: options.tableName, error: errorName(error) });
        failing = errorName(error);
      }
      if (quiet) {
        for (const drain of drains.filter((d) => d.afterRound < round)) {
          drains.splice(drains.indexOf(drain), 1);
          drain.resolve();
        }
      }
      if (!stopped) await pause();
    }
  })();

  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        wake?.();
        await loop;
        source.close();
        for (const drain of drains.splice(0)) drain.reject(new Error('the stream poller stopped'));
      })();
      return stopping;
    },
    drain() {
      if (stopped) return Promise.reject(new Error('the stream poller stopped'));
      return new Promise<void>((resolve, reject) => {
        drains.push({ afterRound: rounds, resolve, reject });
        wake?.();
      });
    },
  };
}
