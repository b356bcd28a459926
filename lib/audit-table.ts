/**
 * The audit table's design (lambdas/adapters/audit-keys.ts lays its items out), shared by the CDK
 * stack (lib/stateful-stack.ts) and the local stack (lib/local/audit-table.ts). A table of its own,
 * apart from the cases table, so IAM can make it append-only: PutItem and Query are the only
 * actions any role gets on it (lib/stateless/access.ts).
 */
import { TABLE_DESIGN } from './table-design.ts';

const { partitionKey, sortKey, timeToLiveAttribute } = TABLE_DESIGN;

/** The cases table's key and TTL attribute names, its own indexes (by case, by actor). */
export const AUDIT_TABLE_DESIGN = {
  partitionKey,
  sortKey,
  timeToLiveAttribute,
  globalSecondaryIndexes: [
    { indexName: 'byCase', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'byActor', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export const LOCAL_AUDIT_TABLE_NAME = 'pa-audit';

/** The handlers' environment variable naming the table (lambdas/adapters/audit-repository.ts reads it). */
export const AUDIT_TABLE_ENV = 'AUDIT_TABLE_NAME';
