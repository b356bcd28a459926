/**
 * The 837 of a claim, laid out with node-x12 from the core's view (lambdas/core/billing/claim-837.ts):
 * 837P (005010X222A1) or 837I (005010X223A2), one claim in one transaction, loops in the order of
 * the implementation guides: 1000A submitter, 1000B receiver, 2000A/2010AA billing provider,
 * 2000B/2010BA subscriber (the patient), 2010BB payer, 2300 claim (CLM, DTP*434 for 837I, REF*F8,
 * REF*G1, REF*P4, HI), 2310B rendering (837P) or 2310A attending (837I), 2400 lines (SV1 or SV2,
 * DTP*472) with 2410 drug identification (LIN*N4, CTP). node-x12 writes SE, GE and IEA with their
 * counts. test/unit/claims/x12-837-checker.ts parses it back and checks it segment by segment.
 */
import { X12Interchange, type X12SerializationOptions } from 'node-x12';

const ONE_A_LINE = { endOfLine: '\n', format: true };

import type { Claim837Envelope, Claim837Line, Claim837View } from '#core/billing/claim-837.ts';
import { x12Date as date8, type Transaction, x12Text as text } from './elements.ts';

/** Segments end with ~ and a newline; components : and repetitions ^ (ISA16, ISA11). */
const LAYOUT: X12SerializationOptions = { subElementDelimiter: ':', repetitionDelimiter: '^', ...ONE_A_LINE };

/** X12 decimal (R): no trailing zeros, at most two decimals. */
const decimal = (n: number) => String(Math.round(n * 100) / 100);

/** The 837 of the view as X12 text (segments end with `~` and a newline). */
export function build837(view: Claim837View, envelope: Claim837Envelope): string {
  const { interchange, tx } = open(view, envelope);
  addParties(tx, view, envelope);
  addClaim(tx, view);
  view.lines.forEach((line, i) => {
    addLine(tx, view, line, i + 1);
  });
  return interchange.toString();
}

function open(view: Claim837View, envelope: Claim837Envelope) {
  const stamp = envelope.createdAt;
  const day = date8(stamp);
  const time = stamp.slice(11, 16).replace(':', '');
  const sender = text(envelope.senderId, 15, false);
  const receiver = text(envelope.receiverId, 15, false);
  const interchange = new X12Interchange('~', '*', LAYOUT);
  const control = String(envelope.controlNumber).padStart(9, '0');
  // ISA01-04 no authorization or security; ISA05-08 the partners; ISA11-16 repetition separator,
  // version, control number, no acknowledgment asked, usage, component separator.
  const security = ['00', ''.padEnd(10), '00', ''.padEnd(10)];
  const trailing = ['^', '00501', control, '0', envelope.usage, ':'];
  interchange.setHeader([...security, 'ZZ', sender, 'ZZ', receiver, day.slice(2), time, ...trailing]);
  const group = interchange.addFunctionalGroup();
  // GS01 HC: health care claim (837).
  group.setHeader([
    'HC',
    sender,
    receiver,
    day,
    time,
    String(envelope.controlNumber),
    'X',
    view.implementationGuide,
  ]);
  const tx = group.addTransaction();
  tx.setHeader(['837', '0001', view.implementationGuide]);
  // BHT01 0019 (information source, subscriber, dependent), BHT02 00 (original), BHT03 our
  // reference, BHT06 CH (chargeable).
  tx.addSegment('BHT', ['0019', '00', text(view.claimId, 30, false), day, time, 'CH']);
  return { interchange, tx };
}

