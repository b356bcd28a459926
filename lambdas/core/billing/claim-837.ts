/**
 * What an 837 of a stored claim says, decided purely: the form and its implementation guide
 * (837P 005010X222A1 or 837I 005010X223A2), the parties (billing provider from the claim or the
 * case, subscriber and payer from the case), the claim (CLM05: place of service or the type of
 * bill's facility code, and the frequency; REF*G1, REF*F8), the diagnoses and the lines with
 * their NDC. The adapter (lambdas/adapters/x12/claim-837.ts) only lays this view out as X12.
 * What the 837 needs and neither the claim nor the case has is a 422 naming the claim's field.
 */
import type { ClaimInput } from '#schemas/claim.ts';
import type { CaseRecord } from '../case/case-record.ts';
import { ValidationError } from '../errors.ts';
import { digest } from '../ids.ts';
import type { Claim, PlanType } from '../model.ts';

export const IMPLEMENTATION_GUIDES = {
  professional: '005010X222A1',
  institutional: '005010X223A2',
} as const;

/**
 * SBR09 claim filing indicator by plan type (the 837's code list: MB Medicare Part B,
 * 16 Health Maintenance Organization (HMO) Medicare Risk, MC Medicaid, CI commercial insurance).
 * A Medicare Advantage plan that is not an HMO would use another code: configurable per payer.
 */
export const CLAIM_FILING_INDICATOR: Readonly<Record<PlanType, string>> = {
  medicare: 'MB',
  medicare_advantage: '16',
  medicaid: 'MC',
  commercial: 'CI',
};

export interface Claim837Party {
  name: string;
  npi: string;
}

export interface Claim837Line {
  hcpcs: string;
  modifiers: string[];
  units: number;
  charge: number;
  revenueCode: string | null;
  /** 11 digits, no hyphens (LIN03, qualifier N4). */
  ndc11: string | null;
  ndcQuantity: number | null;
  ndcUnit: string | null;
}

export interface Claim837View {
  form: 'professional' | 'institutional';
  implementationGuide: (typeof IMPLEMENTATION_GUIDES)[keyof typeof IMPLEMENTATION_GUIDES];
  caseId: string;
  claimId: string;
  /** CLM05-1: the place of service (837P) or the type of bill's first two digits (837I). */
  facilityCode: string;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  frequencyCode: '1' | '7' | '8';
  /** REF*F8: the payer's claim control number a replacement or void names. */
  payerClaimNumber: string | null;
  authorizationNumber: string | null;
  clinicalTrialNumber: string | null;
  serviceDate: string;
  /** ICD-10-CM without the dot, principal first. */
  diagnoses: string[];
  totalCharge: number;
  billingProvider: Claim837Party & {
    taxId: string;
    address: { line1: string; city: string; state: string; postalCode: string };
  };
  /** 2310B rendering (837P) or 2310A attending (837I). */
  clinician: { npi: string; familyName: string; givenName: string | null } | null;
  subscriber: {
    familyName: string;
    givenName: string;
    memberId: string;
    birthDate: string;
    sex: 'F' | 'M' | 'U';
    groupNumber: string | null;
    claimFilingIndicator: string;
    address: { line1: string; city: string; state: string; postalCode: string };
  };
  payer: { id: string; name: string };
  lines: Claim837Line[];
}

const SEX: Record<string, 'F' | 'M'> = { female: 'F', male: 'M' };

