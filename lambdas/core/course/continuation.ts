/**
 * A continuation (re-authorization, API.md "Administrations, authorizations and continuations"):
 * a new prior-auth request for the same patient, prefilled from the earlier case, carrying the
 * progress notes, the earlier authorizations and the administrations given. Pure.
 *
 * The course is assessed whole: the durvalumab given so far joins the oncologic history as one
 * entry (first to last administration), so the label's months run from the first dose of the
 * course; a phase's cycle cap counts the earlier administrations of that phase with the ones
 * requested; a latest progress note of progressive disease raises PROGRESSION_ON_THERAPY.
 */
import type { ProgressNote } from '#schemas/continuation.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { CaseRecord, StoredRequest } from '../case/case-record.ts';
import { resolvePhase } from '../clinical/regimen.ts';
import { findIndication } from '../clinical/terms.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { Criterion, Finding } from '../model.ts';
import { type Administration, usedUnits } from './administration.ts';

/** One administration of the course as the continuation keeps it: ids, date, dose, units; no notes. */
export interface CourseAdministration {
  caseId: string;
  administrationId: string;
  administeredAt: string;
  doseMg: number;
  units: number;
  countsTowardAuthorization: boolean;
  /** The phase of its case's regimen (reference/indications.json phase id), when its case had an indication. */
  phaseId: string | null;
}

/** An earlier case's authorization, as the payer gave it, with the units the course used of it. */
export interface EarlierAuthorization {
  caseId: string;
  number: string | null;
  validFrom: string | null;
  validTo: string | null;
  approvedUnits: number | null;
  usedUnits: number;
}

export interface Continuation {
  previousCaseId: string;
  progressNotes: ProgressNote[];
  /** Newest case first. */
  earlierAuthorizations: EarlierAuthorization[];
  /** The whole course so far, oldest first. */
  administrations: CourseAdministration[];
}

/** Statuses of a case whose authorization a continuation can follow. */
export const CONTINUABLE_STATUSES: ReadonlySet<CaseRecord['status']> = new Set([
  'APPROVED',
  'PARTIALLY_APPROVED',
  'APPEAL_APPROVED',
]);

/** How many earlier cases a course may chain (a guard against a loop in stored data). */
export const MAX_CHAIN = 50;

export function requireContinuable(previous: CaseRecord): void {
  if (!CONTINUABLE_STATUSES.has(previous.status))
    throw new ConflictError(
      `case ${previous.caseId} is ${previous.status}: a continuation follows an approved authorization`,
      { statusCode: 409 },
    );
}

function phaseOf(record: CaseRecord): string | null {
  const indication = record.assessment?.indication ? findIndication(record.assessment.indication) : undefined;
  if (indication === undefined) return null;
  return resolvePhase(indication, record.request.treatmentPlan, record.request.oncologicHistory).id;
}

/** The continuation's course from the chain of cases (newest first) and each case's administrations. */
export function buildContinuation(
  chain: ReadonlyArray<{ record: CaseRecord; administrations: readonly Administration[] }>,
  progressNotes: ProgressNote[],
): Continuation {
  const previous = chain[0];
  if (previous === undefined) throw new Error('a continuation needs the case it follows');
  const earlierAuthorizations = chain.map(({ record, administrations }) => ({
    caseId: record.caseId,
    number: record.decision?.authorizationNumber ?? null,
    validFrom: record.decision?.validFrom ?? null,
    validTo: record.decision?.validTo ?? null,
    approvedUnits: record.decision?.approvedUnits ?? null,
    usedUnits: usedUnits(administrations),
  }));
  const administrations = chain
    .flatMap(({ record, administrations: given }) =>
      given.map(
        (a): CourseAdministration => ({
          caseId: record.caseId,
          administrationId: a.administrationId,
          administeredAt: a.administeredAt,
          doseMg: a.doseMg,
          units: a.units,
          countsTowardAuthorization: a.countsTowardAuthorization,
          phaseId: phaseOf(record),
        }),
      ),
    )
    .sort((a, b) => Date.parse(a.administeredAt) - Date.parse(b.administeredAt));
  // The notes as the request gives them, so a finding's path (progressNotes[i]) names the one it means.
  return {
    previousCaseId: previous.record.caseId,
    progressNotes,
    earlierAuthorizations,
    administrations,
  };
}

