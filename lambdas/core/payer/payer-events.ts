/**
 * Every payer channel becomes one NormalisedPayerEvent: the webhook JSON of API.md, a Da Vinci
 * PAS ClaimResponse (regulation.md (f)) and an X12 278 response (regulation.md (e)). The HCR01
 * review action codes are mapped once (REVIEW_ACTIONS) for both PAS and X12.
 *
 * Errors name fields and codes, never patient data.
 */
import { X12Parser, type X12Segment } from 'node-x12';
import { PayerWebhookBody, type ReviewActionCode } from '#schemas/webhook.ts';
import { PayerRejectedError, ValidationError } from '../errors.ts';
import type { CaseStatus } from '../model.ts';
import type { NormalisedPayerEvent } from '../ports.ts';

type Reason = NormalisedPayerEvent['reasons'][number];
type DecisionOutcome = 'approved' | 'partially_approved' | 'denied' | 'pended';

/**
 * HCR01 action codes (element 306) and what they mean for a case. A1/A6 approved, A2 partially
 * approved, A3 denied, A4 pended (a final answer follows); C, CT and NA need a person, so they
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
  A6: { outcome: 'approved', label: 'Modified', manualWorkQueue: false },
  C: { outcome: 'pended', label: 'Cancelled', manualWorkQueue: true },
  CT: { outcome: 'pended', label: 'Contact payer', manualWorkQueue: true },
  NA: { outcome: 'pended', label: 'No action required', manualWorkQueue: true },
};

function isReviewActionCode(code: string): code is ReviewActionCode {
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
  switch (event.type) {
    case 'prior_auth.decision':
      return {
        ...base,
        type: event.type,
        outcome: event.data.outcome,
        authorizationNumber: event.data.authorizationNumber ?? null,
        approvedUnits: event.data.approvedUnits ?? null,
        validFrom: event.data.validFrom ?? null,
        validTo: event.data.validTo ?? null,
        requestedDocuments: event.data.requestedDocuments,
      };
    case 'claim.denied': {
      const topLevel: Reason[] =
        event.data.code === undefined
          ? []
          : [
              {
                system: 'CARC',
                code: event.data.code,
                ...(event.data.group ? { group: event.data.group } : {}),
              },
            ];
      const listed = base.reasons.filter(
        (r) => !topLevel.some((t) => t.system === r.system && t.code === r.code && t.group === r.group),
      );
      return {
        ...base,
        type: event.type,
        outcome: 'denied',
        reasons: [...topLevel, ...listed],
        authorizationNumber: null,
        approvedUnits: null,
        validFrom: null,
        validTo: null,
        requestedDocuments: [],
        claimId: event.data.claimId,
      };
    }
    case 'appeal.decision':
      return {
        ...base,
        type: event.type,
        outcome: event.data.outcome,
        authorizationNumber: event.data.authorizationNumber ?? null,
        approvedUnits: event.data.approvedUnits ?? null,
        validFrom: event.data.validFrom ?? null,
        validTo: event.data.validTo ?? null,
        requestedDocuments: [],
        appealId: event.data.appealId,
      };
  }
}

function toReason(r: { system: Reason['system']; code: string; group?: string | undefined }): Reason {
  return r.group === undefined
    ? { system: r.system, code: r.code }
    : { system: r.system, code: r.code, group: r.group };
}

// ---------------------------------------------------------------------------------------------
// Da Vinci PAS ClaimResponse
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const objects = (v: unknown): Json[] => asArray(v).filter((x): x is Json => asObject(x) !== undefined);

/** Extensions whose url is exactly `name` or ends with `/…extension-${name}` (PAS, HRex, PDex). */
function extensions(holder: Json | undefined, ...names: string[]): Json[] {
  return objects(holder?.extension).filter((ext) => {
    const url = asString(ext.url) ?? '';
    return names.some((n) => url === n || url.endsWith(`extension-${n}`));
  });
}

function codings(concept: unknown): Array<{ system?: string; code: string; display?: string }> {
  return objects(asObject(concept)?.coding).flatMap((c) => {
    const code = asString(c.code);
    if (code === undefined) return [];
    const system = asString(c.system);
    const display = asString(c.display);
    return [{ code, ...(system ? { system } : {}), ...(display ? { display } : {}) }];
  });
}

