/**
 * X12 278 (005010X217): build the Health Care Services Review request with node-x12, POST it
 * to the payer's endpoint and read the 278 response (x12-278-response.ts).
 *
 * The request carries what the 278 needs to identify the member and the service, and no more:
 * payer, requester (NPI), subscriber name, member id, birth date and sex, the diagnoses, the
 * service dates, J9173 with its units and, as the PAS Claim does, a JW service for the discarded
 * units; TRN*1 traces the case (the answer echoes it as TRN*2). ISA15 is the registry's
 * x12.usage (P unless it says T); an envelope id over 15 characters is refused, never cut.
 * Clinical detail travels in the packet, not here.
 * Segment usage beyond HL/HCR follows the TR3 as commonly published (UNVERIFIED here,
 * regulation.md (e)); the codes used are named where they are set.
 */
import { X12Interchange } from 'node-x12';
import type * as z from 'zod';
import { ValidationError } from '#core/errors.ts';
import { treatmentWindow } from '#core/packet/treatment-window.ts';
import type { PayerTransport, SubmissionInput, SubmissionResult } from '#core/ports.ts';
import { PayerX12 } from '#schemas/payer-registry.ts';
import { type Transaction, x12Date, x12Text } from '../x12/elements.ts';
import { exchangeWithPayer } from './payer-http.ts';
import type { HttpPayer, TransportDeps } from './types.ts';
import { normaliseX12_278Response } from './x12-278-response.ts';

const EDI_X12 = 'application/EDI-X12';

/** The registry entry's x12 (earlier: options.x12): trading-partner ids and ISA15, default P. */
export const X12Options = PayerX12;
export type X12Options = z.infer<typeof X12Options>;

/** An element's text (x12Text): names are upper-cased, identifiers are kept as they are. */
function element(value: string, maxLength: number, kind: 'name' | 'id' = 'name'): string {
  return x12Text(value, maxLength, kind === 'name');
}

/** DMG03 gender: F, M, U. */
const GENDER: Record<string, string> = { female: 'F', male: 'M' };

export interface X12Envelope {
  senderId: string;
  receiverId: string;
  usage: 'T' | 'P';
  /** 1..999999999: ISA13 and GS06. */
  controlNumber: number;
  createdAt: Date;
}

/** The 278 request of a submission as X12 text (segments end with `~` and a newline). */
export function build278Request(input: SubmissionInput, envelope: X12Envelope): string {
  const { interchange, tx } = openTransaction(input.caseId, envelope);
  addParties(tx, input);
  addServiceReview(tx, input, envelope.senderId);
  return interchange.toString();
}

/** ISA, GS and ST of one 278 transaction, and its BHT. */
function openTransaction(caseId: string, envelope: X12Envelope) {
  const stamp = envelope.createdAt.toISOString();
  const date8 = x12Date(stamp);
  const time4 = stamp.slice(11, 16).replace(':', '');
  const control = String(envelope.controlNumber).padStart(9, '0');
  for (const [path, id] of [
    ['x12.senderId', envelope.senderId],
    ['x12.receiverId', envelope.receiverId],
  ] as const) {
    if (id.length > 15) {
      throw new ValidationError(`the X12 ${path} is over 15 characters`, [
        { path, message: 'at most 15 characters (ISA06/ISA08)' },
      ]);
    }
  }
  const sender = element(envelope.senderId, 15);
  const receiver = element(envelope.receiverId, 15);
  const interchange = new X12Interchange({
    segmentTerminator: '~',
    elementDelimiter: '*',
    subElementDelimiter: ':',
    repetitionDelimiter: '^',
    endOfLine: '\n',
    format: true,
  });
  // ISA01-04 no authorization or security information; ISA05-08 the trading partners.
  const noSecurity = ['00', ''.padEnd(10), '00', ''.padEnd(10)];
  const partners = ['ZZ', sender, 'ZZ', receiver];
  const stamped = [date8.slice(2), time4];
  interchange.setHeader([
    ...noSecurity,
    ...partners,
    ...stamped,
    '^',
    '00501',
    control,
    '0',
    envelope.usage,
    ':',
  ]);
  const group = interchange.addFunctionalGroup();
  // GS01 HI: Health Care Services Review Information (278).
  group.setHeader(['HI', sender, receiver, date8, time4, String(envelope.controlNumber), 'X', '005010X217']);
  const tx = group.addTransaction();
  tx.setHeader(['278', '0001', '005010X217']);
  // BHT01 0007 (services review structure), BHT02 13 (request), BHT03 our reference: the case id.
  tx.addSegment('BHT', ['0007', '13', element(caseId, 50, 'id'), date8, time4]);
  return { interchange, tx };
}

