/**
 * What the use cases need from the outside world, as interfaces. Adapters implement them
 * (DynamoDB, S3, Step Functions, payer transports); the pure domain never imports them.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Assessment, Billing, PlanType } from './model.ts';

export interface PayerConfig {
  id: string;
  name: string;
  planType: PlanType;
  transport: 'simulator' | 'manual' | 'fhir-pas' | 'x12-278';
  webhookSecret: string;
  endpoint?: string;
  /** Extra knobs per payer (simulator mix, NCCN 2B acceptance, state for Medicaid, ...). */
  options?: Record<string, unknown>;
}

export interface PayerRegistry {
  get(payerId: string): Promise<PayerConfig | undefined>;
  list(): Promise<PayerConfig[]>;
}

/** What a transport gets: the ids, the request and what the core made of it. */
export interface SubmissionInput {
  caseId: string;
  payer: PayerConfig;
  request: PriorAuthRequest;
  assessment: Assessment;
  billing: Billing;
  /** The Da Vinci PAS request Bundle of the packet. */
  pasBundle: Record<string, unknown>;
  packetDocumentId: string;
  submittedAt: string;
}

export interface SubmissionResult {
  payerReference: string | null;
  /** How the payer was reached, for the history (e.g. "fhir-pas POST Claim/$submit 200"). */
  detail: string;
  /** A decision the payer gave synchronously (a PAS ClaimResponse or a 278 response), if any. */
  immediateDecision?: NormalisedPayerEvent;
  /** Raw exchange kept for audit (X12 text, FHIR JSON), without being logged. */
  artifacts?: Array<{ kind: 'pas_bundle' | 'x12_278'; contentType: string; body: string }>;
}

export interface PayerTransport {
  submit(input: SubmissionInput): Promise<SubmissionResult>;
}

/**
 * One state model for every channel: webhook JSON, a PAS ClaimResponse and an X12 278 response
 * all become this.
 */
export interface NormalisedPayerEvent {
  type: 'prior_auth.decision' | 'claim.denied' | 'appeal.decision';
  occurredAt: string;
  caseId: string;
  payerReference: string | null;
  outcome: 'approved' | 'partially_approved' | 'denied' | 'pended' | 'overturned' | 'upheld';
  authorizationNumber: string | null;
  approvedUnits: number | null;
  validFrom: string | null;
  validTo: string | null;
  reasons: Array<{ system: 'CARC' | 'RARC' | 'X12-HCR' | 'PAYER'; code: string; group?: string }>;
  requestedDocuments: string[];
  note: string | null;
  claimId?: string;
  appealId?: string;
}

export interface Clock {
  now(): Date;
}
