import { describe, expect, it } from 'vitest';
import { loadTemplates } from '#adapters/templates.ts';
import { assessRequest } from '#core/clinical/assess-request.ts';
import {
  assessCourse,
  type Continuation,
  type CourseAdministration,
  progressionFindings,
} from '#core/course/continuation.ts';
import { composePacketLetter } from '#core/packet/letter.ts';
import { ContinuationInput, type ProgressNote } from '#schemas/continuation.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';
import { flattenBlocks } from './support/appeal-case.ts';
import { QUALIFYING, requestWith } from './support/indication-requests.ts';

const AEGEAN = 'NSCLC_RESECTABLE_PERIOP_AEGEAN';

/** AEGEAN's adjuvant phase: the label's 12 cycles (indications.json). */
const adjuvant = (administrations: number) =>
  requestWith((draft) => {
    QUALIFYING[AEGEAN]!(draft);
    Object.assign(draft.treatmentPlan, {
      phase: 'adjuvant',
      combination: [],
      intervalWeeks: 4,
      administrations,
      startDate: '2026-10-05',
    });
  });

function given(count: number, extra: Partial<CourseAdministration> = {}): CourseAdministration[] {
  return Array.from({ length: count }, (_, i) => ({
    caseId: 'pa_earlier',
    administrationId: `mar-${i}`,
    administeredAt: `2026-0${1 + Math.floor(i / 3)}-1${i % 3}T10:00:00-05:00`,
    doseMg: 1500,
    units: 150,
    countsTowardAuthorization: true,
    phaseId: 'adjuvant',
    ...extra,
  }));
}

const note = (date: string, response: ProgressNote['response']): ProgressNote => ({
  date,
  response,
  adverseEvents: '',
  text: '',
});

const course = (administrations: CourseAdministration[], notes: ProgressNote[] = []): Continuation => ({
  previousCaseId: 'pa_earlier',
  progressNotes: notes,
  earlierAuthorizations: [],
  administrations,
});

describe('assessCourse: the cycle cap counts the whole course', () => {
  it('is within the 12 adjuvant cycles at 8 given + 4 requested', () => {
    // Act
    const check = assessCourse(adjuvant(4), AEGEAN, course(given(8)));

    // Assess
    expect(check.findings).toEqual([]);
    expect(check.criteria).toEqual([
      expect.objectContaining({
        id: 'course_cycles_within_label',
        met: true,
        evidence: expect.stringContaining('12 of 12'),
      }),
    ]);
  });

  it('exceeds them at 9 given + 4 requested: DURATION_EXCEEDS_LABEL', () => {
    // Act
    const check = assessCourse(adjuvant(4), AEGEAN, course(given(9)));

    // Assess
    expect(check.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'DURATION_EXCEEDS_LABEL',
        path: 'treatmentPlan.administrations',
      }),
    ]);
    expect(check.criteria[0]?.met).toBe(false);
  });

  it('turns the assessment to not_supported through assessRequest', () => {
    // Act
    const within = assessRequest(adjuvant(4), { course: course(given(8)) });
    const over = assessRequest(adjuvant(4), { course: course(given(9)) });

    // Assess
    expect(within.assessment.verdict).toBe('meets_label');
    expect(over.assessment.verdict).toBe('not_supported');
    expect(over.findings.filter((f) => f.code === 'DURATION_EXCEEDS_LABEL')).toHaveLength(1);
  });

  it('counts neither another phase nor a dose that does not count against the authorization', () => {
    // Act
    const check = assessCourse(
      adjuvant(4),
      AEGEAN,
      course([
        ...given(8),
        ...given(4, { phaseId: 'neoadjuvant' }),
        ...given(2, { countsTowardAuthorization: false }),
      ]),
    );

    // Assess
    expect(check.findings).toEqual([]);
  });

  it('leaves a request over the cap by itself to the billing check (one finding, not two)', () => {
    // Act
    const { findings } = assessRequest(adjuvant(13), { course: course(given(2)) });

    // Assess
    expect(findings.filter((f) => f.code === 'DURATION_EXCEEDS_LABEL')).toHaveLength(1);
  });

  it('checks nothing without a labeled indication or a phase cap', () => {
    expect(assessCourse(adjuvant(4), null, course(given(20))).criteria).toEqual([]);
    const pacific = requestWith(() => {});
    expect(assessCourse(pacific, 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC', course(given(20))).criteria).toEqual(
      [],
    );
  });
});

