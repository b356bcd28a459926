/**
 * The course's pure steps, by what they return: which case a continuation may follow (409 and its
 * wording), the earlier authorizations and administrations a continuation gathers (the phase of
 * each, nulls for what a case lacks), the history entry a continuation writes (counted doses only,
 * the latest note's response), the 400 of a continuation that is no valid request, the course's
 * cycle cap word for word, and the history entry of a recorded administration.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#core/case/case-record.ts';
import type { Administration } from '#core/course/administration.ts';
import {
  assessCourse,
  buildContinuation,
  COURSE_THERAPY,
  type Continuation,
  continuationRequest,
  parseContinuationRequest,
  progressionFindings,
  requireContinuable,
} from '#core/course/continuation.ts';
import { administrationIdOf, recordedAdministration, usageRecounted } from '#core/course/record.ts';
import { ConflictError } from '#core/errors.ts';
import type { ProgressNote } from '#schemas/continuation.ts';
import { requestWith } from '../support/indication-requests.ts';
import { thrownValidation } from '../support/thrown-validation.ts';
import { approvedCase, dose } from './approved-case.ts';

const note = (date: string, response: ProgressNote['response']): ProgressNote => ({
  date,
  response,
  adverseEvents: '',
  text: '',
});

function administration(record: CaseRecord, day: string, counts = true): Administration {
  const given = recordedAdministration(record, dose(day), [], `${day}T20:00:00Z`);
  return { ...given, countsTowardAuthorization: counts };
}

describe('requireContinuable', () => {
  it('refuses a case without an approved authorization with a 409 naming the case and its status', () => {
    // Act
    const refusal = (() => {
      try {
        requireContinuable(approvedCase({ caseId: 'pa_pending', status: 'SUBMITTED' }));
      } catch (error) {
        return error;
      }
      return undefined;
    })();

    // Assess
    expect(refusal).toBeInstanceOf(ConflictError);
    expect(refusal).toMatchObject({
      statusCode: 409,
      message: 'case pa_pending is SUBMITTED: a continuation follows an approved authorization',
    });
    expect(() => requireContinuable(approvedCase())).not.toThrow();
  });
});

describe('buildContinuation', () => {
  it('needs the case it follows', () => {
    expect(() => buildContinuation([], [])).toThrow('a continuation needs the case it follows');
  });

  it('states each earlier authorization, nulls for a case with no decision, and the units each used', () => {
    // Prepare
    const approved = approvedCase({ caseId: 'pa_first' });
    const undecided = approvedCase({ caseId: 'pa_none', decision: undefined });

    // Act
    const continuation = buildContinuation(
      [
        { record: approved, administrations: [administration(approved, '2026-08-10')] },
        { record: undecided, administrations: [] },
      ],
      [],
    );

    // Assess
    expect(continuation.previousCaseId).toBe('pa_first');
    expect(continuation.earlierAuthorizations).toEqual([
      {
        caseId: 'pa_first',
        number: 'PA-55120',
        validFrom: '2026-08-01',
        validTo: '2027-01-31',
        approvedUnits: 450,
        usedUnits: 150,
      },
      { caseId: 'pa_none', number: null, validFrom: null, validTo: null, approvedUnits: null, usedUnits: 0 },
    ]);
  });

  it('gives each administration the phase of its case, none for a case with no labeled indication', () => {
    // Prepare
    const pacific = approvedCase({ caseId: 'pa_pacific' });
    const offLabel = approvedCase({
      caseId: 'pa_offlabel',
      assessment: { ...pacific.assessment!, indication: null },
    });

    // Act
    const continuation = buildContinuation(
      [
        { record: pacific, administrations: [administration(pacific, '2026-09-07')] },
        { record: offLabel, administrations: [administration(offLabel, '2026-08-10')] },
      ],
      [],
    );

    // Assess: oldest first
    expect(continuation.administrations.map((a) => [a.caseId, a.phaseId])).toEqual([
      ['pa_offlabel', null],
      ['pa_pacific', 'consolidation'],
    ]);
  });
});

describe('continuationRequest', () => {
  const previous = requestWith(() => {}) as unknown as Parameters<typeof continuationRequest>[0];
  const course = (
    administrations: Continuation['administrations'],
    progressNotes: ProgressNote[] = [],
  ): Continuation => ({
    previousCaseId: 'pa_first',
    progressNotes,
    earlierAuthorizations: [],
    administrations,
  });
  const given = (day: string, counts: boolean): Continuation['administrations'][number] => ({
    caseId: 'pa_first',
    administrationId: `adm_${day}`,
    administeredAt: `${day}T10:00:00-05:00`,
    doseMg: 1500,
    units: 150,
    countsTowardAuthorization: counts,
    phaseId: 'consolidation',
  });

  it('writes the counted doses as one durvalumab entry from the first to the last, with the last note response', () => {
    // Act
    const request = continuationRequest(
      previous,
      { administrations: 6 },
      course(
        [
          given('2026-08-10', false),
          given('2026-09-07', true),
          given('2026-10-05', true),
          given('2026-11-02', false),
        ],
        [
          note('2026-09-20', 'progressive_disease'),
          note('2026-10-20', 'stable_disease'),
          note('2026-10-01', 'partial_response'),
        ],
      ),
    );

    // Assess
    const history = request.oncologicHistory as Array<Record<string, unknown>>;
    expect(history.at(-1)).toEqual({
      therapy: COURSE_THERAPY,
      agents: ['durvalumab'],
      startDate: '2026-09-07',
      endDate: '2026-10-05',
      cycles: 2,
      response: 'partial_response',
    });
    expect((request.treatmentPlan as { administrations: number }).administrations).toBe(6);
    expect(request.attachments).toEqual([]);
  });

  it('writes no response without a note, and no course entry when no dose counted', () => {
    // Act
    const noNote = continuationRequest(previous, {}, course([given('2026-09-07', true)]));
    const noneCounted = continuationRequest(previous, {}, course([given('2026-09-07', false)]));

    // Assess
    const last = (request: Record<string, unknown>) =>
      (request.oncologicHistory as Array<Record<string, unknown>>).at(-1);
    expect(last(noNote)).not.toHaveProperty('response');
    expect(last(noNote)?.cycles).toBe(1);
    expect(noneCounted.oncologicHistory).toEqual(previous.oncologicHistory);
  });
});

describe('parseContinuationRequest', () => {
  it('refuses a request that is not valid with a 400 naming the field', () => {
    // Prepare
    const raw = { ...requestWith(() => {}), treatmentPlan: undefined } as unknown as Record<string, unknown>;

    // Act
    const refusal = thrownValidation(() => parseContinuationRequest(raw));

    // Assess
    expect(refusal).toMatchObject({
      statusCode: 400,
      message: 'the continuation does not make a valid prior-auth request',
    });
    expect(refusal.errors.map((e) => e.path)).toContain('treatmentPlan');
  });
});

describe('the course cycle cap, word for word', () => {
  const AEGEAN = 'NSCLC_RESECTABLE_PERIOP_AEGEAN';
  const adjuvant = (administrations: number) =>
    requestWith((draft) => {
      Object.assign(draft.treatmentPlan, { phase: 'adjuvant', intervalWeeks: 4, administrations });
    });
  const earlier = (count: number): Continuation => ({
    previousCaseId: 'pa_first',
    progressNotes: [],
    earlierAuthorizations: [],
    administrations: Array.from({ length: count }, (_, i) => ({
      caseId: 'pa_first',
      administrationId: `adm_${i}`,
      administeredAt: `2026-0${1 + Math.floor(i / 4)}-1${i % 4}T10:00:00Z`,
      doseMg: 1500,
      units: 150,
      countsTowardAuthorization: true,
      phaseId: 'adjuvant',
    })),
  });

  it('states the earlier and requested administrations against the cap, and refuses over it', () => {
    // Act
    const { findings, criteria } = assessCourse(adjuvant(4), AEGEAN, earlier(9));

    // Assess
    expect(criteria).toEqual([
      {
        id: 'course_cycles_within_label',
        description: "The whole course within the label's 12 cycles (adjuvant single agent after surgery)",
        met: false,
        evidence: '9 given in earlier requests + treatmentPlan.administrations = 4: 13 of 12',
      },
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', code: 'DURATION_EXCEEDS_LABEL' });
    expect(findings[0]?.message).toMatch(
      /^9 administrations given in earlier requests and 4 requested make 13, over the AEGEAN label's 12 cycles for the adjuvant single agent after surgery phase \(.+\)\.$/,
    );
  });

  it('leaves a request of exactly the cap by itself to the billing check', () => {
    expect(assessCourse(adjuvant(12), AEGEAN, earlier(3)).criteria[0]?.met).toBe(false);
    expect(assessCourse(adjuvant(13), AEGEAN, earlier(3)).criteria[0]?.met).toBe(true);
  });

  it('checks no cap of an indication that is not approved', () => {
    expect(assessCourse(adjuvant(4), 'NMIBC_BCG_POTOMAC', earlier(20))).toEqual({
      findings: [],
      criteria: [],
    });
  });

  it('words the progression warning with the latest note date', () => {
    expect(progressionFindings([note('2026-10-01', 'progressive_disease')])[0]?.message).toBe(
      'The latest progress note (2026-10-01) records progressive disease (RECIST response category): say why durvalumab continues after progression, or do not request its continuation.',
    );
  });
});

describe('the history entry of a recorded administration', () => {
  it('gives the id, the units, the error codes once each when not counted, and the units used', () => {
    // Prepare: an expired lot before a day outside the authorization
    const record = approvedCase();
    const recorded = recordedAdministration(
      record,
      dose('2027-03-01', {
        vials: [{ ndc11: '00310-4611-50', lot: 'OLD', expiresOn: '2027-02-01', count: 3 }],
      }),
      [],
      '2027-03-01T20:00:00Z',
    );

    // Act
    const change = usageRecounted(record, [recorded], recorded, new Date('2027-03-01T21:00:00Z'));

    // Assess
    expect(change?.history[0]).toEqual({
      at: '2027-03-01T21:00:00.000Z',
      status: 'APPROVED',
      source: 'api',
      event: 'administration.recorded',
      detail: `administration ${recorded.administrationId}: 150 units, not counted (LOT_EXPIRED, OUTSIDE_AUTHORIZATION); 0 units used`,
    });
  });

  it('says nothing of counting for a dose with warnings only', () => {
    // Prepare
    const record = approvedCase();
    const recorded = recordedAdministration(
      record,
      dose('2026-08-10', { doseMg: 1490, discardedMg: 10, wasteWitness: 'RN Lee' }),
      [],
      '2026-08-10T20:00:00Z',
    );

    // Act
    const change = usageRecounted(record, [recorded], recorded, new Date('2026-08-10T21:00:00Z'));

    // Assess
    expect(recorded.findings.map((f) => f.severity)).not.toContain('error');
    expect(change?.history[0]?.detail).toBe(
      `administration ${recorded.administrationId}: 149 units; 149 units used`,
    );
  });
});

describe('the history entry of an expiring authorization', () => {
  it('follows the administration entry, from the API, with the reason', () => {
    // Prepare: 450 approved, 300 used before this dose of 150
    const record = approvedCase({ usedUnits: 300 });
    const earlier = [administration(record, '2026-08-10'), administration(record, '2026-09-07')];
    const recorded = administration(record, '2026-10-05');

    // Act
    const change = usageRecounted(record, [...earlier, recorded], recorded, new Date('2026-10-05T21:00:00Z'));

    // Assess
    expect(change?.history[1]).toEqual({
      at: '2026-10-05T21:00:00.000Z',
      status: 'APPROVED',
      source: 'api',
      event: 'deadline.auth_expiring',
      detail: '0 units left, the next administration needs 150',
    });
    expect(change?.next.flags).toContain('AUTH_EXPIRING');
  });
});

describe('the id of an administration posted without one', () => {
  it('is adm_ and 24 characters from the case and the moment, the same moment in any offset', () => {
    // Act
    const id = administrationIdOf('pa_1', { administeredAt: '2026-08-10T14:05:00-05:00' });

    // Assess
    expect(id).toMatch(/^adm_[0-9a-z]{24}$/);
    expect(administrationIdOf('pa_1', { administeredAt: '2026-08-10T19:05:00Z' })).toBe(id);
    expect(administrationIdOf('pa_2', { administeredAt: '2026-08-10T19:05:00Z' })).not.toBe(id);
    expect(
      administrationIdOf('pa_1', { administrationId: 'mar-7', administeredAt: '2026-08-10T19:05:00Z' }),
    ).toBe('mar-7');
  });
});
