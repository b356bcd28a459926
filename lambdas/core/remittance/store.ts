/**
 * The RemittanceStore port (Ports.remittances in ports.ts): remittances stored once by payer and trace
 * number, their claims one record each as the file is read, and per case the payments of its
 * claims. DynamoDB: adapters/remittance-repository.ts; in-memory twin: adapters/in-memory/remittance-store.ts.
 */
import { digest } from '../ids.ts';
import type { ClaimPayment, RemittanceClaimRecord, RemittanceRecord } from './records.ts';

/** One remittance per payer and TRN02 trace number: the id is derived from them. */
export function remittanceIdOf(payerKey: string, traceNumber: string): string {
  return `rmt_${digest('835', payerKey, traceNumber).slice(0, 26)}`;
}

export interface RemittanceStore {
  /**
   * Stores a new remittance once, by its id (payer and trace). When it is stored already, answers
   * the stored one (`created: false`), whatever state it is in.
   */
  begin(record: RemittanceRecord): Promise<{ created: boolean; record: RemittanceRecord }>;
  /** A claim's record and, when matched, its payment under its case; the same record again changes nothing. */
  putClaim(record: RemittanceClaimRecord): Promise<void>;
  /** Every claim is stored: the counts and the PLB adjustments, state complete. @throws NotFoundError */
  complete(
    remittanceId: string,
    summary: Pick<RemittanceRecord, 'claims' | 'matched' | 'providerAdjustments'>,
  ): Promise<RemittanceRecord>;
  get(
    remittanceId: string,
  ): Promise<{ remittance: RemittanceRecord; claims: RemittanceClaimRecord[] } | undefined>;
  /** The payments remittances recorded for a case's claims. */
  claimPayments(caseId: string): Promise<ClaimPayment[]>;
}
