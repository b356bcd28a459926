/**
 * One state model for every payer channel: the webhook JSON of API.md becomes a
 * NormalisedPayerEvent here; a Da Vinci PAS ClaimResponse (regulation.md (f)) and an X12 278
 * response (regulation.md (e)) are read beside the transports that speak them
 * (adapters/transports/pas-claim-response.ts, x12-278-response.ts) and decided here: the HCR01
 * review action codes are mapped once (REVIEW_ACTIONS) for both, and `reviewDecision` turns
 * what either read into the event. `statusForEvent` is the case status an event asks for.
 *
 * Errors name fields and codes, never patient data.
 */
import { PayerWebhookBody, type ReviewActionCode } from '#schemas/webhook.ts';
import { ValidationError } from '../errors.ts';
import type { CaseStatus } from '../model.ts';
import type { NormalisedPayerEvent } from '../ports.ts';

export type PayerReason = NormalisedPayerEvent['reasons'][number];
type DecisionOutcome = 'approved' | 'partially_approved' | 'denied' | 'pended';

/**
 * HCR01 action codes (element 306) and what they mean for a case. A1 approved; A2 (partial) and
 * A6 (modified) certify less than requested, so the case is partially approved with the units and
 * period the payer states; A3 denied, A4 pended (a final answer follows); C, CT and NA need a person, so they
 * become `pended` with a note for the manual work queue. Wording: X12 278 TR3 as commonly
 * published (UNVERIFIED subset, regulation.md (e)).
 */
export const REVIEW_ACTIONS: Readonly<
  Record<ReviewActionCode, { outcome: DecisionOutcome; label: string; manualWorkQueue: boolean }>
> = {
  A1: { outcome: 'approved', label: 'Certified in total', manualWorkQueue: false },
  A2: { outcome: 'partially_approved', label: 'Certified - partial', manualWorkQueue: false },
  A3: { outcome: 'denied', label: 'Not certified', manualWorkQueue: false },
  A4: { outcome: 'pended', label: 'Pended', manualWorkQueue: false },
  A6: { outcome: 'partially_approved', label: 'Modified', manualWorkQueue: false },
  C: { outcome: 'pended', label: 'Cancelled', manualWorkQueue: true },
  CT: { outcome: 'pended', label: 'Contact payer', manualWorkQueue: true },
  NA: { outcome: 'pended', label: 'No action required', manualWorkQueue: true },
};

export function isReviewActionCode(code: string): code is ReviewActionCode {
  return Object.hasOwn(REVIEW_ACTIONS, code);
}

/**
 * One outcome for a response that answers several service lines: anything that needs a person
 * or is still pending keeps the case pended; otherwise all approved is approved, all denied is
 * denied, and a mix is a partial approval.
 */
export function combineReviewActions(codes: readonly ReviewActionCode[]): {
  outcome: DecisionOutcome;
  manualCodes: ReviewActionCode[];
} {
  const manualCodes = codes.filter((c) => REVIEW_ACTIONS[c].manualWorkQueue);
  const outcomes = codes.map((c) => REVIEW_ACTIONS[c].outcome);
  if (codes.length === 0 || outcomes.includes('pended')) return { outcome: 'pended', manualCodes };
  if (outcomes.every((o) => o === 'approved')) return { outcome: 'approved', manualCodes };
  if (outcomes.every((o) => o === 'denied')) return { outcome: 'denied', manualCodes };
  return { outcome: 'partially_approved', manualCodes };
}

/** How a note sending the case to the manual work queue starts (C, CT, NA). */
export const MANUAL_WORK_QUEUE_NOTE = 'manual work queue:';

function manualNote(codes: readonly ReviewActionCode[]): string | null {
  if (codes.length === 0) return null;
  const named = [...new Set(codes)].map((c) => `${c} (${REVIEW_ACTIONS[c].label})`).join(', ');
  return `${MANUAL_WORK_QUEUE_NOTE} the payer answered ${named}; a person must follow up with the payer`;
}

/**
 * Whether a synchronous payer answer is worth applying to the case now: every final decision,
 * and a pend that asks for documents or needs a person. A plain pend (A4) only says "wait for
 * the final answer", so the case stays SUBMITTED.
 */
export function isActionableAnswer(event: NormalisedPayerEvent): boolean {
  if (event.outcome !== 'pended') return true;
  return event.requestedDocuments.length > 0 || (event.note?.startsWith(MANUAL_WORK_QUEUE_NOTE) ?? false);
}

function joinNotes(...parts: Array<string | null | undefined>): string | null {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return kept.length === 0 ? null : kept.join(' | ');
}

