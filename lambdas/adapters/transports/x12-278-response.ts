/**
 * Reads an X12 278 response (005010X217, regulation.md (e)) with node-x12, as the x12-278
 * transport receives it and as a payer may post it to the webhook: HCR01 action code (2000F
 * service level, else 2000E), HCR02 certification number, HCR03 decision reason, DTP*007/036
 * certification period (else DTP*472 service dates, else the event dates), SV1/SV2/HSD units
 * each by its qualifier; what they mean for the case is
 * decided in core (reviewDecision). A response with request errors (AAA) and no HCR, or text
 * that is not a 278, is a PayerRejectedError.
 */
import { X12Parser, type X12Segment } from 'node-x12';
import { PayerRejectedError } from '#core/errors.ts';
import {
  isReviewActionCode,
  type PayerReason,
  type ResponseContext,
  reviewDecision,
} from '#core/payer/payer-events.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';

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

/**
 * The units of a service loop, each read by its qualifier: SV1 (professional) SV104 when SV103
 * is UN, SV2 (institutional) SV205 when SV204 is UN, HSD02 when HSD01 is FL (units); days, visits
 * or hours are not units of the drug.
 */
const UNIT_QUANTITY: Record<string, { qualifier: number; expected: string; value: number }> = {
  SV1: { qualifier: 3, expected: 'UN', value: 4 },
  SV2: { qualifier: 4, expected: 'UN', value: 5 },
  HSD: { qualifier: 1, expected: 'FL', value: 2 },
};

const serviceUnits = (loop: HlLoop): number | undefined => {
  for (const s of loop.segments) {
    const rule = UNIT_QUANTITY[s.tag];
    if (rule === undefined || s.valueOf(rule.qualifier) !== rule.expected) continue;
    const raw = s.valueOf(rule.value);
    if (raw !== null && raw !== undefined && raw !== '' && Number.isFinite(Number(raw))) return Number(raw);
  }
  return undefined;
};

/** The loops that decide: the service level (2000F) HCRs, else the patient event's (2000E). */
function decidingLoops(segments: X12Segment[], loops: HlLoop[]): HlLoop[] {
  const withHcr = (level: string) =>
    loops.filter((l) => l.levelCode === level && l.segments.some((s) => s.tag === 'HCR'));
  const decided = withHcr('SS').length > 0 ? withHcr('SS') : withHcr('EV');
  if (decided.length > 0) return decided;
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

function reviewActionCodeOf(hcr: X12Segment) {
  const code = hcr.valueOf(1) ?? '';
  if (!isReviewActionCode(code))
    throw new PayerRejectedError(`the 278 response has an unknown HCR01 code ${code}`);
  return code;
}

/** An X12 278 response as a NormalisedPayerEvent (see the top of this file). */
export function normaliseX12_278Response(x12: string, ctx: ResponseContext): NormalisedPayerEvent {
  const segments = parseX12(x12);
  const loops = hlLoops(segments);
  const decided = decidingLoops(segments, loops);
  const hcrs = decided.map((loop) => loop.segments.find((s) => s.tag === 'HCR')!);
  const certificationNumber = hcrs.map((hcr) => hcr.valueOf(2)).find(Boolean) ?? null;

  const eventLoops = loops.filter((l) => l.levelCode === 'EV');
  const dtp = (loop: HlLoop, qualifiers: string[]) =>
    loop.segments.filter((s) => s.tag === 'DTP' && qualifiers.includes(s.valueOf(1) ?? '')).map(dtpRange)[0];
  const scope = [...decided, ...eventLoops];
  const certification = {
    from: scope.map((l) => dtp(l, ['007'])?.from).find(Boolean),
    to: scope.map((l) => dtp(l, ['036'])?.to).find(Boolean),
  };
  const dates =
    decided.map((l) => dtp(l, ['472'])).find(Boolean) ??
    eventLoops.map((l) => dtp(l, ['472', 'AAH'])).find(Boolean);
  // The certification period (DTP*007 effective, DTP*036 expiration) over the service dates.
  const period = {
    from: certification.from ?? dates?.from,
    to: certification.to ?? dates?.to,
  };
  const segmentsOf = (tag: string) =>
    [...eventLoops, ...decided].flatMap((l) => l.segments.filter((s) => s.tag === tag));
  const adminReference = segmentsOf('REF')
    .find((s) => s.valueOf(1) === 'NT')
    ?.valueOf(2);

  return reviewDecision(
    {
      codes: hcrs.map(reviewActionCodeOf),
      occurredAt: ctx.receivedAt,
      payerReference: adminReference ?? certificationNumber,
      authorizationNumber: certificationNumber,
      quantities: decided.map(serviceUnits).filter((u): u is number => u !== undefined),
      period,
      reasons: hcrs.flatMap((hcr): PayerReason[] => {
        const code = hcr.valueOf(3);
        return code ? [{ system: 'X12-HCR', code }] : [];
      }),
      requestedDocuments: [],
      notes: segmentsOf('MSG').map((s) => s.valueOf(1)),
    },
    ctx,
  );
}

/**
 * The case a 278 response answers, from the body itself: our trace echoed in the patient event
 * (TRN*2, TRN02 as we sent it in TRN*1), else BHT03 (the submitter's reference). Undefined when
 * neither is there.
 */
export function x12CaseReference(x12: string): string | undefined {
  const segments = parseX12(x12);
  const events = hlLoops(segments).filter((l) => l.levelCode === 'EV');
  const trace = events
    .flatMap((l) => l.segments)
    .find((s) => s.tag === 'TRN' && s.valueOf(1) === '2')
    ?.valueOf(2);
  const bht = segments.find((s) => s.tag === 'BHT')?.valueOf(3);
  return trace || bht || undefined;
}
