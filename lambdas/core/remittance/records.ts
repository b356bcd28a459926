/**
 * What is stored of a remittance and what the API shows of it: the remittance (header, counts,
 * PLB), one record per claim (matched or not, status, lines, findings), and per case the payments
 * of its claims. Amounts and codes only: nothing of the file's names is kept.
 */

import { organizationOf } from '../identity/tenancy.ts';
import type { Finding } from '../model.ts';
import type { ClaimPaymentStatus, ProviderAdjustment, RemittanceClaim, RemittanceHeader } from './model.ts';
import { claimStatus } from './status.ts';
import { type RateTable, underpayments } from './underpayment.ts';

/** A remittance as stored: its header, when it came, how far it got, its counts and PLBs. */
export interface RemittanceRecord extends RemittanceHeader {
  remittanceId: string;
  /** The organization it was received for (tenancy); none when stored before it: `default`. */
  organizationId?: string;
  receivedAt: string;
  /** receiving: claims are being stored; complete: every claim is stored and its remedy started. */
  state: 'receiving' | 'complete';
  claims: number;
  matched: number;
  providerAdjustments: ProviderAdjustment[];
}

/** A CLP as stored: the claim as read (its lines as they are), its match, status and findings. */
export interface RemittanceClaimRecord extends RemittanceClaim {
  remittanceId: string;
  /** The claim's place in the file (CLP order, from 0): two CLPs may carry the same claim id. */
  seq: number;
  caseId: string | null;
  matched: boolean;
  status: ClaimPaymentStatus;
  findings: Finding[];
  /** The claim.denied event a denied or short-paid durvalumab line started, if any. */
  denialEventId: string | null;
  receivedAt: string;
}

/** The record of a CLP: its status, its lines as shown, its UNDERPAID findings. */
export function remittanceClaimRecord(input: {
  remittanceId: string;
  seq: number;
  claim: RemittanceClaim;
  caseId: string | null;
  rates: RateTable | undefined;
  denialEventId: string | null;
  receivedAt: string;
}): RemittanceClaimRecord {
  const { claim } = input;
  return {
    ...claim,
    remittanceId: input.remittanceId,
    seq: input.seq,
    caseId: input.caseId,
    matched: input.caseId !== null,
    status: claimStatus(claim),
    findings: input.caseId === null ? [] : underpayments(claim, input.rates),
    denialEventId: input.denialEventId,
    receivedAt: input.receivedAt,
  };
}

/** GET /v1/remittances/{remittanceId}. */
/** A remittance as GET /v1/remittances lists it: its payment and counts, without its claims. */
export function toRemittanceSummary(remittance: RemittanceRecord) {
  return {
    remittanceId: remittance.remittanceId,
    organizationId: organizationOf(remittance),
    payer: { id: remittance.payerKey, name: remittance.payerName },
    traceNumber: remittance.traceNumber,
    paymentAmount: remittance.paymentAmount,
    paymentMethod: remittance.paymentMethod,
    paymentDate: remittance.paymentDate,
    receivedAt: remittance.receivedAt,
    state: remittance.state,
    claimCount: remittance.claims,
    matched: remittance.matched,
    links: { self: `/v1/remittances/${remittance.remittanceId}` },
  };
}

export function toRemittanceView(remittance: RemittanceRecord, claims: RemittanceClaimRecord[]) {
  const ordered = [...claims].sort((a, b) => a.seq - b.seq);
  const { links, ...summary } = toRemittanceSummary(remittance);
  return {
    ...summary,
    claims: ordered.map((c) => ({
      claimId: c.claimId,
      matched: c.matched,
      caseId: c.caseId,
      status: c.status,
      chargeAmount: c.chargeAmount,
      paidAmount: c.paidAmount,
      patientResponsibility: c.patientResponsibility,
      payerClaimControlNumber: c.payerClaimControlNumber,
      adjustments: c.adjustments,
      remarks: c.remarks,
      lines: c.lines,
      findings: c.findings,
      denialEventId: c.denialEventId,
    })),
    /** Claims no case knows: for a person to match. */
    unmatched: ordered.filter((c) => !c.matched).map((c) => c.claimId),
    providerAdjustments: remittance.providerAdjustments,
  };
}

/** One claim's payment in one remittance, kept under the claim's case. */
export interface ClaimPayment {
  caseId: string;
  claimId: string;
  remittanceId: string;
  seq: number;
  status: ClaimPaymentStatus;
  paidAmount: number;
  receivedAt: string;
}

export function claimPayment(record: RemittanceClaimRecord): ClaimPayment | null {
  if (record.caseId === null) return null;
  const { caseId, claimId, remittanceId, seq, status, paidAmount, receivedAt } = record;
  return { caseId, claimId, remittanceId, seq, status, paidAmount, receivedAt };
}

export interface ClaimPaymentSummary {
  claimId: string;
  /** The latest remittance's status of the claim. */
  status: ClaimPaymentStatus;
  /** Paid over every remittance (a reversal's negative amount takes a payment back). */
  paidAmount: number;
  remittanceIds: string[];
}

/** A case's claims as its remittances say, by claim id. */
export function summariseClaimPayments(payments: ClaimPayment[]): Map<string, ClaimPaymentSummary> {
  const ordered = [...payments].sort(
    (a, b) =>
      a.receivedAt.localeCompare(b.receivedAt) ||
      a.remittanceId.localeCompare(b.remittanceId) ||
      a.seq - b.seq,
  );
  const byClaim = new Map<string, ClaimPaymentSummary>();
  for (const p of ordered) {
    const seen = byClaim.get(p.claimId);
    const paidCents = Math.round(((seen?.paidAmount ?? 0) + p.paidAmount) * 100);
    const remittanceIds = seen?.remittanceIds ?? [];
    if (!remittanceIds.includes(p.remittanceId)) remittanceIds.push(p.remittanceId);
    byClaim.set(p.claimId, {
      claimId: p.claimId,
      status: p.status,
      paidAmount: paidCents / 100,
      remittanceIds,
    });
  }
  return byClaim;
}

/**
 * The case view's claims with what remittances said of them: status (the latest remittance's,
 * else the claim's own), paidAmount (null before any remittance) and remittanceIds.
 */
export function withClaimPayments<
  V extends { claims: Array<{ claimId: string; status?: string | undefined }> },
>(view: V, payments: ClaimPayment[]): V {
  const summaries = summariseClaimPayments(payments);
  return {
    ...view,
    claims: view.claims.map((c) => {
      const paid = summaries.get(c.claimId);
      return {
        ...c,
        status: paid?.status ?? c.status,
        paidAmount: paid?.paidAmount ?? null,
        remittanceIds: paid?.remittanceIds ?? [],
      };
    }),
  };
}
