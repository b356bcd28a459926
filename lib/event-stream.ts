/**
 * The stream of the cases table that starts HandlePayerEvent for every stored payer event, shared
 * by the CDK app (a Lambda event source mapping on the table's DynamoDB stream) and the local
 * stack (lib/local/dynamodb-stream.ts polls DynamoDB Local's stream with the same settings), so
 * the same records reach the same handler (`eventStream`) in batches of the same size.
 *
 * The webhook answers the payer once the event is stored (one conditional write); the workflow
 * is started from here, off the payer's path. A start that fails here is not lost: the sweep
 * re-drives every stored event not yet applied.
 */

/**
 * KEYS_ONLY: a stream record carries the item's keys and nothing else, so no payer body (PHI)
 * leaves the table through the stream; the handler reads the receipt's case id by its key.
 */
export const CASES_STREAM_VIEW = 'KEYS_ONLY' as const;

/**
 * The records handed to the function: a new payer-event receipt (pk EVENT#<eventId>, sk RECEIPT),
 * in the event-filter syntax of Lambda event source mappings (arrays of exact values). The local
 * poller evaluates the same pattern (matchesStreamFilter in lib/local/dynamodb-stream.ts).
 */
export const RECEIPT_INSERT_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { sk: { S: ['RECEIPT'] } } },
} as const;

/** The event source mapping's settings, and the local poller's. */
export const EVENT_STREAM_SETTINGS = {
  /**
   * Matching records per invocation at most (the DynamoDB event source allows 10,000): with the
   * batching window, a burst of up to this many updates starts its workflows together once it is
   * received. Keys only, so a full batch is about 0.3 MB of the 6 MB an invocation may carry.
   */
  batchSize: 1_000,
  /** Tries of a failed batch before its records are left to the sweep. */
  retryAttempts: 3,
  /**
   * Records are gathered this long after the first (or until a batch is full) before the
   * function is called: a burst of payer updates is applied together, a second later, instead of
   * its workflows running while the rest of the burst is still being received. (Locally they
   * share one DynamoDB Local, where ApplyPayerEvent's transactions hold up the webhook's writes.)
   */
  maxBatchingWindowSeconds: 1,
  /** Starts the function makes at once (a full batch in a few seconds, far inside its timeout). */
  startConcurrency: 10,
  /** Lambda polls each shard of a DynamoDB stream four times a second. */
  pollIntervalMs: 250,
} as const;