/** The oncologic history entry of the course so far, as a continuation writes it. */
export const COURSE_THERAPY = 'durvalumab (this course, from the administrations recorded)';

/** The administered date (YYYY-MM-DD) as recorded, in the offset it was given in. */
const dayOf = (administeredAt: string) => administeredAt.slice(0, 10);

/**
 * The request of the continuation: the earlier request with the treatment plan's changes, no
 * attachments, and the durvalumab given so far as one oncologic history entry, so the course is
 * assessed whole. The caller validates the result as a prior-auth request.
 */
export function continuationRequest(
  previous: StoredRequest,
  planChanges: Record<string, unknown>,
  continuation: Continuation,
): Record<string, unknown> {
  const given = continuation.administrations.filter((a) => a.countsTowardAuthorization);
  const first = given[0];
  const last = given.at(-1);
  const course =
    first && last
      ? [
          {
            therapy: COURSE_THERAPY,
            agents: ['durvalumab'],
            startDate: dayOf(first.administeredAt),
            endDate: dayOf(last.administeredAt),
            cycles: given.length,
            ...(continuation.progressNotes.at(-1)
              ? { response: continuation.progressNotes.at(-1)!.response }
              : {}),
          },
        ]
      : [];
  return {
    ...previous,
    // An earlier continuation's course entry gives way to this one, which covers the whole course.
    oncologicHistory: [
      ...previous.oncologicHistory.filter((entry) => entry.therapy !== COURSE_THERAPY),
      ...course,
    ],
    treatmentPlan: { ...previous.treatmentPlan, ...planChanges },
    attachments: [],
  };
}

/** The prefilled request validated as a prior-auth request: a 400 names the field (treatmentPlan.startDate, ...). */
export function parseContinuationRequest(raw: Record<string, unknown>): PriorAuthRequest {
  const parsed = PriorAuthRequest.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    'the continuation does not make a valid prior-auth request',
    parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    })),
  );
}

export interface CourseCheck {
  findings: Finding[];
  criteria: Criterion[];
}

/**
 * The whole course against the label: a phase's cycle cap counts the earlier administrations of
 * that phase with those requested (only when the request alone is within it: the billing check
 * already reports a request over the cap by itself); the latest progress note.
 */
export function assessCourse(
  request: PriorAuthRequest,
  indicationId: string | null,
  continuation: Continuation,
): CourseCheck {
  const findings: Finding[] = [...progressionFindings(continuation.progressNotes)];
  const criteria: Criterion[] = [];
  const indication = indicationId === null ? undefined : findIndication(indicationId);
  if (indication === undefined || indication.status !== 'approved') return { findings, criteria };
  const plan = request.treatmentPlan;
  const phase = resolvePhase(indication, plan, request.oncologicHistory);
  if (phase.maxCycles === undefined) return { findings, criteria };
  const earlier = continuation.administrations.filter(
    (a) => a.countsTowardAuthorization && a.phaseId === phase.id,
  ).length;
  const total = earlier + plan.administrations;
  const met = total <= phase.maxCycles || plan.administrations > phase.maxCycles;
  criteria.push({
    id: 'course_cycles_within_label',
    description: `The whole course within the label's ${phase.maxCycles} cycles (${phase.name})`,
    met,
    evidence: `${earlier} given in earlier requests + treatmentPlan.administrations = ${plan.administrations}: ${total} of ${phase.maxCycles}`,
  });
  if (!met)
    findings.push({
      severity: 'error',
      code: 'DURATION_EXCEEDS_LABEL',
      message: `${earlier} administrations given in earlier requests and ${plan.administrations} requested make ${total}, over the ${indication.trial} label's ${phase.maxCycles} cycles for the ${phase.name} phase (${indication.maxDuration.text}).`,
      path: 'treatmentPlan.administrations',
    });
  return { findings, criteria };
}

/** PROGRESSION_ON_THERAPY when the latest progress note (by date) says progressive disease. */
export function progressionFindings(notes: readonly ProgressNote[]): Finding[] {
  const latest = [...notes].sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  if (latest?.response !== 'progressive_disease') return [];
  const index = notes.indexOf(latest);
  return [
    {
      severity: 'warning',
      code: 'PROGRESSION_ON_THERAPY',
      message: `The latest progress note (${latest.date}) records progressive disease (RECIST response category): say why durvalumab continues after progression, or do not request its continuation.`,
      path: `progressNotes[${index}].response`,
    },
  ];
}
