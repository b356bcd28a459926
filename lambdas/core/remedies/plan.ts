/**
 * The remedy plan: what a denial gets, decided purely. Given the case, the denial event (a denied
 * prior auth, a denied claim or an upheld appeal) and the claim it names: the appeal level (the
 * next one after an upheld appeal, or none left), the denial analysis (appeal, corrected claim or
 * no remedy, with its template), the deadline and whether it has passed. Then the letter's input,
 * and the case as it records the remedy once.
 */
import type { CaseRecord } from '../case/case-record.ts';
import { remediesOwed, remedySettled } from '../case/remedies-owed.ts';
import { canTransition } from '../case/status-transitions.ts';
import { findIndication } from '../clinical/indications.ts';
import type { Appeal, DocumentRef, Finding, HistoryEntry, Reason } from '../model.ts';
import type { NormalisedPayerEvent } from '../ports.ts';
import { type AppealDeadline, appealDeadline, isUntimely, nextAppealLevel } from './appeal-deadlines.ts';
import { type AppealInput, CORRECTED_CLAIM_TEMPLATE } from './compose-appeal.ts';
import { analyseDenial, type DenialAnalysis, denialCategoryRule } from './denials.ts';

export interface RemedyPlanInput {
  record: CaseRecord;
  event: NormalisedPayerEvent;
  /** The denied claim as submitted, for a claim denial (or the appeal of one). */
  claim?: AppealInput['claim'];
  now: Date;
}

/** An upheld appeal at the last level: nothing more to file. */
export interface NoFurtherLevel {
  kind: 'no_further_level';
  previous: Appeal | undefined;
}

export interface RemedyDecision {
  kind: 'remedy';
  remedy: DenialAnalysis['remedy'];
  /** The editable template the document is written from; null when no remedy is right. */
  template: string | null;
  subject: Appeal['subject'];
  level: number;
  /** The reasons answered: the event's, or for an upheld appeal those of the denial it appealed. */
  reasons: Array<Reason & { eventId?: string | undefined }>;
  analysis: DenialAnalysis;
  deadline: AppealDeadline;
  /** The deadline has passed: the letter asks for good cause and the case carries APPEAL_UNTIMELY. */
  untimely: boolean;
  claimId?: string;
  /** The denial as the letter quotes it. */
  decision: AppealInput['decision'];
}

export type RemedyPlan = NoFurtherLevel | RemedyDecision;

/** The case as it records a remedy (or its absence). */
export interface RemedyRecord {
  next: CaseRecord;
  history: HistoryEntry[];
}

export function planRemedy(input: RemedyPlanInput): RemedyPlan {
  const { record, event } = input;
  const previous = event.type === 'appeal.decision' ? appealAnswered(record, event.appealId) : undefined;
  const level = previous ? nextAppealLevel(record.payer.planType, previous.level) : 1;
  if (level === null) return { kind: 'no_further_level', previous };
  const subject = previous?.subject ?? (event.type === 'claim.denied' ? 'claim' : 'prior_auth');
  const reasons = previous ? reasonsOf(record, previous) : event.reasons;
  const analysis = analyseDenial({
    subject,
    reasons,
    note: event.note,
    assessment: record.assessment,
    billing: record.billing,
    claim: input.claim,
    findings: record.findings,
    authorization: caseAuthorization(record),
    caseDiagnosisCodes: record.request.diagnosis.icd10,
    planType: record.payer.planType,
    indicationIcd10: indicationCodes(record.assessment?.indication ?? null),
  });
  const deadline = appealDeadline({
    planType: record.payer.planType,
    level,
    subject,
    noticeDate: event.occurredAt.slice(0, 10),
  });
  const claimId = event.claimId ?? previous?.claimId;
  return {
    kind: 'remedy',
    remedy: analysis.remedy,
    template: templateOf(analysis),
    subject,
    level,
    reasons,
    analysis,
    deadline,
    untimely: isUntimely(deadline.dueAt, input.now),
    ...(claimId ? { claimId } : {}),
    decision: {
      reasons,
      note: event.note,
      payerReference: event.payerReference ?? record.decision?.payerReference ?? null,
      authorizationNumber: event.authorizationNumber ?? record.decision?.authorizationNumber ?? null,
      decidedAt: event.occurredAt,
    },
  };
}

/** What the appeal letter or corrected-claim instruction is composed from. */
export function remedyLetterInput(
  plan: RemedyDecision,
  letter: Pick<AppealInput, 'appealId' | 'request' | 'claim' | 'createdAt'> & { record: CaseRecord },
): AppealInput {
  const { record } = letter;
  return {
    caseId: record.caseId,
    appealId: letter.appealId,
    request: letter.request,
    assessment: record.assessment,
    billing: record.billing,
    findings: record.findings,
    payer: { id: record.payer.id, name: record.payer.name, planType: record.payer.planType },
    decision: plan.decision,
    analysis: plan.analysis,
    level: plan.level,
    deadline: plan.deadline,
    subject: plan.subject,
    ...(letter.claim ? { claim: letter.claim } : {}),
    createdAt: letter.createdAt,
    // Past the deadline: the letter asks for good cause, which a person must state before
    // filing (regulation.md (b)); the case carries APPEAL_UNTIMELY until then.
    ...(plan.untimely
      ? { untimely: { goodCause: '[state the good cause for late filing before sending]' } }
      : {}),
  };
}

