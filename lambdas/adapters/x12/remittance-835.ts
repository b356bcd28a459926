/**
 * Reads an X12 835 health care claim payment (005010X221A1) from a stream into the remittance
 * model (core/remittance/model.ts), claim by claim: BPR payment, TRN trace, N1*PR payer, each CLP
 * with its claim-level CAS and MOA/MIA remarks, each SVC with its CAS, LQ*HE remarks and AMT*B6
 * allowed amount, then PLB provider adjustments. NM1 names (patient, provider) are never read.
 * Only the claim being read is held, so memory stays flat however long the file. A malformed file
 * is a 400 naming the segment and its position.
 */
import {
  ADJUSTMENT_GROUPS,
  type Adjustment,
  type AdjustmentGroup,
  type ProviderAdjustment,
  type RemittanceClaim,
  type RemittanceHeader,
  type RemittanceLine,
  type RemittancePart,
} from '#core/remittance/model.ts';
import {
  malformed,
  readSegments,
  type Segment,
  type Separators,
  type TextSource,
} from './remittance-segments.ts';

const AMOUNT = /^-?(\d+\.?\d*|\.\d+)$/;

function element(segment: Segment, index: number): string {
  return (segment.elements[index] ?? '').trim();
}

function required(segment: Segment, index: number, name: string): string {
  const value = element(segment, index);
  if (value === '')
    throw malformed(segment.position, segment.tag, `${name} (${segment.tag}0${index}) is required`);
  return value;
}

function amount(segment: Segment, index: number, optional = false): number {
  const value = element(segment, index);
  if (value === '' && optional) return 0;
  if (!AMOUNT.test(value)) {
    const name = `${segment.tag}${String(index).padStart(2, '0')}`;
    throw malformed(segment.position, segment.tag, `${name} '${value.slice(0, 20)}' is not an amount`);
  }
  return Number(value);
}

/** CCYYMMDD as YYYY-MM-DD; a date that is not a calendar date is left out (null). */
function x12Date(value: string): string | null {
  if (!/^\d{8}$/.test(value)) return null;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : null;
}

/** CAS01 group, then up to six reason / amount / quantity triples. */
function adjustments(segment: Segment): Adjustment[] {
  const group = element(segment, 1) as AdjustmentGroup;
  if (!ADJUSTMENT_GROUPS.includes(group)) {
    throw malformed(
      segment.position,
      'CAS',
      `CAS01 '${group.slice(0, 4)}' is not a group code (CO, PR, OA, PI, CR)`,
    );
  }
  const out: Adjustment[] = [];
  for (let i = 2; i <= 17; i += 3) {
    const code = element(segment, i);
    if (code === '') continue;
    const quantity = element(segment, i + 2);
    out.push({
      group,
      code,
      amount: amount(segment, i + 1),
      ...(quantity ? { quantity: amount(segment, i + 2) } : {}),
    });
  }
  if (out.length === 0)
    throw malformed(segment.position, 'CAS', 'CAS02 (the adjustment reason code) is required');
  return out;
}

function remarkCodes(segment: Segment, indexes: number[]): string[] {
  return indexes.map((i) => element(segment, i)).filter((code) => code !== '');
}

interface Reading {
  separators: Separators;
  header: Partial<RemittanceHeader> & { originator?: string; payerId?: string; productionDate?: string };
  headerSent: boolean;
  inTransaction: boolean;
  transactions: number;
  claim: RemittanceClaim | null;
  line: RemittanceLine | null;
  plb: ProviderAdjustment[];
}

function headerOf(reading: Reading, at: Segment): RemittanceHeader {
  const h = reading.header;
  if (h.paymentAmount === undefined) throw malformed(at.position, at.tag, 'no BPR before the first claim');
  if (h.traceNumber === undefined) throw malformed(at.position, at.tag, 'no TRN before the first claim');
  const payerKey = h.originator ?? h.payerId ?? h.payerName;
  if (!payerKey) throw malformed(at.position, at.tag, 'the payer is not named (TRN03 or N1*PR)');
  return {
    payerKey,
    payerName: h.payerName ?? null,
    traceNumber: h.traceNumber,
    paymentAmount: h.paymentAmount,
    paymentMethod: h.paymentMethod ?? null,
    paymentDate: h.paymentDate ?? h.productionDate ?? null,
  };
}

function procedure(segment: Segment, separators: Separators): { hcpcs: string | null; modifiers: string[] } {
  const composite = required(segment, 1, 'the procedure').split(separators.subElement);
  const qualifier = composite[0]?.trim();
  const code = composite[1]?.trim() ?? '';
  if (qualifier !== 'HC' || code === '') return { hcpcs: null, modifiers: [] };
  return { hcpcs: code.toUpperCase(), modifiers: composite.slice(2, 6).filter((m) => m.trim() !== '') };
}

/** Ends the claim being read: it is yielded with its last line. */
function* endClaim(reading: Reading): Generator<RemittancePart> {
  if (reading.line && reading.claim) reading.claim.lines.push(reading.line);
  reading.line = null;
  if (reading.claim) yield { kind: 'claim', claim: reading.claim };
  reading.claim = null;
}

