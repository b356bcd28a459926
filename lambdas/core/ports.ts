/**
 * What the use cases need from the outside world, as interfaces. Adapters implement them
 * (DynamoDB, S3, Step Functions, payer transports); the pure domain never imports them.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { AuditStore } from './audit/store.ts';
import type { CaseRecord } from './case/case-record.ts';
import type { SiteOfCarePolicy } from './clinical/site-of-care.ts';
import type { Administration } from './course/administration.ts';
import type { DocumentSpec } from './documents/document-model.ts';
import type { TemplateSet } from './documents/templates.ts';
import type { FieldError } from './errors.ts';
import type { PeopleDirectory } from './identity/people.ts';
import type { IdentityStore } from './identity/store.ts';
import type { BusinessMetric } from './metrics.ts';
import type { Assessment, Billing, CaseStatus, Claim, DocumentRef, HistoryEntry, PlanType } from './model.ts';
import type { RemittanceStore } from './remittance/store.ts';
import type { CaseNotes, DigestLog, Mailer } from './team/store.ts';

export interface PayerConfig {
  id: string;
  name: string;
  planType: PlanType;
  transport: 'simulator' | 'manual' | 'fhir-pas' | 'x12-278';
  webhookSecret: string;
  /** During a rotation: the secret being replaced, accepted beside webhookSecret (README). */
  previousWebhookSecret?: string;
  endpoint?: string;
  /** x12-278: the envelope's trading-partner ids and ISA15 usage (default P). */
  x12?: { senderId?: string | undefined; receiverId?: string | undefined; usage?: 'P' | 'T' | undefined };
  /** Extra knobs per payer (simulator mix, NCCN 2B acceptance, state for Medicaid, ...). */
  options?: Record<string, unknown>;
  /** Allowed per unit by HCPCS code, with its source (remittances check against it: UNDERPAID). */
  rates?: Record<string, { allowedPerUnit: number; source: string }>;
  /** The payer's site-of-care policy (API.md "Site of care"), when it has one. */
  siteOfCarePolicy?: SiteOfCarePolicy;
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
  /** Fixed before the first attempt and the same on every retry, so the payer can deduplicate. */
  identifiers: SubmissionIdentifiers;
}

/**
 * What identifies one submission to the payer: derived from the case alone (never from the
 * attempt), so a re-post after a crash or a timeout is the same request to the payer.
 */
export interface SubmissionIdentifiers {
  /** Sent as the Idempotency-Key header of an HTTP transport. */
  idempotencyKey: string;
  /** X12 ISA13, GS06 and ST02 (1..999999999). */
  controlNumber: number;
  /** The interchange's date and time (ISA09/10, GS04/05, BHT04/05): the case's creation. */
  preparedAt: string;
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
  /**
   * The simulator only: posts one answer it planned at submit (DeliverSimulatedAnswer), re-planned
   * from the case, signed with the payer's secret.
   */
  deliverPlanned?(input: PlannedAnswerInput, delivery: SimulatedDelivery): Promise<PlannedDeliveryResult>;
  /** The simulator only: the answers it plans for a submission, due from now (the sweep re-starts them). */
  plannedDeliveries?(input: PlannedAnswerInput): SimulatedDelivery[];
}

/** What a simulator's plan is a function of: the submission without its documents. */
export type PlannedAnswerInput = Pick<
  SubmissionInput,
  'caseId' | 'payer' | 'request' | 'assessment' | 'billing' | 'submittedAt'
>;

export type PlannedDeliveryResult =
  | { delivered: true; status: number }
  | { delivered: false; reason: string };

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

export interface Ids {
  /** A new, unguessable, sortable case id. */
  caseId(): string;
  /** A new, unguessable upload id (POST /v1/uploads). */
  uploadId(): string;
}

