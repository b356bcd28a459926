/**
 * The RemittanceStore port (Ports.remittances in ports.ts): remittances stored once by payer and trace
 * number, their claims one record each as the file is read, and per case the payments of its
 * claims. DynamoDB: adapters/remittance-repository.ts; in-memory twin: adapters/in-memory/remittance-store.ts.
 */
import { DEFAULT_ORGANIZATION } from '../identity/claims.ts';
import { digest } from '../ids.ts';
import type { ClaimPayment, RemittanceClaimRecord, RemittanceRecord } from './records.ts';

/**
 * One remittance per organization, payer and TRN02 trace number: the id is derived from them (in
 * `default` from payer and trace alone, as before tenancy), so the same 835 received by two
 * organizations is two remittances and neither sees the other's.
 */
export function remittanceIdOf(
  payerKey: string,
  traceNumber: string,
  organizationId = DEFAULT_ORGANIZATION,
): string {
  const parts =
    organizationId === DEFAULT_ORGANIZATION
      ? [payerKey, traceNumber]
      : [organizationId, payerKey, traceNumber];
  return `rmt_${digest('835', ...parts).slice(0, 26)}`;
}

/** A page of an organization's remittances, newest first: at most `limit`, after the page `nextToken` ended. */
export interface RemittanceListQuery {
  organizationId: string;
  limit: number;
  nextToken?: string;
}

/** A page of a remittance's claims: at most `limit`, those after seq `afterSeq` (from the start without). */
export interface ClaimsPage {
  limit: number;
  afterSeq?: number;
}

export interface RemittanceClaims {
  remittance: RemittanceRecord;
  claims: RemittanceClaimRecord[];
  /** With a page, when more claims follow: the seq to give as `afterSeq` for the next page. */
  nextSeq?: number;
}

/** The claims of one page out of claims in seq order, limit + 1 of them at most (the +1 says more follow). */
export function pageOf(
  ordered: RemittanceClaimRecord[],
  limit: number,
): Pick<RemittanceClaims, 'claims' | 'nextSeq'> {
  if (ordered.length <= limit) return { claims: ordered };
  const claims = ordered.slice(0, limit);
  return { claims, nextSeq: claims[claims.length - 1]?.seq };
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
  /**
   * The remittance and its claims in file order: all of them, or with `page` at most `limit` claims
   * after seq `afterSeq`, and `nextSeq` (the last seq given) when more follow.
   */
  get(remittanceId: string, page?: ClaimsPage): Promise<RemittanceClaims | undefined>;
  /** The payments remittances recorded for a case's claims. */
  claimPayments(caseId: string): Promise<ClaimPayment[]>;
  /**
   * An organization's remittances, newest first, a page at a time (its own index partition).
   * @throws ValidationError for a token of another query
   */
  list(query: RemittanceListQuery): Promise<{ items: RemittanceRecord[]; nextToken: string | null }>;
}