/**
 * The case with the remedy recorded: the appeal (ready, or NOT_APPEALED with its reason), its
 * document, the appeal deadline, APPEAL_UNTIMELY when late. Null when it is recorded already.
 */
export function recordRemedy(
  record: CaseRecord,
  plan: RemedyDecision,
  remedy: { appealId: string; eventId: string; document: DocumentRef | null; at: string },
): RemedyRecord | null {
  if (record.appeals.some((a) => a.appealId === remedy.appealId)) return null;
  const { at, document, eventId } = remedy;
  const { analysis, deadline, level } = plan;
  const appeal: Appeal = {
    appealId: remedy.appealId,
    status: analysis.remedy === 'none' ? 'NOT_APPEALED' : 'APPEAL_READY',
    remedy: analysis.remedy,
    subject: plan.subject,
    ...(plan.claimId ? { claimId: plan.claimId } : {}),
    level,
    levelName: deadline.levelName,
    category: analysis.category,
    documentId: document?.documentId ?? null,
    dueAt: deadline.dueAt,
    createdAt: at,
    eventId,
    reason: analysis.reason,
  };
  const untimely: Finding = {
    severity: 'error',
    code: 'APPEAL_UNTIMELY',
    message: `The ${deadline.levelName} deadline (${deadline.dueAt}) has passed; the letter asks for a good-cause extension.`,
  };
  // The status model decides: a case that moved on meanwhile (closed, filed) keeps its status.
  const status =
    analysis.remedy !== 'none' && canTransition(record.status, 'APPEAL_READY')
      ? 'APPEAL_READY'
      : record.status;
  const next: CaseRecord = {
    ...record,
    status,
    updatedAt: at,
    appeals: [...record.appeals, appeal],
    documents: document ? [...record.documents, document] : record.documents,
    deadlines: { ...record.deadlines, appealDueAt: deadline.dueAt },
    findings: plan.untimely ? [...record.findings, untimely] : record.findings,
    ...remedySettled(record, eventId),
    flags: [],
  };
  const detail = `${analysis.category}: ${analysis.reason}; level ${level} (${deadline.levelName}) due ${deadline.dueAt}${document ? `; document ${document.documentId}` : ''}`;
  return {
    next,
    history: [{ at, status, source: 'workflow', eventId, event: READY_EVENT[analysis.remedy], detail }],
  };
}

const READY_EVENT: Record<DenialAnalysis['remedy'], string> = {
  appeal: 'appeal.ready',
  corrected_claim: 'corrected_claim.ready',
  none: 'appeal.not_recommended',
};

/** An upheld appeal at the last level: the remedy is no longer owed, and the history says why. */
export function recordNoFurtherLevel(
  record: CaseRecord,
  plan: NoFurtherLevel,
  remedy: { eventId: string; at: string },
): RemedyRecord | null {
  if (!remediesOwed(record).includes(remedy.eventId)) return null;
  const { previous } = plan;
  return {
    next: { ...record, ...remedySettled(record, remedy.eventId), updatedAt: remedy.at },
    history: [
      {
        at: remedy.at,
        status: record.status,
        source: 'workflow',
        eventId: remedy.eventId,
        event: 'appeal.no_further_level',
        detail: `appeal ${previous?.appealId ?? ''} upheld at level ${previous?.level ?? '?'}: no further level is configured for ${record.payer.planType}`,
      },
    ],
  };
}

function templateOf(analysis: DenialAnalysis): string | null {
  if (analysis.remedy === 'appeal') return denialCategoryRule(analysis.category).template;
  return analysis.remedy === 'corrected_claim' ? CORRECTED_CLAIM_TEMPLATE : null;
}

export function caseAuthorization(record: CaseRecord) {
  const decision = record.decision;
  if (!decision?.authorizationNumber) return null;
  return {
    number: decision.authorizationNumber,
    approvedUnits: decision.approvedUnits ?? null,
    validFrom: decision.validFrom ?? null,
    validTo: decision.validTo ?? null,
  };
}

/** The ICD-10-CM codes and ranges of a labeled indication, as the denial analysis reads them. */
export function indicationCodes(indicationId: string | null): string[] | undefined {
  const indication = indicationId ? findIndication(indicationId) : undefined;
  return indication?.diagnosisCodes.map((span) => ('code' in span ? span.code : `${span.from}-${span.to}`));
}

/** The appeal an appeal decision answers: the one it names, else the latest appeal filed. */
function appealAnswered(record: CaseRecord, appealId: string | undefined): Appeal | undefined {
  const appeals = record.appeals.filter((a) => a.remedy === 'appeal');
  return appeals.find((a) => a.appealId === appealId) ?? appeals.at(-1);
}

/** An upheld appeal is answered with the reasons of the denial it appealed. */
function reasonsOf(record: CaseRecord, appeal: Appeal): RemedyDecision['reasons'] {
  return record.decision?.reasons.length
    ? record.decision.reasons
    : [{ system: 'CARC', code: '50', eventId: appeal.eventId }];
}
