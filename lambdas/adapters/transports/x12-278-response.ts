/**
 * Reads an X12 278 response (005010X217, regulation.md (e)) with node-x12, as the x12-278
 * transport receives it and as a payer may post it to the webhook: HCR01 action code (2000F
 * service level, else 2000E), HCR02 certification number, HCR03 decision reason, DTP*472
 * service dates (else the event dates), SV1/SV2/HSD units; what they mean for the case is
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

const serviceUnits = (loop: HlLoop): number | undefined => {
  for (const s of loop.segments) {
    // SV1 (professional): SV103 unit basis UN, SV104 quantity; SV2 (institutional): SV205.
    const raw =
      s.tag === 'SV1' ? s.valueOf(4) : s.tag === 'SV2' ? s.valueOf(5) : s.tag === 'HSD' ? s.valueOf(2) : null;
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
  const dates =
    decided.map((l) => dtp(l, ['472'])).find(Boolean) ??
    eventLoops.map((l) => dtp(l, ['472', 'AAH'])).find(Boolean);
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
      period: dates,
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
