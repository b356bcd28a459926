/**
 * The line-of-therapy rules as a reviewer reads them: how many prior therapies, which one the
 * disease progressed on, early-disease settings, and whether durvalumab started with the first
 * phase (in the same entry, or a separate entry whose dates touch the chemotherapy's).
 */
import { describe, expect, it } from 'vitest';
import type { Draft } from '../support/indication-requests.ts';
import { criteriaOf, expectReading, reading } from './criteria-of.ts';

type History = NonNullable<Draft['oncologicHistory']>;

const CASPIAN = 'SCLC_EXTENSIVE_CASPIAN';
const INDUCTION = 'with etoposide and carboplatin or cisplatin';
const MAINTENANCE = 'maintenance single agent';

const etoposide = (change: Partial<History[number]> = {}) => ({
  therapy: 'chemotherapy',
  agents: ['etoposide', 'carboplatin'],
  startDate: '2026-01-01',
  endDate: '2026-03-01',
  ...change,
});

/** CASPIAN's line-of-therapy criteria for a history, durvalumab asked for in the given phase. */
function lineOf(history: History, phase: 'induction' | 'maintenance' = 'induction') {
  const criteria = criteriaOf(CASPIAN, (draft) => {
    draft.oncologicHistory = history;
    if (phase === 'maintenance')
      Object.assign(draft.treatmentPlan, { phase, combination: [], intervalWeeks: 4 });
  });
  return {
    firstLine: reading(criteria.first_line_no_progression!),
    started: reading(criteria.started_with_first_phase!),
  };
}

describe('first_line', () => {
  it.each([
    [[], 'line of therapy 1: no prior systemic therapy for the advanced disease in oncologicHistory'],
    [
      [etoposide({ response: 'partial_response' })],
      'line of therapy 1: no progression recorded on the 1 prior systemic therapy in oncologicHistory',
    ],
    [
      [etoposide(), { therapy: 'immunotherapy', agents: ['atezolizumab'], setting: 'metastatic' }],
      'line of therapy 1: no progression recorded on the 2 prior systemic therapies in oncologicHistory',
    ],
    [
      [etoposide({ setting: 'Adjuvant', progressionDate: '2026-06-01' })],
      'line of therapy 1: no prior systemic therapy for the advanced disease in oncologicHistory',
    ],
    [
      [{ therapy: 'durvalumab', agents: ['Imfinzi'], progressionDate: '2026-06-01' }],
      'line of therapy 1: no prior systemic therapy for the advanced disease in oncologicHistory',
    ],
  ])('history %j is the first line', (history, evidence) => {
    // Act
    const { firstLine } = lineOf(history);

    // Assess
    expectReading(firstLine, true, evidence, 'oncologicHistory');
  });

  it('counts each prior therapy the disease progressed on, and names the first', () => {
    // Act
    const { firstLine } = lineOf([
      { therapy: 'radiotherapy', agents: [], radiationGy: 30 },
      etoposide({ progressionDate: '2026-04-01' }),
      { therapy: 'topotecan', agents: ['topotecan'], setting: 'second line', response: 'progression' },
    ]);

    // Assess
    expectReading(
      firstLine,
      false,
      'line of therapy 3: progression on oncologicHistory[1]: chemotherapy with etoposide, carboplatin; oncologicHistory[1].progressionDate = 2026-04-01',
      'oncologicHistory[1]',
    );
  });
});

describe('started_with_first_phase', () => {
  it('is met when the plan asks for the first phase', () => {
    // Act
    const { started } = lineOf([etoposide()]);

    // Assess
    expectReading(
      started,
      true,
      `treatmentPlan asks for the ${INDUCTION} phase: durvalumab starts with it`,
      'treatmentPlan.phase',
    );
  });

  it('is unknown when a later phase has no first-phase chemotherapy to follow', () => {
    // Act
    const { started } = lineOf([{ therapy: 'radiotherapy', agents: [], radiationGy: 30 }], 'maintenance');

    // Assess
    expectReading(
      started,
      null,
      `the ${MAINTENANCE} phase is asked for, but oncologicHistory shows no ${INDUCTION} for it to follow`,
      'oncologicHistory',
    );
  });

  it('is met when the first-phase entry included durvalumab', () => {
    // Act
    const { started } = lineOf(
      [etoposide({ agents: ['etoposide', 'carboplatin', 'durvalumab'] })],
      'maintenance',
    );

    // Assess
    expectReading(
      started,
      true,
      'oncologicHistory[0]: chemotherapy with etoposide, carboplatin, durvalumab',
      'oncologicHistory',
    );
  });

  const startedWith = [
    true,
    'oncologicHistory[0]: chemotherapy with etoposide, carboplatin',
    'oncologicHistory',
  ] as const;
  const givenWithout = [
    false,
    `oncologicHistory[0]: chemotherapy with etoposide, carboplatin was given without durvalumab; ${MAINTENANCE} durvalumab after it is not the labeled regimen`,
    'oncologicHistory[0]',
  ] as const;

  it.each<[string, Partial<History[number]>, readonly [boolean, string, string]]>([
    ['started the day the chemotherapy ended', { startDate: '2026-03-01' }, startedWith],
    [
      'ended the day the chemotherapy started',
      { startDate: '2025-12-01', endDate: '2026-01-01' },
      startedWith,
    ],
    ['started after the chemotherapy ended', { startDate: '2026-03-02' }, givenWithout],
    ['overlapping it', { startDate: '2025-12-01', endDate: '2026-01-15' }, startedWith],
    [
      'ended before the chemotherapy started',
      { startDate: '2025-12-01', endDate: '2025-12-31' },
      givenWithout,
    ],
    ['started during it, no end date', { startDate: '2026-02-01' }, startedWith],
    ['started before it, no end date', { startDate: '2025-12-01' }, givenWithout],
    ['without dates', {}, givenWithout],
  ])('a separate durvalumab entry %s: met %j', (_, dates, [met, evidence, path]) => {
    // Act
    const { started } = lineOf(
      [etoposide(), { therapy: 'immunotherapy', agents: ['durvalumab'], ...dates }],
      'maintenance',
    );

    // Assess
    expectReading(started, met, evidence, path);
  });

  it('is not met when the first-phase chemotherapy has no dates to compare', () => {
    // Act
    const { started } = lineOf(
      [
        { therapy: 'chemotherapy', agents: ['etoposide', 'cisplatin'] },
        { therapy: 'immunotherapy', agents: ['durvalumab'], startDate: '2026-01-01' },
      ],
      'maintenance',
    );

    // Assess
    expect(started.met).toBe(false);
    expect(started.path).toBe('oncologicHistory[0]');
  });
});