/** Logs carry ids only (caseId, payerId, eventId, executionArn), never patient data. */
export interface Log {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

// Case store (DynamoDB) ------------------------------------------------------------------------

export interface IdempotencyClaim {
  key: string;
  bodyHash: string;
}

export interface DocumentMeta extends DocumentRef {
  caseId: string;
  s3Key: string;
  /** The case's organization (tenancy); none on metadata stored before it: `default`. */
  organizationId?: string;
}

export interface EventReceipt {
  eventId: string;
  payerId: string;
  webhookId: string;
  caseId: string;
  channel: 'webhook' | 'fhir-pas' | 'x12-278' | 'simulator' | 'x12-835';
  receivedAt: string;
  event: NormalisedPayerEvent;
  /** The body exactly as received, for audit. */
  raw: string;
}

export interface PendingEvent {
  caseId: string;
  eventId: string;
  receivedAt: string;
}

/** What a decision does to a case, written at once (one transaction) or not at all. */
export interface CaseChange {
  next: CaseRecord;
  history: HistoryEntry[];
  /** Raw payer body kept with the first history entry, for audit. */
  raw?: string;
  /** Metadata of documents generated for the case. */
  documents?: DocumentMeta[];
  /** Claims of the case written again (e.g. marked DENIED). */
  claims?: Claim[];
  /** Stored payer events of the case now applied: no longer pending for the sweep. */
  appliedEventIds?: string[];
  /**
   * Payer events stored with the change, pending until applied (the payer's synchronous answer,
   * recorded in the same transaction as the submission so no crash can lose it).
   */
  storedEvents?: EventReceipt[];
}

export interface WorklistQuery {
  /** The organization whose cases the query reads (its indexes are partitioned by it). */
  organizationId: string;
  /** Only the cases assigned to this user (the sparse byAssignee index). */
  assigneeId?: string;
  status?: CaseStatus;
  payerId?: string;
  dueBefore?: string;
  limit: number;
  nextToken?: string;
}

export interface CaseWithChildren {
  record: CaseRecord;
  history: HistoryEntry[];
  claims: Claim[];
}

/**
 * Every case, its history, claims, documents' metadata and payer events. Writes are conditional:
 * a case is created once, a change applies to the version it was decided on (a concurrent writer
 * makes `updateCase` read again and re-decide), an event or a claim is stored once.
 */
export interface CaseStore {
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /**
   * The id of a case's payer, read alone (the webhook's check that a delivery is about a case of
   * its payer: nothing else of the case, no patient data, is read). Undefined for an unknown case.
   */
  getCasePayerId(caseId: string): Promise<string | undefined>;
  /** @throws NotFoundError */
  requireCase(caseId: string): Promise<CaseRecord>;
  getCaseWithChildren(caseId: string): Promise<CaseWithChildren | undefined>;
  /**
   * A new case with its first history entries and (optionally) its Idempotency-Key, at once.
   * A replayed key answers with the case it made; another body under the key is a 422 ConflictError.
   * @throws ConflictError when the case id exists already
   */
  createCase(
    record: CaseRecord,
    history: HistoryEntry[],
    idempotency?: IdempotencyClaim,
  ): Promise<{ caseId: string; replayed: boolean }>;
  getIdempotency(key: string): Promise<{ caseId: string; bodyHash: string } | undefined>;
  /**
   * Change a case with optimistic concurrency: `mutate` gets the current case and returns the
   * change (or null for nothing to do). Answers the case as stored after the change.
   * @throws NotFoundError, ConflictError (503) after too many concurrent writers
   */
  updateCase(
    caseId: string,
    mutate: (current: CaseRecord) => CaseChange | null | Promise<CaseChange | null>,
  ): Promise<CaseRecord>;
  /** History without a change of the case (e.g. a refused transition, a failure). */
  appendHistory(caseId: string, entries: HistoryEntry[], raw?: string): Promise<void>;
  getDocumentMeta(documentId: string): Promise<DocumentMeta | undefined>;
  /** Store a payer event once (by eventId), pending until applied. False for a duplicate. */
  storeEventOnce(receipt: EventReceipt): Promise<boolean>;
  getEventReceipt(eventId: string): Promise<EventReceipt | undefined>;
  /**
   * A stored event's case and time while it waits to be applied (on the pending index), read
   * without its body; undefined once applied, or for an unknown event.
   */
  getPendingEvent(eventId: string): Promise<PendingEvent | undefined>;
  /** Stored events not yet applied, oldest first. */
  listPendingEvents(limit?: number): Promise<PendingEvent[]>;
  /** False when the case has a claim with this id already. */
  putClaimOnce(caseId: string, claim: Claim, organizationId?: string): Promise<boolean>;
  getClaim(caseId: string, claimId: string): Promise<Claim | undefined>;
  /**
   * A claim found by its id alone (CLM01, an 835's CLP01, GET /v1/claims/{claimId}/x12). A claim
   * id belongs to one case: `putClaimOnce` of the same id on another case answers false.
   */
  findClaim(
    claimId: string,
  ): Promise<{ caseId: string; claim: Claim; organizationId?: string | undefined } | undefined>;
  /** The worklist, most urgent deadline first, a page at a time. @throws ValidationError for a foreign token */
  queryWorklist(q: WorklistQuery): Promise<{ items: CaseRecord[]; nextToken: string | null }>;
  /** Cases in a status, oldest deadline first. */
  listCasesByStatus(status: CaseStatus, limit?: number): Promise<CaseRecord[]>;
  /** Store an administration of the case once (by administrationId). False when the id is taken. */
  putAdministration(caseId: string, administration: Administration): Promise<boolean>;
  /** The case's administrations, oldest administeredAt first. */
  listAdministrations(caseId: string): Promise<Administration[]>;
}

// Documents (S3), workflows (Step Functions), rendering ----------------------------------------

/** A short-lived URL that lets its holder read or write one object without the API token. */
export interface PresignedUrl {
  url: string;
  expiresAt: string;
}

export interface DocumentStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** @throws NotFoundError */
  get(key: string): Promise<Uint8Array>;
  /** The object's size and content type, or undefined when nothing is stored under the key. */
  head(key: string): Promise<{ bytes: number; contentType: string } | undefined>;
  /** A URL that serves the object (GET) for `expiresInSeconds`. */
  presignGet(key: string, options: { expiresInSeconds: number; filename: string }): Promise<PresignedUrl>;
  /** A URL that stores a PUT of `contentType` under the key for `expiresInSeconds`. */
  presignPut(key: string, options: { expiresInSeconds: number; contentType: string }): Promise<PresignedUrl>;
}