function addParties(tx: Transaction, view: Claim837View, envelope: Claim837Envelope): void {
  const { billingProvider: bp, subscriber: sub, payer } = view;
  // 1000A submitter (NM108 46: electronic transmitter id) and its contact; 1000B receiver.
  tx.addSegment('NM1', [
    '41',
    '2',
    text(bp.name, 60),
    '',
    '',
    '',
    '',
    '46',
    text(envelope.senderId, 80, false),
  ]);
  tx.addSegment('PER', ['IC', text(envelope.contact.name, 60), 'TE', envelope.contact.phone]);
  tx.addSegment('NM1', [
    '40',
    '2',
    text(payer.name, 60),
    '',
    '',
    '',
    '',
    '46',
    text(envelope.receiverId, 80, false),
  ]);
  // 2000A/2010AA billing provider: NPI (XX), address, EIN (REF*EI).
  tx.addSegment('HL', ['1', '', '20', '1']);
  tx.addSegment('NM1', ['85', '2', text(bp.name, 60), '', '', '', '', 'XX', bp.npi]);
  addAddress(tx, bp.address);
  tx.addSegment('REF', ['EI', bp.taxId]);
  // 2000B subscriber, the patient (HL04 0: no 2000C), primary (SBR01 P), self (SBR02 18).
  tx.addSegment('HL', ['2', '1', '22', '0']);
  const group = sub.groupNumber ? text(sub.groupNumber, 50, false) : '';
  tx.addSegment('SBR', ['P', '18', group, '', '', '', '', '', sub.claimFilingIndicator]);
  tx.addSegment('NM1', [
    'IL',
    '1',
    text(sub.familyName, 60),
    text(sub.givenName, 35),
    '',
    '',
    '',
    'MI',
    text(sub.memberId, 80, false),
  ]);
  addAddress(tx, sub.address);
  tx.addSegment('DMG', ['D8', date8(sub.birthDate), sub.sex]);
  // 2010BB payer (PI: payer id).
  tx.addSegment('NM1', ['PR', '2', text(payer.name, 60), '', '', '', '', 'PI', text(payer.id, 80, false)]);
}

function addAddress(tx: Transaction, address: Claim837View['billingProvider']['address']): void {
  tx.addSegment('N3', [text(address.line1, 55)]);
  tx.addSegment('N4', [text(address.city, 30), address.state, address.postalCode]);
}

function addClaim(tx: Transaction, view: Claim837View): void {
  const professional = view.form === 'professional';
  // CLM05: facility code : qualifier (B place of service, A type of bill) : frequency. CLM06
  // provider signature on file (the guides' own 837I examples carry it too); CLM07 assigned; CLM08
  // benefits assigned; CLM09 release of information (Y).
  const clm05 = `${view.facilityCode}:${professional ? 'B' : 'A'}:${view.frequencyCode}`;
  tx.addSegment('CLM', [
    text(view.claimId, 38, false),
    decimal(view.totalCharge),
    '',
    '',
    clm05,
    'Y',
    'A',
    'Y',
    'Y',
  ]);
  if (!professional) {
    const day = date8(view.serviceDate);
    tx.addSegment('DTP', ['434', 'RD8', `${day}-${day}`]);
  }
  if (view.payerClaimNumber) tx.addSegment('REF', ['F8', text(view.payerClaimNumber, 50, false)]);
  if (view.authorizationNumber) tx.addSegment('REF', ['G1', text(view.authorizationNumber, 50, false)]);
  // CMS asks for the clinical trial's number in REF*P4 on trial claims (Q0/Q1).
  if (view.clinicalTrialNumber) tx.addSegment('REF', ['P4', view.clinicalTrialNumber]);
  const [principal, ...others] = view.diagnoses.slice(0, 12);
  if (professional) {
    tx.addSegment('HI', [`ABK:${principal}`, ...others.map((c) => `ABF:${c}`)]);
  } else {
    tx.addSegment('HI', [`ABK:${principal}`]);
    if (others.length > 0)
      tx.addSegment(
        'HI',
        others.map((c) => `ABF:${c}`),
      );
  }
  if (view.clinician) {
    const { familyName, givenName, npi } = view.clinician;
    // 2310B rendering provider (837P, 82) or 2310A attending provider (837I, 71).
    tx.addSegment('NM1', [
      professional ? '82' : '71',
      '1',
      text(familyName, 60),
      text(givenName ?? '', 35),
      '',
      '',
      '',
      'XX',
      npi,
    ]);
  }
}

function addLine(tx: Transaction, view: Claim837View, line: Claim837Line, n: number): void {
  const procedure = ['HC', line.hcpcs, ...line.modifiers].join(':');
  tx.addSegment('LX', [String(n)]);
  if (view.form === 'professional') {
    // SV107: the diagnosis pointer, the principal diagnosis.
    tx.addSegment('SV1', [procedure, decimal(line.charge), 'UN', decimal(line.units), '', '', '1']);
  } else {
    tx.addSegment('SV2', [
      line.revenueCode ?? '',
      procedure,
      decimal(line.charge),
      'UN',
      decimal(line.units),
    ]);
  }
  tx.addSegment('DTP', ['472', 'D8', date8(view.serviceDate)]);
  if (line.ndc11) {
    tx.addSegment('LIN', ['', 'N4', line.ndc11]);
    if (line.ndcQuantity !== null && line.ndcUnit)
      tx.addSegment('CTP', ['', '', '', decimal(line.ndcQuantity), line.ndcUnit]);
  }
}