/** 2000A-2000C: the payer, the requester and the subscriber. */
function addParties(tx: Transaction, { payer, request }: SubmissionInput): void {
  // 2000A/2010A: the UMO (payer), NM101 X3.
  tx.addSegment('HL', ['1', '', '20', '1']);
  tx.addSegment('NM1', [
    'X3',
    '2',
    element(payer.name, 60),
    '',
    '',
    '',
    '',
    'PI',
    element(payer.id, 80, 'id'),
  ]);
  // 2000B/2010B: the requester, NM101 1P, by NPI (XX).
  tx.addSegment('HL', ['2', '1', '21', '1']);
  const provider = element(request.provider.name, 60);
  tx.addSegment('NM1', ['1P', '2', provider, '', '', '', '', 'XX', request.provider.npi]);
  // 2000C/2010C: the subscriber (the patient: no 2000D dependent loop), member id MI.
  tx.addSegment('HL', ['3', '2', '22', '1']);
  const { familyName, givenName, birthDate, sex } = request.patient;
  const memberId = element(request.coverage.memberId, 80, 'id');
  tx.addSegment('NM1', [
    'IL',
    '1',
    element(familyName, 60),
    element(givenName, 35),
    '',
    '',
    '',
    'MI',
    memberId,
  ]);
  tx.addSegment('DMG', ['D8', x12Date(birthDate), GENDER[sex] ?? 'U']);
}

/** 2000E and 2000F: the patient event (dates, diagnoses) and the service (J9173 and its units). */
function addServiceReview(tx: Transaction, input: SubmissionInput, senderId: string): void {
  const { request, billing } = input;
  const window = treatmentWindow(request.treatmentPlan);
  const dates = `${x12Date(window.from)}-${x12Date(window.to)}`;
  const diagnoses = request.diagnosis.icd10
    .slice(0, 12)
    .map((code, i) => `${i === 0 ? 'ABK' : 'ABF'}:${element(code.replace('.', ''), 30)}`);
  // 2000E: the patient event. UM01 HS (health services review), UM02 I (initial), UM03 78
  // (service type: chemotherapy); UM06 U (urgent) for an expedited request.
  tx.addSegment('HL', ['4', '3', 'EV', '1']);
  // TRN*1: our trace (the case id), echoed as TRN*2 in the answer; TRN03 9 + the sender's id.
  tx.addSegment('TRN', ['1', element(input.caseId, 50, 'id'), `9${element(senderId, 9, 'id')}`]);
  tx.addSegment('UM', request.priority === 'expedited' ? ['HS', 'I', '78', '', '', 'U'] : ['HS', 'I', '78']);
  tx.addSegment('DTP', ['AAH', 'RD8', dates]);
  tx.addSegment('HI', diagnoses);
  // 2000F: the service: the HCPCS code (HC) and the units (UN) over the whole plan; a second
  // service, HCPCS:JW, for the discarded units the PAS Claim's JW line requests too.
  const hcpcs = element(billing.hcpcs, 48, 'id');
  const services = [{ code: `HC:${hcpcs}`, units: billing.unitsRequested }];
  const discarded =
    billing.discardedUnitsRequested ?? billing.discardedUnits * billing.administrationsRequested;
  if (billing.wasteModifier === 'JW' && discarded > 0)
    services.push({ code: `HC:${hcpcs}:JW`, units: discarded });
  services.forEach((service, i) => {
    tx.addSegment('HL', [String(5 + i), '4', 'SS', '0']);
    tx.addSegment('UM', ['HS', 'I', '78']);
    tx.addSegment('DTP', ['472', 'RD8', dates]);
    tx.addSegment('SV1', [service.code, '', 'UN', String(service.units)]);
  });
}

export function createX12_278Transport(payer: HttpPayer, deps: TransportDeps): PayerTransport {
  const parsed = X12Options.safeParse(payer.x12 ?? payer.options?.x12 ?? {});
  if (!parsed.success) {
    throw new ValidationError(
      `payer ${payer.id}: invalid x12 options`,
      parsed.error.issues.map((i) => ({ path: ['x12', ...i.path].join('.'), message: i.message })),
    );
  }
  const options = parsed.data;
  const receiverId = options.receiverId ?? payer.id;
  if (receiverId.length > 15) {
    // ISA08 holds 15 characters: a longer id is refused, never cut to another partner's id.
    throw new ValidationError(`payer ${payer.id}: the X12 receiver id is over 15 characters`, [
      { path: 'x12.receiverId', message: 'at most 15 characters (ISA08); set x12.receiverId' },
    ]);
  }
  return {
    async submit(input: SubmissionInput): Promise<SubmissionResult> {
      // The submission's identifiers, not the attempt's: a retry is byte for byte the same 278.
      const body = build278Request(input, {
        senderId: options.senderId ?? input.request.provider.npi,
        receiverId,
        usage: options.usage,
        controlNumber: input.identifiers.controlNumber,
        createdAt: new Date(input.identifiers.preparedAt),
      });
      return exchangeWithPayer(
        {
          payer,
          url: payer.endpoint,
          label: 'x12-278 POST',
          kind: 'x12_278',
          contentType: EDI_X12,
          accept: `${EDI_X12}, text/plain`,
          body,
          read: normaliseX12_278Response,
        },
        input,
        deps,
      );
    },
  };
}
