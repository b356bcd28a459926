/**
 * The cases table's stream (lib/event-stream.ts): a batch of new payer-event receipts, keys only,
 * filtered by the event source mapping (on AWS) or the local poller (lib/local/dynamodb-stream.ts).
 * Starts HandlePayerEvent for each; answers the records whose start failed
 * (ReportBatchItemFailures), so only those and the ones after them are handed over again.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { EVENT_STREAM_SETTINGS } from '#infra/event-stream.ts';
import { startStoredEvents } from '#use-cases/start-stored-events.ts';
import { cases } from './bindings/cases.ts';
import { compose, log } from './bindings/compose.ts';
import { workflows } from './bindings/workflows.ts';
import { batchFailures, receiptsOf } from './stream-records.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, log, workflows });

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const receipts = receiptsOf(event);
  const { failed } = await startStoredEvents(
    receipts.map((r) => r.eventId),
    ports,
    { concurrency: EVENT_STREAM_SETTINGS.startConcurrency },
  );
  return batchFailures(receipts, failed);
};
