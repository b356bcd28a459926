/**
 * What a payer event does to a case, decided once and purely: the next case record, the history
 * entries and whether a remedy (appeal or corrected claim) is owed. An event older than the
 * newest one applied never rolls the case back; a transition the status model forbids is refused
 * and recorded, never applied; an event applied before (a re-drive) changes nothing but says
 * again whether its remedy is still owed.
 */
import type { Appeal, Claim, Decision, HistoryEntry } from '../model.ts';
import { statusForEvent } from '../payer/payer-events.ts';
import type { NormalisedPayerEvent } from '../ports.ts';
import type { CaseRecord } from './case-record.ts';
import { remediesOwed, remedyOwed as remedyOwedFor } from './remedies-owed.ts';
import { canTransition } from './status-transitions.ts';

export interface PayerEventInput {
  record: CaseRecord;
  event: NormalisedPayerEvent;
  eventId: string;
  /** The clock's time of applying (ISO). */
  at: string;
  /** The stored claim a `claim.denied` event names, if any. */
  claim?: Claim | undefined;
}

/** applied; stale (older than the last applied); refused (transition not allowed); redrive (applied before). */
export type PayerEventOutcome = 'applied' | 'stale' | 'refused' | 'redrive';

export interface PayerEventChange {
  outcome: PayerEventOutcome;
  /** The case to save, or null when there is nothing to write (a re-drive). */
  next: CaseRecord | null;
  history: HistoryEntry[];
  /** A denial whose remedy is not composed yet: ComposeRemedy runs next. */
  remedyOwed: boolean;
  /** The denied claim, now DENIED, saved with the case. */
  deniedClaim?: Claim;
}

/** The event for people: type, outcome, ids and codes, never patient data. */
export function describePayerEvent(event: NormalisedPayerEvent): string {
  const reasons = event.reasons.map((r) => `${r.system} ${r.group ? `${r.group}-` : ''}${r.code}`).join(', ');
  const parts = [`${event.type} ${event.outcome}`];
  if (event.authorizationNumber) parts.push(`authorization ${event.authorizationNumber}`);
  if (event.claimId) parts.push(`claim ${event.claimId}`);
  if (event.appealId) parts.push(`appeal ${event.appealId}`);
  if (reasons) parts.push(`reasons ${reasons}`);
  return parts.join('; ');
}

export function applyPayerEventToCase(input: PayerEventInput): PayerEventChange {
  const { record, event, eventId, at } = input;
  if (record.appliedEventIds.includes(eventId)) {
    // A crash between the two steps is finished by the re-drive; ComposeRemedy's own check
    // keeps the remedy from doubling.
    const remedyOwed = remediesOwed(record).includes(eventId);
    return { outcome: 'redrive', next: null, history: [], remedyOwed };
  }
  const seen: CaseRecord = {
    ...record,
    updatedAt: at,
    appliedEventIds: [...record.appliedEventIds, eventId],
  };
  const entry = (fields: Omit<HistoryEntry, 'at' | 'source' | 'eventId'>): HistoryEntry => ({
    at,
    source: 'payer',
    eventId,
    ...fields,
  });
  const target = statusForEvent(event);
  const refusal = whyNotApplied(record, event, target) ?? deniedBefore(event, input.claim);
  if (refusal) {
    const detail = `${describePayerEvent(event)}; ${refusal.why}: not applied`;
    const history = [entry({ event: `${event.type}.${refusal.outcome}`, applied: false, detail })];
    return { outcome: refusal.outcome, next: seen, history, remedyOwed: false };
  }

  const remedyOwed = owesRemedy(event, target);
  const next: CaseRecord = {
    ...seen,
    ...eventFacts(record, event, eventId),
    status: target,
    lastEventAt: orderingTime(event.occurredAt, at),
    flags: [],
    ...(remedyOwed ? remedyOwedFor(record, eventId) : {}),
  };
  const deniedClaim =
    event.type === 'claim.denied' && input.claim ? { ...input.claim, status: 'DENIED' as const } : null;
  return {
    outcome: 'applied',
    next,
    history: [entry({ status: target, event: event.type, applied: true, detail: describePayerEvent(event) })],
    remedyOwed,
    ...(deniedClaim ? { deniedClaim } : {}),
  };
}

/** How far a payer's clock may run ahead of ours before its events are ordered at our time. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The time an event is ordered by: its occurredAt, unless that is more than the skew ahead of the
 * product clock, then the time it is applied. A payer's clock far in the future (or a forged
 * date) would otherwise make every later real event look stale and freeze the case; the decision
 * itself keeps the payer's date.
 */
export function orderingTime(occurredAt: string, at: string): string {
  return Date.parse(occurredAt) > Date.parse(at) + MAX_CLOCK_SKEW_MS ? at : occurredAt;
}

/** Stale: older than the last event applied (a tie is not older). Refused: the status model forbids it. */
function whyNotApplied(
  record: CaseRecord,
  event: NormalisedPayerEvent,
  target: CaseRecord['status'],
): { outcome: 'stale' | 'refused'; why: string } | null {
  if (record.lastEventAt && Date.parse(event.occurredAt) < Date.parse(record.lastEventAt)) {
    const why = `occurred ${event.occurredAt}, older than the last applied event (${record.lastEventAt})`;
    return { outcome: 'stale', why };
  }
  if (!canTransition(record.status, target)) {
    return { outcome: 'refused', why: `transition ${record.status} -> ${target} is not allowed` };
  }
  return null;
}

/**
 * The same claim denied again (its 835 and a claim.denied webhook for one denial, or a notice sent
 * twice): the first denial's remedy answers it, so it is recorded, not applied a second time.
 */
function deniedBefore(
  event: NormalisedPayerEvent,
  claim: Claim | undefined,
): { outcome: 'refused'; why: string } | null {
  if (event.type !== 'claim.denied' || claim?.status !== 'DENIED') return null;
  return {
    outcome: 'refused',
    why: `claim ${claim.claimId} is denied already and its remedy answers this denial`,
  };
}

/** A denied prior auth, a denied claim and an upheld appeal each want a remedy. */
function owesRemedy(event: NormalisedPayerEvent, target: CaseRecord['status']): boolean {
  switch (event.type) {
    case 'prior_auth.decision':
      return target === 'DENIED';
    case 'claim.denied':
      return true;
    case 'appeal.decision':
      return target === 'APPEAL_DENIED';
  }
}

/** What the event records on the case beyond its status: the decision, or the appeal's answer. */
function eventFacts(
  record: CaseRecord,
  event: NormalisedPayerEvent,
  eventId: string,
): Partial<Pick<CaseRecord, 'decision' | 'appeals'>> {
  if (event.type === 'prior_auth.decision') {
    const decision: Decision = {
      outcome: event.outcome as Decision['outcome'],
      authorizationNumber: event.authorizationNumber,
      payerReference: event.payerReference,
      approvedUnits: event.approvedUnits,
      validFrom: event.validFrom,
      validTo: event.validTo,
      reasons: event.reasons,
      requestedDocuments: event.requestedDocuments,
      note: event.note,
      decidedAt: event.occurredAt,
      eventId,
    };
    return { decision };
  }
  if (event.type === 'appeal.decision') {
    const status: Appeal['status'] = event.outcome === 'overturned' ? 'APPEAL_APPROVED' : 'APPEAL_DENIED';
    const answered = (a: Appeal) =>
      a.appealId === event.appealId || (!event.appealId && a.status === 'APPEAL_READY');
    return { appeals: record.appeals.map((a) => (answered(a) ? { ...a, status } : a)) };
  }
  return {};
}
