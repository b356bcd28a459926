/**
 * The part of DynamoDB's Streams API the local stream poller (dynamodb-stream.ts) reads: the
 * table's current stream, its shards, iterators and records. The SDK one talks to DynamoDB Local
 * with the data dir's key; unit tests give the poller a stand-in with shards DynamoDB Local does
 * not make on demand (a parent and its child, an expired iterator). Errors keep the service's
 * names (TrimmedDataAccessException, ExpiredIteratorException…), which the poller acts on.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DescribeStreamCommandOutput,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { LocalCredentials } from './credentials.ts';

export type { _Record as StreamSourceRecord, ShardIteratorType };

export interface StreamShard {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
}

export interface StreamSource {
  /** The table's stream; undefined when it has none enabled. */
  latestStreamArn(): Promise<string | undefined>;
  shards(streamArn: string): Promise<StreamShard[]>;
  iterator(
    streamArn: string,
    shardId: string,
    type: ShardIteratorType,
    after?: string,
  ): Promise<string | undefined>;
  /** Up to `limit` records; no next iterator once the shard is closed and read to its end. */
  records(iterator: string, limit: number): Promise<{ records: _Record[]; nextIterator: string | undefined }>;
  close(): void;
}

export interface DynamoDbStreamSourceOptions {
  endpoint: string;
  credentials: LocalCredentials;
  region: string;
  tableName: string;
}

/** The table's stream on DynamoDB Local, through the SDK. */
export function dynamoDbStreamSource(options: DynamoDbStreamSourceOptions): StreamSource {
  const clientOptions = {
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
    maxAttempts: 2,
  };
  const tables = new DynamoDBClient(clientOptions);
  const streams = new DynamoDBStreamsClient(clientOptions);
  return {
    async latestStreamArn() {
      const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
      return Table?.StreamSpecification?.StreamEnabled ? Table.LatestStreamArn : undefined;
    },
    async shards(streamArn) {
      const shards: StreamShard[] = [];
      let page: DescribeStreamCommandOutput['StreamDescription'];
      do {
        const response = await streams.send(
          new DescribeStreamCommand({
            StreamArn: streamArn,
            ExclusiveStartShardId: page?.LastEvaluatedShardId,
          }),
        );
        page = response.StreamDescription;
        for (const shard of page?.Shards ?? [])
          if (shard.ShardId) shards.push({ shardId: shard.ShardId, parentShardId: shard.ParentShardId });
      } while (page?.LastEvaluatedShardId);
      return shards;
    },
    async iterator(streamArn, shardId, type, after) {
      const response = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          SequenceNumber: after,
        }),
      );
      return response.ShardIterator;
    },
    async records(iterator, limit) {
      const response = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
      return { records: response.Records ?? [], nextIterator: response.NextShardIterator };
    },
    close() {
      tables.destroy();
      streams.destroy();
    },
  };
}
