/**
 * The event-stream function's reading of a batch: payer-event receipts only, in order, and the
 * failed ones answered by sequence number (ReportBatchItemFailures).
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { batchFailures, receiptsOf } from '#handlers/stream-records.ts';

function record(pk: string | undefined, sk: string | undefined, sequenceNumber?: string): DynamoDBRecord {
  return {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: {
        ...(pk === undefined ? {} : { pk: { S: pk } }),
        ...(sk === undefined ? {} : { sk: { S: sk } }),
      },
      ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
      StreamViewType: 'KEYS_ONLY',
    },
  };
}

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe('receiptsOf', () => {
  it('reads the event id and sequence number of each receipt, in order', () => {
    expect(
      receiptsOf(batch(record('EVENT#evt_b', 'RECEIPT', '200'), record('EVENT#evt_a', 'RECEIPT', '100'))),
    ).toEqual([
      { eventId: 'evt_b', sequenceNumber: '200' },
      { eventId: 'evt_a', sequenceNumber: '100' },
    ]);
  });

  it.each([
    ['a case item', record('CASE#pa_1', 'CASE', '1')],
    ['a history item of an event', record('CASE#pa_1', 'EVENT#2026#01', '2')],
    ['a receipt-like key of another prefix', record('WEBHOOK#evt_a', 'RECEIPT', '3')],
    ['an empty event id', record('EVENT#', 'RECEIPT', '4')],
    ['no sequence number', record('EVENT#evt_a', 'RECEIPT')],
    ['no keys', record(undefined, undefined, '5')],
    ['no sort key', record('EVENT#evt_a', undefined, '6')],
  ])('leaves out %s', (_, r) => {
    expect(receiptsOf(batch(r))).toEqual([]);
  });
});

describe('batchFailures', () => {
  const receipts = [
    { eventId: 'evt_a', sequenceNumber: '100' },
    { eventId: 'evt_b', sequenceNumber: '200' },
    { eventId: 'evt_c', sequenceNumber: '300' },
  ];

  it('answers the sequence numbers of the failed events, in the batch order', () => {
    expect(batchFailures(receipts, ['evt_c', 'evt_a'])).toEqual({
      batchItemFailures: [{ itemIdentifier: '100' }, { itemIdentifier: '300' }],
    });
  });

  it('answers no failure when every start went', () => {
    expect(batchFailures(receipts, [])).toEqual({ batchItemFailures: [] });
  });
});