describe('PROGRESSION_ON_THERAPY', () => {
  it('is raised when the latest note, by date, is progressive disease', () => {
    // Act
    const findings = progressionFindings([
      note('2026-10-28', 'progressive_disease'),
      note('2026-09-30', 'stable_disease'),
    ]);

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'PROGRESSION_ON_THERAPY',
        path: 'progressNotes[0].response',
      }),
    ]);
  });

  it.each([
    [
      'an earlier progression, then stable disease',
      [note('2026-09-30', 'progressive_disease'), note('2026-10-28', 'stable_disease')],
    ],
    ['no notes', []],
  ])('is not raised for %s', (_, notes) => {
    expect(progressionFindings(notes)).toEqual([]);
  });

  it('rides on the assessment of a continuation', () => {
    const { findings } = assessRequest(adjuvant(4), {
      course: course([], [note('2026-10-28', 'progressive_disease')]),
    });
    expect(findings.map((f) => f.code)).toContain('PROGRESSION_ON_THERAPY');
  });
});

describe('the continuation input', () => {
  it('takes RECIST categories only, and at least one note', () => {
    // Act
    const unknown = ContinuationInput.safeParse({
      progressNotes: [{ date: '2026-10-28', response: 'better' }],
    });
    const none = ContinuationInput.safeParse({ progressNotes: [] });
    const good = ContinuationInput.parse({
      progressNotes: [{ date: '2026-10-28', response: 'complete_response' }],
    });

    // Assess
    expect(unknown.error?.issues[0]?.path).toEqual(['progressNotes', 0, 'response']);
    expect(none.error?.issues[0]?.path).toEqual(['progressNotes']);
    expect(good).toEqual({
      progressNotes: [{ date: '2026-10-28', response: 'complete_response', adverseEvents: '', text: '' }],
      treatmentPlan: {},
    });
  });
});

describe('the packet letter continuation section', () => {
  const templates = loadTemplates();

  it('states the earlier authorization, the doses given and the progress notes by RECIST category', () => {
    // Prepare
    const continuation: Continuation = {
      previousCaseId: 'pa_01jearlier',
      progressNotes: [
        {
          ...note('2026-10-28', 'partial_response'),
          adverseEvents: 'Grade 1 fatigue',
          text: 'Lesions smaller.',
        },
      ],
      earlierAuthorizations: [
        {
          caseId: 'pa_01jearlier',
          number: 'AUTH-778812',
          validFrom: '2026-08-01',
          validTo: '2027-01-31',
          approvedUnits: 1950,
          usedUnits: 450,
        },
      ],
      administrations: given(3),
    };

    // Act
    const text = flattenBlocks(composePacketLetter({ ...samplePacketInput(), continuation }, templates));

    // Assess
    const stated = [
      'Continuation of therapy',
      'authorized under case pa_01jearlier: 3 administrations given',
      'AUTH-778812',
      '08/01/2026 to 01/31/2027',
      '1,950',
      'Partial response (PR)',
      'Grade 1 fatigue',
      'Lesions smaller.',
    ];
    for (const fact of stated) expect(text).toContain(fact);
  });

  it('has no continuation section for a first request', () => {
    const text = flattenBlocks(composePacketLetter(samplePacketInput(), templates));
    expect(text).not.toContain('Continuation of therapy');
  });
});
