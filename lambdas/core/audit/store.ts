/**
 * The AuditStore port (Ports.audit in ports.ts): append-only. DynamoDB:
 * adapters/audit-repository.ts (a table of its own that no role may update or delete); in-memory
 * twin: adapters/in-memory/audit-store.ts. The same contract suite (test/contract/audit-store.contract.ts)
 * runs against both.
 */
import type { AuditEvent } from './events.ts';
import type { AuditPage, AuditQuery } from './query.ts';

export interface AuditStore {
  /** Stores a new event; an event id stored before is refused (nothing is ever overwritten). */
  append(event: AuditEvent): Promise<void>;
  /**
   * One organization's events, newest first, filtered by case, actor and `since` (inclusive), a
   * page of at most `limit` (≤ 500) at a time. @throws ValidationError for a token of another query
   */
  list(query: AuditQuery): Promise<AuditPage>;
}