function findClaimResponse(input: unknown): { claimResponse: Json; bundle: Json | undefined } {
  const root = asObject(input);
  if (root?.resourceType === 'ClaimResponse') return { claimResponse: root, bundle: undefined };
  if (root?.resourceType === 'Parameters') {
    const inner = objects(root.parameter)
      .map((p) => p.resource)
      .find((r) => asObject(r) !== undefined);
    return findClaimResponse(inner);
  }
  if (root?.resourceType === 'Bundle') {
    const claimResponse = objects(root.entry)
      .map((e) => asObject(e.resource))
      .find((r) => r?.resourceType === 'ClaimResponse');
    if (claimResponse) return { claimResponse, bundle: root };
  }
  if (root?.resourceType === 'OperationOutcome') {
    const codes = objects(root.issue)
      .map((i) => asString(i.code))
      .filter(Boolean)
      .join(', ');
    throw new PayerRejectedError(`the payer answered with an OperationOutcome (issues: ${codes || 'none'})`);
  }
  throw new PayerRejectedError('the PAS response holds no ClaimResponse');
}

interface ItemDecision {
  code: ReviewActionCode;
  number?: string;
  reasons: Reason[];
  period?: { start?: string; end?: string };
  quantity?: number;
}

function reviewActionsOf(holder: Json): Array<{ code: string; number?: string; reasons: Reason[] }> {
  return extensions(holder, 'reviewAction').flatMap((ext) => {
    const code =
      extensions(ext, 'code', 'reviewActionCode')
        .flatMap((sub) => codings(sub.valueCodeableConcept))
        .map((c) => c.code)[0] ?? undefined;
    if (code === undefined) return [];
    const number = extensions(ext, 'number')
      .map((sub) => asString(sub.valueString))
      .find(Boolean);
    const reasons: Reason[] = extensions(ext, 'reasonCode')
      .flatMap((sub) => codings(sub.valueCodeableConcept))
      .map((c) => ({ system: 'X12-HCR', code: c.code }));
    return [{ code, ...(number ? { number } : {}), reasons }];
  });
}

function carcReasons(adjudication: Json): Reason[] {
  return codings(adjudication.reason)
    .filter((c) => /claim-adjustment-reason|carc/i.test(c.system ?? ''))
    .map((c) => ({ system: 'CARC', code: c.code }));
}

function itemDecisions(claimResponse: Json): ItemDecision[] {
  const items = [...objects(claimResponse.item), ...objects(claimResponse.addItem)];
  return items.flatMap((item) => {
    const adjudications = objects(item.adjudication);
    // PAS 2.x puts reviewAction on item.adjudication; PAS 1.x put it on the item itself.
    const actions = [...adjudications.flatMap(reviewActionsOf), ...reviewActionsOf(item)];
    const first = actions[0];
    if (first === undefined) return [];
    if (!isReviewActionCode(first.code)) {
      throw new PayerRejectedError(`the PAS response has an unknown reviewActionCode ${first.code}`);
    }
    const periodExt = extensions(item, 'itemPreAuthPeriod', 'preAuthPeriod')[0];
    const period = asObject(periodExt?.valuePeriod);
    const detail = extensions(item, 'itemAuthorizedDetail', 'authorizedItemDetail')[0];
    const quantity = asObject(extensions(detail, 'quantity')[0]?.valueQuantity)?.value;
    return [
      {
        code: first.code,
        ...(first.number ? { number: first.number } : {}),
        reasons: [...actions.flatMap((a) => a.reasons), ...adjudications.flatMap(carcReasons)],
        ...(period ? { period: { start: asString(period.start), end: asString(period.end) } } : {}),
        ...(typeof quantity === 'number' ? { quantity } : {}),
      },
    ];
  });
}

function requestedDocumentsIn(bundle: Json | undefined): string[] {
  if (bundle === undefined) return [];
  return objects(bundle.entry)
    .map((e) => asObject(e.resource))
    .filter((r): r is Json => r?.resourceType === 'CommunicationRequest')
    .flatMap((r) =>
      objects(r.payload).flatMap((p) => {
        const text = asString(p.contentString) ?? asString(asObject(p.contentCodeableConcept)?.text);
        if (text) return [text];
        return codings(p.contentCodeableConcept).map((c) => c.display ?? c.code);
      }),
    );
}

