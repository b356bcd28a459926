/**
 * Reads a Da Vinci PAS response (regulation.md (f)): the response Bundle of `Claim/$submit`, a
 * bare ClaimResponse, or `$submit`'s Parameters, as the fhir-pas transport receives it and as a
 * payer may post it to the webhook. reviewActionCode -> outcome, preAuthRef -> authorization
 * number, item preAuthPeriod -> certification dates, authorized quantity -> approved units;
 * what they mean for the case is decided in core (reviewDecision). An OperationOutcome, an error
 * outcome or a body without a ClaimResponse is a PayerRejectedError.
 */
import { PayerRejectedError } from '#core/errors.ts';
import { SYSTEMS } from '#core/packet/pas/fhir.ts';
import {
  isReviewActionCode,
  type PayerReason,
  type ResponseContext,
  reviewDecision,
} from '#core/payer/payer-events.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import type { ReviewActionCode } from '#schemas/webhook.ts';

type Reason = PayerReason;
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

function decisionOf(holder: Json, adjudications: Json[]): ItemDecision[] {
  // PAS 2.x puts reviewAction on adjudication; PAS 1.x put it on the item itself.
  const actions = [...adjudications.flatMap(reviewActionsOf), ...reviewActionsOf(holder)];
  const first = actions[0];
  if (first === undefined) return [];
  if (!isReviewActionCode(first.code)) {
    throw new PayerRejectedError(`the PAS response has an unknown reviewActionCode ${first.code}`);
  }
  const periodExt = extensions(holder, 'itemPreAuthPeriod', 'preAuthPeriod')[0];
  const period = asObject(periodExt?.valuePeriod);
  const detail = extensions(holder, 'itemAuthorizedDetail', 'authorizedItemDetail')[0];
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
}

/** The item-level decisions, else the header-level one (ClaimResponse.adjudication). */
function itemDecisions(claimResponse: Json): ItemDecision[] {
  const items = [...objects(claimResponse.item), ...objects(claimResponse.addItem)];
  const decided = items.flatMap((item) => decisionOf(item, objects(item.adjudication)));
  if (decided.length > 0) return decided;
  return objects(claimResponse.adjudication).flatMap((a) => decisionOf({}, [a]));
}

/** The payer's pend reference (administrationReferenceNumber, X12 REF*NT), header or item. */
function administrationReference(claimResponse: Json): string | undefined {
  const holders = [claimResponse, ...objects(claimResponse.item), ...objects(claimResponse.addItem)];
  return holders
    .flatMap((h) => extensions(h, 'administrationReferenceNumber'))
    .map((ext) => asString(ext.valueString))
    .find(Boolean);
}

/** The text of a requested document: its string, else its concept's text, display or code. */
function documentNames(value: { text?: unknown; concept?: unknown }): string[] {
  const text = asString(value.text) ?? asString(asObject(value.concept)?.text);
  if (text) return [text];
  return codings(value.concept).map((c) => c.display ?? c.code);
}

/**
 * The documents a pend asks for: CommunicationRequest payloads and PAS Task inputs
 * (attachments-needed, questionnaire-context), in the response Bundle or contained.
 */
function requestedDocumentsIn(bundle: Json | undefined, claimResponse: Json): string[] {
  const resources = [
    ...objects(bundle?.entry).map((e) => asObject(e.resource)),
    ...objects(claimResponse.contained),
  ];
  return resources.flatMap((r) => {
    if (r?.resourceType === 'CommunicationRequest') {
      return objects(r.payload).flatMap((p) =>
        documentNames({ text: p.contentString, concept: p.contentCodeableConcept }),
      );
    }
    if (r?.resourceType === 'Task') {
      const asked = objects(r.input).filter((i) =>
        codings(i.type).some((c) => c.code === 'attachments-needed' || c.code === 'questionnaire-context'),
      );
      return asked.flatMap((i) => documentNames({ text: i.valueString, concept: i.valueCodeableConcept }));
    }
    return [];
  });
}

function isoInstant(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
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

  return reviewDecision(
    {
      codes: decisions.map((d) => d.code),
      occurredAt: isoInstant(asString(claimResponse.created), ctx.receivedAt),
      payerReference:
        administrationReference(claimResponse) ?? identifier ?? asString(claimResponse.id) ?? null,
      authorizationNumber:
        asString(claimResponse.preAuthRef) ?? decisions.find((d) => d.number)?.number ?? null,
      quantities: decisions.flatMap((d) => (d.quantity === undefined ? [] : [d.quantity])),
      period: { from: period.start, to: period.end },
      reasons: decisions.flatMap((d) => d.reasons),
      requestedDocuments: requestedDocumentsIn(bundle, claimResponse),
      notes: [
        noDecisionNote,
        asString(claimResponse.disposition),
        ...objects(claimResponse.processNote).map((n) => asString(n.text)),
      ],
    },
    ctx,
  );
}

/**
 * The case a PAS response answers, from the body itself: the identifier of the Claim it answers
 * (ClaimResponse.request.identifier, else the Claim in the Bundle), else a ClaimResponse
 * identifier in our case-id system (the trace number echoed). Undefined when none names one.
 */
export function pasCaseReference(bundleOrClaimResponse: unknown): string | undefined {
  const { claimResponse, bundle } = findClaimResponse(bundleOrClaimResponse);
  const ours = (identifiers: unknown) =>
    objects(identifiers)
      .filter((i) => i.system === SYSTEMS.caseId)
      .map((i) => asString(i.value))
      .find(Boolean);
  const request = asObject(claimResponse.request);
  const claims = objects(bundle?.entry)
    .map((e) => asObject(e.resource))
    .filter((r): r is Json => r?.resourceType === 'Claim');
  return (
    ours([asObject(request?.identifier)]) ??
    claims.map((c) => ours(c.identifier)).find(Boolean) ??
    ours(claimResponse.identifier)
  );
}