/** A start is idempotent by its execution name: a second start of the same name is `started: false`. */
export interface WorkflowStarter {
  startSubmitPriorAuth(caseId: string, name?: string): Promise<{ started: boolean }>;
  startHandlePayerEvent(caseId: string, eventId: string, name?: string): Promise<{ started: boolean }>;
  /**
   * DeliverSimulatedAnswer: waits until `deliverAt`, then posts one planned simulator answer. The
   * execution name defaults to the webhook id, so each answer is scheduled once.
   */
  startSimulatedDelivery(delivery: SimulatedDelivery, name?: string): Promise<{ started: boolean }>;
}

/**
 * One planned answer of the payer simulator, as ids (no PHI): the delivery re-plans the answer's
 * body from the case, and signs it with the payer's secret from the registry.
 */
export interface SimulatedDelivery {
  caseId: string;
  payerId: string;
  /** The submission the answer belongs to (the plan is a function of it). */
  submittedAt: string;
  /** Which answer of the plan: 0, or 1 for the final answer after a pend. */
  step: number;
  webhookId: string;
  /** When to post it (ISO 8601, the state machine's Wait TimestampPath). */
  deliverAt: string;
}

export interface Renderer {
  /** Deterministic: the same spec gives the same bytes. */
  renderPdf(spec: DocumentSpec): Promise<Uint8Array>;
  /** The field errors of attachments that are not readable PDFs with pages. */
  unreadablePdfs(attachments: Array<{ data: string }>, path?: string): Promise<FieldError[]>;
}

/** The transport that speaks to a payer (simulator, FHIR PAS, X12 278, manual). */
export type PayerTransports = (payer: PayerConfig) => PayerTransport;

/** Every port, as the composition root wires them; a use case takes the ones it needs. */
export interface Ports {
  cases: CaseStore;
  /** 835 remittances, their claims and the payments of each case's claims. */
  remittances: RemittanceStore;
  /** Organizations, machine clients, users and the local issuer's signing key. */
  identity: IdentityStore;
  /** Where a person's sign-in is made: the local issuer, or Cognito on AWS (core/identity/people.ts). */
  people: PeopleDirectory;
  /** The audit trail, append-only (core/audit/). */
  audit: AuditStore;
  documents: DocumentStore;
  /** Notes on cases, the daily digests sent, and the mail they go by (core/team/store.ts). */
  notes: CaseNotes;
  digests: DigestLog;
  mailer: Mailer;
  workflows: WorkflowStarter;
  renderer: Renderer;
  /** The letter templates (templates/), compiled once. */
  templates: TemplateSet;
  transports: PayerTransports;
  registry: PayerRegistry;
  clock: Clock;
  ids: Ids;
  log: Log;
  metrics: Metrics;
  /** Tests only (PA_TEST_PAUSE_AT): stops a step at a named crash window so a test can kill it there. */
  pauseAt?: (window: CrashWindow, caseId: string) => Promise<void>;
}

/** The crash windows of SubmitToPayer a resilience test kills the process in. */
export type CrashWindow = 'after-payer-post' | 'after-submission-record';

// Business metrics -------------------------------------------------------------------------------

/** Counts business events (core/metrics.ts names them); never fails the caller. */
export interface Metrics {
  /** One occurrence; `dimension` is the value of the metric's dimension (BUSINESS_METRICS), if it has one. */
  count(metric: BusinessMetric, dimension?: string): void;
}
