/**
 * Identifiers. Case ids are ULIDs (sortable, unguessable); everything derived from an event is
 * a hash of what it derives from, so doing a step again finds the same ids and doubles nothing.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';

export function newCaseId(): string {
  return `pa_${ulid().toLowerCase()}`;
}

export function newUploadId(): string {
  return `up_${ulid().toLowerCase()}`;
}

export function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u001f')).digest('hex');
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The id of a payer event: one per payer and webhook-id (or per synchronous answer). */
export function payerEventId(payerId: string, webhookId: string): string {
  return `evt_${digest('webhook', payerId, webhookId).slice(0, 32)}`;
}

export function packetDocumentId(caseId: string): string {
  return `doc_${digest('packet', caseId).slice(0, 26)}`;
}

export function remedyIds(caseId: string, eventId: string): { appealId: string; documentId: string } {
  const h = digest('remedy', caseId, eventId);
  return { appealId: `apl_${h.slice(0, 24)}`, documentId: `doc_${h.slice(24, 50)}` };
}