function* onSegment(reading: Reading, s: Segment): Generator<RemittancePart> {
  const inClaim = reading.claim !== null;
  switch (s.tag) {
    case 'ISA':
    case 'GS':
    case 'GE':
    case 'IEA':
      return;
    case 'ST':
      if (element(s, 1) !== '835')
        throw malformed(s.position, 'ST', `ST01 '${element(s, 1).slice(0, 4)}' is not 835`);
      if (reading.inTransaction)
        throw malformed(s.position, 'ST', 'a transaction starts before the last one ended (SE)');
      reading.inTransaction = true;
      reading.transactions += 1;
      reading.header = {};
      reading.headerSent = false;
      return;
    case 'SE':
      if (!reading.inTransaction) throw malformed(s.position, 'SE', 'SE without ST');
      yield* endClaim(reading);
      if (!reading.headerSent) yield { kind: 'header', header: headerOf(reading, s) };
      if (reading.plb.length > 0) yield { kind: 'provider-adjustments', adjustments: reading.plb };
      reading.plb = [];
      reading.inTransaction = false;
      return;
  }
  if (!reading.inTransaction) throw malformed(s.position, s.tag, 'outside an 835 transaction (ST ... SE)');
  switch (s.tag) {
    case 'BPR':
      reading.header.paymentAmount = amount(s, 2);
      reading.header.paymentMethod = element(s, 4) || undefined;
      reading.header.paymentDate = x12Date(element(s, 16)) ?? undefined;
      return;
    case 'TRN':
      reading.header.traceNumber = required(s, 2, 'the trace number');
      reading.header.originator = element(s, 3) || undefined;
      return;
    case 'DTM':
      if (!reading.headerSent && !inClaim && element(s, 1) === '405')
        reading.header.productionDate = x12Date(element(s, 2)) ?? undefined;
      return;
    case 'N1':
      if (element(s, 1) === 'PR' && !reading.headerSent) {
        reading.header.payerName = element(s, 2) || undefined;
        reading.header.payerId = element(s, 4) || undefined;
      }
      return;
    case 'LX':
      yield* endClaim(reading);
      return;
    case 'CLP':
      yield* endClaim(reading);
      if (!reading.headerSent) {
        yield { kind: 'header', header: headerOf(reading, s) };
        reading.headerSent = true;
      }
      reading.claim = {
        claimId: required(s, 1, 'the claim id'),
        statusCode: required(s, 2, 'the claim status'),
        chargeAmount: amount(s, 3),
        paidAmount: amount(s, 4),
        patientResponsibility: amount(s, 5, true),
        payerClaimControlNumber: element(s, 7) || null,
        adjustments: [],
        remarks: [],
        lines: [],
      };
      return;
    case 'CAS':
      if (reading.line) reading.line.adjustments.push(...adjustments(s));
      else if (reading.claim) reading.claim.adjustments.push(...adjustments(s));
      else throw malformed(s.position, 'CAS', 'an adjustment outside a claim');
      return;
    case 'MOA':
      reading.claim?.remarks.push(...remarkCodes(s, [3, 4, 5, 6, 7]));
      return;
    case 'MIA':
      reading.claim?.remarks.push(...remarkCodes(s, [5, 20, 21, 22, 23]));
      return;
    case 'SVC': {
      if (!reading.claim) throw malformed(s.position, 'SVC', 'a service line outside a claim');
      if (reading.line) reading.claim.lines.push(reading.line);
      const units = element(s, 5);
      reading.line = {
        ...procedure(s, reading.separators),
        chargeAmount: amount(s, 2),
        paidAmount: amount(s, 3),
        units: units === '' ? 1 : amount(s, 5),
        adjustments: [],
        remarks: [],
        allowedAmount: null,
      };
      return;
    }
    case 'LQ':
      if (reading.line && element(s, 1) === 'HE')
        reading.line.remarks.push(required(s, 2, 'the remark code'));
      return;
    case 'AMT':
      if (reading.line && element(s, 1) === 'B6') reading.line.allowedAmount = amount(s, 2);
      return;
    case 'PLB':
      yield* endClaim(reading);
      reading.plb.push(...providerAdjustments(s, reading.separators));
      return;
  }
}

/** PLB01 provider, PLB02 fiscal period date, then up to six reason:reference / amount pairs. */
function providerAdjustments(s: Segment, separators: Separators): ProviderAdjustment[] {
  const providerId = required(s, 1, 'the provider id');
  const fiscalPeriodDate = x12Date(element(s, 2));
  const out: ProviderAdjustment[] = [];
  for (let i = 3; i <= 13; i += 2) {
    const composite = element(s, i);
    if (composite === '') continue;
    const [reason = '', reference = ''] = composite.split(separators.subElement);
    out.push({
      providerId,
      fiscalPeriodDate,
      reason,
      reference: reference || null,
      amount: amount(s, i + 1),
    });
  }
  if (out.length === 0) throw malformed(s.position, 'PLB', 'PLB03 (the adjustment reason) is required');
  return out;
}

/** The 835's parts in file order: a header per transaction, then its claims, then its PLBs. */
export async function* readRemittance(source: TextSource): AsyncGenerator<RemittancePart> {
  const reading: Reading = {
    separators: { element: '*', subElement: ':', segment: '~' },
    header: {},
    headerSent: false,
    inTransaction: false,
    transactions: 0,
    claim: null,
    line: null,
    plb: [],
  };
  let last: Segment | undefined;
  const segments = readSegments(source, (separators) => {
    reading.separators = separators;
  });
  for await (const segment of segments) {
    if (last === undefined && segment.tag !== 'ISA')
      throw malformed(segment.position, segment.tag, 'the file does not start with ISA');
    last = segment;
    yield* onSegment(reading, segment);
  }
  if (!last) throw malformed(1, 'ISA', 'the file is empty');
  if (reading.inTransaction)
    throw malformed(last.position, last.tag, 'the file ends inside a transaction (no SE)');
  if (reading.transactions === 0)
    throw malformed(last.position, last.tag, 'no 835 transaction (ST*835) in the file');
}
