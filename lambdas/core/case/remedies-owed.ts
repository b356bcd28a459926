/**
 * The denials of a case whose remedy is owed, oldest first: two denials may overlap (a second
 * arrives before the first one's remedy is composed), and neither may be forgotten. The first is
 * `pendingRemedyEventId` (as before), the others wait in `queuedRemedyEventIds`. Pure.
 */
import type { CaseRecord } from './case-record.ts';

type Owed = Pick<CaseRecord, 'pendingRemedyEventId' | 'queuedRemedyEventIds'>;

export function remediesOwed(record: Owed): string[] {
  const first = record.pendingRemedyEventId;
  return [...(first ? [first] : []), ...(record.queuedRemedyEventIds ?? [])];
}

/** The list written back: the first as pending, the rest queued (the queue left out while never used). */
function owedAs(before: Owed, ids: string[]): Owed {
  const queued = ids.slice(1);
  return {
    pendingRemedyEventId: ids[0] ?? null,
    ...(queued.length > 0 || before.queuedRemedyEventIds ? { queuedRemedyEventIds: queued } : {}),
  };
}

/** The case's owed remedies with this denial's added (once). */
export function remedyOwed(record: Owed, eventId: string): Owed {
  const owed = remediesOwed(record);
  return owedAs(record, owed.includes(eventId) ? owed : [...owed, eventId]);
}

/** The case's owed remedies without this denial's (composed, or no longer owed). */
export function remedySettled(record: Owed, eventId: string): Owed {
  return owedAs(
    record,
    remediesOwed(record).filter((id) => id !== eventId),
  );
}
