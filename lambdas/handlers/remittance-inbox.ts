/**
 * An 835 put in the documents bucket under remittances/inbox/ (S3's Object Created event through
 * EventBridge) is ingested as POST /v1/remittances ingests one: the same use case, reading the
 * object as a stream. It belongs to the organization of its folder,
 * `remittances/inbox/<organizationId>/<file>`; a file directly under the inbox to `default`. A malformed file is logged by its key and the segment at fault (a retry
 * would fail the same way); anything else throws, so the event is retried.
 */

import { readRemittance } from '#adapters/x12/remittance-835.ts';
import type { TextSource } from '#adapters/x12/remittance-segments.ts';
import { inboxObject, REMITTANCE_INBOX_PREFIX } from '#adapters/x12/remittance-source.ts';
import { AppError } from '#core/errors.ts';
import type { Ports } from '#core/ports.ts';
import { inboxOrganization } from '#core/remittance/inbox.ts';
import { recordSystemEvent } from '#use-cases/audit-trail.ts';
import {
  type RemittanceOutcome,
  type RemittancePorts,
  receiveRemittance,
} from '#use-cases/receive-remittance.ts';
import { audit } from './bindings/audit.ts';
import { cases } from './bindings/cases.ts';
import { clock, compose, log } from './bindings/compose.ts';
import { registry } from './bindings/registry.ts';
import { remittances } from './bindings/remittances.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, log, registry, remittances, audit });

export interface ObjectCreatedEvent {
  detail?: { object?: { key?: string } };
}

export type InboxResult = RemittanceOutcome | { refused: string } | { ignored: string };

/** Ingests the object under `key`, opened (afresh for each read) by `open`. */
export async function ingestInboxObject(
  key: string,
  open: (key: string) => TextSource,
  inboxPorts: RemittancePorts & Pick<Ports, 'audit'>,
): Promise<InboxResult> {
  if (!key.startsWith(REMITTANCE_INBOX_PREFIX)) return { ignored: `not under ${REMITTANCE_INBOX_PREFIX}` };
  const organizationId = inboxOrganization(key, REMITTANCE_INBOX_PREFIX);
  if (!organizationId) return { ignored: 'its folder under the inbox is not an organization id' };
  try {
    const outcome = await receiveRemittance(() => readRemittance(open(key)), inboxPorts, organizationId);
    // The audit trail: the system stored a remittance from the drop folder (remittance.create).
    if (!outcome.duplicate) {
      const actor = { type: 'system' as const, id: 'remittance-inbox' };
      const ids = { remittanceId: outcome.remittanceId };
      await recordSystemEvent({ actor, action: 'remittance.create', ids, organizationId }, inboxPorts);
    }
    return outcome;
  } catch (error) {
    if (!(error instanceof AppError) || !error.expose) throw error;
    inboxPorts.log.warn('remittance file refused', { key, errorName: error.name, detail: error.message });
    return { refused: error.message };
  }
}

export const handler = (event: ObjectCreatedEvent): Promise<InboxResult> =>
  ingestInboxObject(event.detail?.object?.key ?? '', (key) => inboxObject(key), ports);
