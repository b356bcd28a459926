/**
 * The audit port (the audit trail, append-only), on its own DynamoDB table (AUDIT_TABLE_NAME).
 * PA_AUDIT=off binds a store that keeps nothing: for `bench/audit.ts` only (the run without the
 * audit trail that its cost is measured against), never for a deployment.
 */
import { dynamoAuditStore } from '#adapters/audit-repository.ts';
import type { AuditStore } from '#core/audit/store.ts';
import { once } from './compose.ts';

const keepsNothing: AuditStore = {
  append: async () => {},
  list: async () => ({ items: [], nextToken: null }),
};

export const audit = once(
  (): AuditStore => (process.env.PA_AUDIT === 'off' ? keepsNothing : dynamoAuditStore()),
);
