/**
 * The records of the cases table's stream as the event-stream function reads them: which are
 * payer-event receipts (pk EVENT#<eventId>, sk RECEIPT), and the batch item failures Lambda reads
 * back (ReportBatchItemFailures: the sequence numbers to hand over again).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventIdOfReceiptKey } from '#adapters/case-keys.ts';

export interface StreamReceipt {
  eventId: string;
  sequenceNumber: string;
}

/** The receipts of a batch, in its order; any other record (another item, no keys) is left out. */
export function receiptsOf(event: DynamoDBStreamEvent): StreamReceipt[] {
  return event.Records.flatMap((record) => {
    const keys = record.dynamodb?.Keys;
    const eventId = eventIdOfReceiptKey(keys?.pk?.S, keys?.sk?.S);
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    return eventId && sequenceNumber ? [{ eventId, sequenceNumber }] : [];
  });
}

/** The records of the events whose start failed, by sequence number. */
export function batchFailures(
  receipts: readonly StreamReceipt[],
  failedEventIds: readonly string[],
): DynamoDBBatchResponse {
  const failed = new Set(failedEventIds);
  return {
    batchItemFailures: receipts
      .filter((r) => failed.has(r.eventId))
      .map((r) => ({ itemIdentifier: r.sequenceNumber })),
  };
}