function dedupeReasons(reasons: PayerReason[]): PayerReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.system}|${r.group ?? ''}|${r.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface ResponseContext {
  caseId: string;
  /** When the response reached us: the event time when the payer's own time is missing. */
  receivedAt: string;
  /** Units requested: the approved quantity of a full approval that does not restate it. */
  requestedUnits?: number;
}

/** What a PAS ClaimResponse or an X12 278 response says, as its reader found it. */
export interface ReviewAnswer {
  /** The review action code of each service line (or of the patient event). */
  codes: ReviewActionCode[];
  occurredAt: string;
  payerReference: string | null;
  /** The certification number, kept only when something is granted. */
  authorizationNumber: string | null;
  /** The authorized quantities of the lines that restate them. */
  quantities: number[];
  period: { from?: string | undefined; to?: string | undefined } | undefined;
  reasons: PayerReason[];
  requestedDocuments: string[];
  /** The payer's own texts (disposition, notes, MSG), after the manual-queue note. */
  notes: Array<string | null | undefined>;
}

/**
 * A synchronous payer answer as a prior-auth decision: the lines' review actions combined, the
 * certification number, period and units only where something is granted (a full approval that
 * restates no quantity approves the units requested), reasons once each, a note for the manual
 * work queue first.
 */
export function reviewDecision(answer: ReviewAnswer, ctx: ResponseContext): NormalisedPayerEvent {
  const { outcome, manualCodes } = combineReviewActions(answer.codes);
  const granted = outcome === 'approved' || outcome === 'partially_approved';
  const approvedUnits = !granted
    ? null
    : answer.quantities.length > 0
      ? answer.quantities.reduce((a, b) => a + b, 0)
      : outcome === 'approved'
        ? (ctx.requestedUnits ?? null)
        : null;
  return {
    type: 'prior_auth.decision',
    occurredAt: answer.occurredAt,
    caseId: ctx.caseId,
    payerReference: answer.payerReference,
    outcome,
    authorizationNumber: granted ? answer.authorizationNumber : null,
    approvedUnits,
    validFrom: granted ? (answer.period?.from ?? null) : null,
    validTo: granted ? (answer.period?.to ?? null) : null,
    reasons: dedupeReasons(answer.reasons),
    requestedDocuments: answer.requestedDocuments,
    note: joinNotes(manualNote(manualCodes), ...answer.notes),
  };
}

// ---------------------------------------------------------------------------------------------
// Webhook JSON
// ---------------------------------------------------------------------------------------------

/** The webhook body of API.md as a NormalisedPayerEvent; a bad body is a ValidationError. */
export function normaliseWebhook(body: unknown): NormalisedPayerEvent {
  const parsed = PayerWebhookBody.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(
      'the webhook body is not a payer event',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const event = parsed.data;
  const { data } = event;
  const base = {
    occurredAt: event.occurredAt,
    caseId: data.caseId,
    payerReference: data.payerReference ?? null,
    reasons: data.reasons.map(toReason),
    note: data.note ?? null,
  };
  if (event.type === 'claim.denied') return claimDenial(base, event.data);
  return {
    ...base,
    type: event.type,
    outcome: event.data.outcome,
    ...grantOf(event.data),
    requestedDocuments: event.type === 'prior_auth.decision' ? event.data.requestedDocuments : [],
    ...(event.type === 'appeal.decision' ? { appealId: event.data.appealId } : {}),
  };
}

/** A claim denial: its top-level CARC (data.group, data.code) first, then the listed reasons. */
function claimDenial(
  base: Pick<NormalisedPayerEvent, 'occurredAt' | 'caseId' | 'payerReference' | 'reasons' | 'note'>,
  data: { claimId: string; code?: string | undefined; group?: string | undefined },
): NormalisedPayerEvent {
  const topLevel: PayerReason[] =
    data.code === undefined
      ? []
      : [{ system: 'CARC', code: data.code, ...(data.group ? { group: data.group } : {}) }];
  const listed = base.reasons.filter(
    (r) => !topLevel.some((t) => t.system === r.system && t.code === r.code && t.group === r.group),
  );
  return {
    ...base,
    type: 'claim.denied',
    outcome: 'denied',
    reasons: [...topLevel, ...listed],
    ...grantOf({}),
    requestedDocuments: [],
    claimId: data.claimId,
  };
}

/** The authorization a decision grants (or an overturned appeal restores), null where absent. */
function grantOf(data: {
  authorizationNumber?: string | null | undefined;
  approvedUnits?: number | null | undefined;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
}): Pick<NormalisedPayerEvent, 'authorizationNumber' | 'approvedUnits' | 'validFrom' | 'validTo'> {
  return {
    authorizationNumber: data.authorizationNumber ?? null,
    approvedUnits: data.approvedUnits ?? null,
    validFrom: data.validFrom ?? null,
    validTo: data.validTo ?? null,
  };
}

function toReason(r: {
  system: PayerReason['system'];
  code: string;
  group?: string | undefined;
}): PayerReason {
  return r.group === undefined
    ? { system: r.system, code: r.code }
    : { system: r.system, code: r.code, group: r.group };
}

// ---------------------------------------------------------------------------------------------
// Event -> status
// ---------------------------------------------------------------------------------------------

/** The case status a payer event asks for (checked against TRANSITIONS by the caller). */
export function statusForEvent(
  event: Pick<NormalisedPayerEvent, 'type' | 'outcome' | 'requestedDocuments'>,
): CaseStatus {
  switch (event.type) {
    case 'prior_auth.decision':
      switch (event.outcome) {
        case 'approved':
          return 'APPROVED';
        case 'partially_approved':
          return 'PARTIALLY_APPROVED';
        case 'denied':
          return 'DENIED';
        case 'pended':
          return event.requestedDocuments.length > 0 ? 'NEEDS_INFO' : 'PENDED';
      }
      break;
    case 'claim.denied':
      if (event.outcome === 'denied') return 'DENIED';
      break;
    case 'appeal.decision':
      if (event.outcome === 'overturned') return 'APPEAL_APPROVED';
      if (event.outcome === 'upheld') return 'APPEAL_DENIED';
      break;
  }
  throw new ValidationError(`outcome ${event.outcome} does not belong to a ${event.type} event`, [
    { path: 'outcome', message: `not an outcome of ${event.type}` },
  ]);
}
