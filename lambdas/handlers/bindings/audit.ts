/** The audit port (the audit trail, append-only), on its own DynamoDB table (AUDIT_TABLE_NAME). */
import { dynamoAuditStore } from '#adapters/audit-repository.ts';
import { once } from './compose.ts';

export const audit = once(() => dynamoAuditStore());