function isoInstant(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

function dedupeReasons(reasons: Reason[]): Reason[] {
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

/**
 * A PAS response Bundle (or a bare ClaimResponse, or `$submit`'s Parameters) as a
 * NormalisedPayerEvent: reviewActionCode -> outcome, preAuthRef -> authorization number,
 * item preAuthPeriod -> certification dates, authorized quantity -> approved units.
 */
export function normalisePasClaimResponse(
  bundleOrClaimResponse: unknown,
  ctx: ResponseContext,
): NormalisedPayerEvent {
  const { claimResponse, bundle } = findClaimResponse(bundleOrClaimResponse);
  const decisions = itemDecisions(claimResponse);

  if (decisions.length === 0 && claimResponse.outcome === 'error') {
    const codes = objects(claimResponse.error)
      .flatMap((e) => codings(e.code))
      .map((c) => c.code)
      .join(', ');
    throw new PayerRejectedError(`the payer rejected the PAS request (error codes: ${codes || 'none'})`);
  }

  const { outcome, manualCodes } = combineReviewActions(decisions.map((d) => d.code));
  const granted = outcome === 'approved' || outcome === 'partially_approved';
  const quantities = decisions.filter((d) => d.quantity !== undefined).map((d) => d.quantity as number);
  const approvedUnits = !granted
    ? null
    : quantities.length > 0
      ? quantities.reduce((a, b) => a + b, 0)
      : outcome === 'approved'
        ? (ctx.requestedUnits ?? null)
        : null;
  const headerPeriod = asObject(claimResponse.preAuthPeriod);
  const period = decisions.find((d) => d.period)?.period ?? {
    start: asString(headerPeriod?.start),
    end: asString(headerPeriod?.end),
  };
  const identifier = objects(claimResponse.identifier)
    .map((i) => asString(i.value))
    .find(Boolean);
  const noDecisionNote =
    decisions.length === 0
      ? `the ClaimResponse carries no review action (outcome ${asString(claimResponse.outcome) ?? 'missing'})`
      : null;

  return {
    type: 'prior_auth.decision',
    occurredAt: isoInstant(asString(claimResponse.created), ctx.receivedAt),
    caseId: ctx.caseId,
    payerReference: identifier ?? asString(claimResponse.id) ?? null,
    outcome,
    authorizationNumber: granted
      ? (asString(claimResponse.preAuthRef) ?? decisions.find((d) => d.number)?.number ?? null)
      : null,
    approvedUnits,
    validFrom: granted ? (period.start ?? null) : null,
    validTo: granted ? (period.end ?? null) : null,
    reasons: dedupeReasons(decisions.flatMap((d) => d.reasons)),
    requestedDocuments: requestedDocumentsIn(bundle),
    note: joinNotes(
      manualNote(manualCodes),
      noDecisionNote,
      asString(claimResponse.disposition),
      ...objects(claimResponse.processNote).map((n) => asString(n.text)),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// X12 278 response (005010X217)
// ---------------------------------------------------------------------------------------------

interface HlLoop {
  levelCode: string;
  segments: X12Segment[];
}

function x12Date(value: string): string {
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

/** DTP with D8 (CCYYMMDD) or RD8 (CCYYMMDD-CCYYMMDD). */
function dtpRange(segment: X12Segment): { from: string; to: string } | undefined {
  const format = segment.valueOf(2);
  const value = segment.valueOf(3) ?? '';
  if (format === 'D8' && /^\d{8}$/.test(value)) return { from: x12Date(value), to: x12Date(value) };
  const range = /^(\d{8})-(\d{8})$/.exec(value);
  if (format === 'RD8' && range) return { from: x12Date(range[1]!), to: x12Date(range[2]!) };
  return undefined;
}

function parseX12(x12: string): X12Segment[] {
  let interchange: unknown;
  try {
    interchange = new X12Parser(true).parse(x12.trim());
  } catch (error) {
    throw new PayerRejectedError('the X12 278 response could not be parsed', { cause: error });
  }
  const first = Array.isArray(interchange) ? interchange[0] : interchange;
  const transaction = (first as { functionalGroups?: Array<{ transactions?: unknown[] }> })
    ?.functionalGroups?.[0]?.transactions?.[0] as
    | { header?: X12Segment; segments?: X12Segment[] }
    | undefined;
  if (transaction?.header?.valueOf(1) !== '278' || !transaction.segments) {
    throw new PayerRejectedError('the X12 response is not a 278 transaction');
  }
  return transaction.segments;
}

function hlLoops(segments: X12Segment[]): HlLoop[] {
  const loops: HlLoop[] = [];
  for (const segment of segments) {
    if (segment.tag === 'HL') loops.push({ levelCode: segment.valueOf(3) ?? '', segments: [] });
    else loops.at(-1)?.segments.push(segment);
  }
  return loops;
}

const serviceUnits = (loop: HlLoop): number | undefined => {
  for (const s of loop.segments) {
    // SV1 (professional): SV103 unit basis UN, SV104 quantity; SV2 (institutional): SV205.
    const raw =
      s.tag === 'SV1' ? s.valueOf(4) : s.tag === 'SV2' ? s.valueOf(5) : s.tag === 'HSD' ? s.valueOf(2) : null;
    if (raw !== null && raw !== undefined && raw !== '' && Number.isFinite(Number(raw))) return Number(raw);
  }
  return undefined;
};

/**
 * An X12 278 response as a NormalisedPayerEvent: HCR01 action code (2000F service level, else
 * 2000E), HCR02 certification number, HCR03 decision reason, DTP*472 service dates (else the
 * event dates), SV1/SV2/HSD units. A response with request errors (AAA) and no HCR is a
 * rejection. DTP qualifiers beyond 472 are from domain knowledge (UNVERIFIED, regulation.md (e)).
 */
export function normaliseX12_278Response(x12: string, ctx: ResponseContext): NormalisedPayerEvent {
  const segments = parseX12(x12);
  const loops = hlLoops(segments);
  const withHcr = (level: string) =>
    loops.filter((l) => l.levelCode === level && l.segments.some((s) => s.tag === 'HCR'));
  const decided = withHcr('SS').length > 0 ? withHcr('SS') : withHcr('EV');

  if (decided.length === 0) {
    const rejects = segments
      .filter((s) => s.tag === 'AAA')
      .map((s) => s.valueOf(3))
      .filter(Boolean);
    if (rejects.length > 0) {
      throw new PayerRejectedError(
        `the payer rejected the 278 request (AAA reject reasons: ${rejects.join(', ')})`,
      );
    }
    throw new PayerRejectedError('the 278 response carries no HCR decision');
  }

  const hcrs = decided.map((loop) => loop.segments.find((s) => s.tag === 'HCR')!);
  const codes = hcrs.map((hcr) => {
    const code = hcr.valueOf(1) ?? '';
    if (!isReviewActionCode(code))
      throw new PayerRejectedError(`the 278 response has an unknown HCR01 code ${code}`);
    return code;
  });
  const { outcome, manualCodes } = combineReviewActions(codes);
  const granted = outcome === 'approved' || outcome === 'partially_approved';
  const certificationNumber = hcrs.map((hcr) => hcr.valueOf(2)).find(Boolean) ?? null;
  const reasons: Reason[] = hcrs.flatMap((hcr) => {
    const code = hcr.valueOf(3);
    return code ? [{ system: 'X12-HCR', code } as Reason] : [];
  });

  const eventLoops = loops.filter((l) => l.levelCode === 'EV');
  const dtp = (loop: HlLoop, qualifiers: string[]) =>
    loop.segments.filter((s) => s.tag === 'DTP' && qualifiers.includes(s.valueOf(1) ?? '')).map(dtpRange)[0];
  const dates =
    decided.map((l) => dtp(l, ['472'])).find(Boolean) ??
    eventLoops.map((l) => dtp(l, ['472', 'AAH'])).find(Boolean);

  const units = decided.map(serviceUnits).filter((u): u is number => u !== undefined);
  const approvedUnits = !granted
    ? null
    : units.length > 0
      ? units.reduce((a, b) => a + b, 0)
      : outcome === 'approved'
        ? (ctx.requestedUnits ?? null)
        : null;

  const adminReference = [...eventLoops, ...decided]
    .flatMap((l) => l.segments)
    .find((s) => s.tag === 'REF' && s.valueOf(1) === 'NT')
    ?.valueOf(2);
  const messages = [...eventLoops, ...decided].flatMap((l) =>
    l.segments.filter((s) => s.tag === 'MSG').map((s) => s.valueOf(1)),
  );

  return {
    type: 'prior_auth.decision',
    occurredAt: ctx.receivedAt,
    caseId: ctx.caseId,
    payerReference: adminReference ?? certificationNumber,
    outcome,
    authorizationNumber: granted ? certificationNumber : null,
    approvedUnits,
    validFrom: granted ? (dates?.from ?? null) : null,
    validTo: granted ? (dates?.to ?? null) : null,
    reasons: dedupeReasons(reasons),
    requestedDocuments: [],
    note: joinNotes(manualNote(manualCodes), ...messages),
  };
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