/** The 837 view of a stored claim of the case. @throws ValidationError (422) naming what it lacks */
export function claim837View(record: CaseRecord, stored: Claim): Claim837View {
  const claim = stored.claim as unknown as ClaimInput;
  const { request } = record;
  const form = claim.form ?? 'professional';
  const given = claim.billingProvider;
  const taxId = given?.taxId ?? request.provider.tin;
  const missing = [
    ...(taxId && /^\d{9}$/.test(taxId)
      ? []
      : [{ path: 'billingProvider.taxId', message: 'the 9-digit EIN (REF*EI)' }]),
    ...(given?.address ? [] : [{ path: 'billingProvider.address', message: 'the billing address (N3/N4)' }]),
    ...(claim.patientAddress
      ? []
      : [{ path: 'patientAddress', message: "the subscriber's address (2010BA N3/N4)" }]),
    ...(form === 'institutional' && !claim.typeOfBill ? [{ path: 'typeOfBill', message: 'CLM05-1' }] : []),
    ...(form === 'professional' && !claim.placeOfService
      ? [{ path: 'placeOfService', message: 'CLM05-1' }]
      : []),
    ...(['7', '8'].includes(claim.frequencyCode) && !claim.payerClaimNumber
      ? [{ path: 'payerClaimNumber', message: 'the original claim a replacement or void names (REF*F8)' }]
      : []),
  ];
  if (missing.length > 0 || !taxId || !given?.address || !claim.patientAddress) {
    throw new ValidationError(`claim ${stored.claimId} lacks what its 837 needs`, missing, {
      statusCode: 422,
    });
  }
  const lines = claim.lines.map(
    (line): Claim837Line => ({
      hcpcs: line.hcpcs,
      modifiers: line.modifiers.slice(0, 4),
      units: line.units,
      charge: line.chargeAmount ?? 0,
      revenueCode: line.revenueCode ?? null,
      ndc11: line.ndc11 ? line.ndc11.replaceAll('-', '') : null,
      ndcQuantity: line.ndcQuantity ?? null,
      ndcUnit: line.ndcUnit ?? null,
    }),
  );
  return {
    form,
    implementationGuide: IMPLEMENTATION_GUIDES[form],
    caseId: record.caseId,
    claimId: stored.claimId,
    facilityCode:
      form === 'institutional' ? (claim.typeOfBill ?? '').slice(0, 2) : (claim.placeOfService ?? ''),
    frequencyCode: claim.frequencyCode,
    payerClaimNumber: claim.payerClaimNumber ?? null,
    authorizationNumber: claim.authorizationNumber ?? record.decision?.authorizationNumber ?? null,
    clinicalTrialNumber: claim.clinicalTrialNumber?.replace(/^NCT/, '') ?? null,
    serviceDate: claim.serviceDate,
    diagnoses: claim.diagnosisCodes.map((code) => code.replace('.', '').toUpperCase()),
    totalCharge: Math.round(lines.reduce((sum, l) => sum + l.charge, 0) * 100) / 100,
    billingProvider: {
      name: given.name ?? request.provider.name,
      npi: given.npi ?? request.provider.npi,
      taxId,
      address: given.address,
    },
    clinician: claim.renderingProvider
      ? {
          npi: claim.renderingProvider.npi,
          familyName: claim.renderingProvider.familyName,
          givenName: claim.renderingProvider.givenName ?? null,
        }
      : null,
    subscriber: {
      familyName: request.patient.familyName,
      givenName: request.patient.givenName,
      memberId: request.coverage.memberId,
      birthDate: request.patient.birthDate,
      sex: SEX[request.patient.sex] ?? 'U',
      groupNumber: request.coverage.groupNumber ?? null,
      claimFilingIndicator: CLAIM_FILING_INDICATOR[record.payer.planType],
      address: claim.patientAddress,
    },
    payer: { id: record.payer.id, name: record.payer.name },
    lines,
  };
}

/** The interchange around the claim: trading partners, ISA15, control number, when, and who to call. */
export interface Claim837Envelope {
  senderId: string;
  receiverId: string;
  usage: 'P' | 'T';
  /** 1..999999999: ISA13 and GS06, derived from the claim so the same claim gives the same file. */
  controlNumber: number;
  createdAt: string;
  /** 1000A PER: the submitter's contact (the case's provider contact). */
  contact: { name: string; phone: string };
}

/**
 * The envelope of a claim's 837. The trading-partner ids are the payer registry entry's `x12`
 * (as for the 278); without them, synthetic ids (SYNTHSUBMITTER, the payer id) stand in, to be
 * replaced by the ids the clearinghouse assigns. @throws ValidationError (422) without a contact phone
 */
export function claim837Envelope(
  record: CaseRecord,
  stored: Claim,
  x12: { senderId?: string | undefined; receiverId?: string | undefined; usage?: 'P' | 'T' | undefined } = {},
): Claim837Envelope {
  const contact = record.request.provider.contact;
  const phone = (contact?.phone ?? '').replace(/\D/g, '');
  if (phone.length < 7) {
    throw new ValidationError(
      `case ${record.caseId} lacks the submitter contact an 837 needs`,
      [{ path: 'provider.contact.phone', message: 'a phone number for 1000A PER' }],
      { statusCode: 422 },
    );
  }
  return {
    senderId: x12.senderId ?? 'SYNTHSUBMITTER',
    receiverId: x12.receiverId ?? record.payer.id.toUpperCase().slice(0, 15),
    usage: x12.usage ?? 'P',
    controlNumber:
      (Number.parseInt(digest(stored.claimId, stored.receivedAt).slice(0, 8), 16) % 999_999_999) + 1,
    createdAt: stored.receivedAt,
    contact: { name: contact?.name ?? record.request.provider.name, phone },
  };
}
