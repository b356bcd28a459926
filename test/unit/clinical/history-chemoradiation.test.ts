/**
 * The oncologic history as the chemoradiation criteria read it: radiation (by dose or by words),
 * platinum, concurrent or sequential (one entry's words, or two entries' dates, day boundaries
 * included), what is missing, and progression after it.
 */
import { describe, expect, it } from 'vitest';
import type { Draft } from '../support/indication-requests.ts';
import { criteriaOf, expectReading, reading } from './criteria-of.ts';

type History = NonNullable<Draft['oncologicHistory']>;

/** PACIFIC's two chemoradiation criteria for a history. */
function chemoradiation(history: History) {
  const criteria = criteriaOf('NSCLC_STAGE3_UNRESECTABLE_PACIFIC', (draft) => {
    draft.oncologicHistory = history;
  });
  return {
    concurrent: reading(criteria.prior_concurrent_platinum_crt!),
    progression: reading(criteria.no_progression_after_crt!),
  };
}

/** Asserts what a chemoradiation criterion says, decided by the oncologic history. */
const readsHistory = (criterion: ReturnType<typeof reading>, met: boolean | null, evidence: string) =>
  expectReading(criterion, met, evidence, 'oncologicHistory');

const chemo = (startDate?: string, endDate?: string) => ({
  therapy: 'chemotherapy',
  agents: ['carboplatin', 'paclitaxel'],
  ...(startDate ? { startDate } : {}),
  ...(endDate ? { endDate } : {}),
  response: 'partial_response',
});
const radiotherapy = (startDate?: string, endDate?: string) => ({
  therapy: 'radiotherapy',
  agents: [],
  radiationGy: 60,
  ...(startDate ? { startDate } : {}),
  ...(endDate ? { endDate } : {}),
});

describe('one entry with both radiation and platinum', () => {
  it('is concurrent when its words say so, with the entry as evidence', () => {
    // Act
    const { concurrent, progression } = chemoradiation([
      {
        therapy: 'Concomitant chemoradiotherapy',
        agents: ['cisplatin'],
        radiationGy: 60,
        startDate: '2026-06-01',
        response: 'NED',
      },
    ]);

    // Assess
    readsHistory(progression, true, 'oncologicHistory[0].response = NED');
    readsHistory(
      concurrent,
      true,
      'oncologicHistory[0]: Concomitant chemoradiotherapy with cisplatin, 60 Gy, 2026-06-01 to ?',
    );
  });

  it('is not concurrent when its words say sequential, and progression is still read on it', () => {
    // Act
    const { concurrent, progression } = chemoradiation([
      { therapy: 'sequential chemoradiation', agents: ['carboplatin'], response: 'stable_disease' },
    ]);

    // Assess
    readsHistory(
      concurrent,
      false,
      'oncologicHistory[0]: sequential chemoradiation with carboplatin (sequential, not concurrent)',
    );
    expect(progression.evidence).toBe('oncologicHistory[0].response = stable_disease');
  });

  it.each([
    ['a radiation dose', { therapy: 'chemotherapy', radiationGy: 60 }],
    ['a radiation term inside a word', { therapy: 'cCRT' }],
  ])('is radiation by %s, unknown as to concurrent when the words do not say', (_, entry) => {
    // Act
    const { concurrent, progression } = chemoradiation([
      { agents: ['cisplatin', 'etoposide'], response: 'progressive_disease', ...entry },
    ]);

    // Assess
    expect(concurrent.met).toBeNull();
    expect(concurrent.evidence).toMatch(
      /^oncologicHistory\[0\]: \w+ with cisplatin, etoposide(, 60 Gy)?: the history does not say whether it was concurrent or sequential$/,
    );
    readsHistory(progression, false, 'oncologicHistory[0].response = progressive_disease');
  });
});

describe('separate chemotherapy and radiation entries', () => {
  it.each([
    [
      'radiation starting the day the chemotherapy ends',
      chemo('2026-05-01', '2026-06-01'),
      radiotherapy('2026-06-01', '2026-07-01'),
    ],
    [
      'radiation ending the day the chemotherapy starts',
      chemo('2026-05-01', '2026-06-01'),
      radiotherapy('2026-04-01', '2026-05-01'),
    ],
  ])('are concurrent with %s', (_, chemotherapy, radiation) => {
    // Act
    const { concurrent, progression } = chemoradiation([chemotherapy, radiation]);

    // Assess
    readsHistory(
      concurrent,
      true,
      `oncologicHistory[0]: chemotherapy with carboplatin, paclitaxel, ${chemotherapy.startDate} to ${chemotherapy.endDate} overlapping oncologicHistory[1]: radiotherapy, 60 Gy, ${radiation.startDate} to ${radiation.endDate}`,
    );
    expect(progression.evidence).toBe('oncologicHistory[0].response = partial_response');
  });

  it('are sequential when the radiation ended before the chemotherapy started', () => {
    // Act
    const { concurrent } = chemoradiation([
      radiotherapy('2026-01-01', '2026-02-01'),
      chemo('2026-03-01', '2026-04-01'),
    ]);

    // Assess
    expect(concurrent.met).toBe(false);
    expect(concurrent.evidence).toMatch(/ do not overlap \(sequential\)$/);
  });

  it('are sequential when the dates do not overlap', () => {
    // Act
    const { concurrent } = chemoradiation([
      radiotherapy('2026-05-02', '2026-06-01'),
      chemo('2026-03-01', '2026-05-01'),
    ]);

    // Assess
    readsHistory(
      concurrent,
      false,
      'oncologicHistory[1]: chemotherapy with carboplatin, paclitaxel, 2026-03-01 to 2026-05-01 and oncologicHistory[0]: radiotherapy, 60 Gy, 2026-05-02 to 2026-06-01 do not overlap (sequential)',
    );
  });

  it.each([
    ['the radiation has no end date', [chemo('2026-05-01', '2026-06-01'), radiotherapy('2026-07-01')]],
    ['the chemotherapy has no end date', [chemo('2026-08-01'), radiotherapy('2026-05-01', '2026-06-01')]],
    ['the chemotherapy has no dates', [chemo(), radiotherapy('2026-05-01', '2026-06-01')]],
    [
      'the radiation has no start date',
      [chemo('2026-05-01', '2026-06-01'), radiotherapy(undefined, '2026-04-01')],
    ],
  ])('are unknown as to concurrent when %s', (_, history) => {
    // Act
    const { concurrent, progression } = chemoradiation(history);

    // Assess
    readsHistory(
      concurrent,
      null,
      'platinum chemotherapy and radiation are in oncologicHistory without dates that show them concurrent',
    );
    readsHistory(progression, null, 'no chemoradiation in oncologicHistory to judge progression after');
  });

  it('does not take a non-platinum systemic therapy beside radiation for chemoradiation', () => {
    // Act
    const { concurrent } = chemoradiation([
      radiotherapy('2026-05-01', '2026-06-01'),
      { therapy: 'immunotherapy', agents: ['pembrolizumab'], startDate: '2026-05-01', endDate: '2026-06-01' },
    ]);

    // Assess
    readsHistory(concurrent, false, 'oncologicHistory shows no platinum chemotherapy');
  });

  it.each([
    [[], 'platinum chemotherapy or radiation'],
    [[chemo('2026-05-01', '2026-06-01')], 'radiation'],
    [[radiotherapy('2026-05-01', '2026-06-01')], 'platinum chemotherapy'],
  ])('says what is missing from %j', (history, missing) => {
    // Act
    const { concurrent } = chemoradiation(history);

    // Assess
    readsHistory(concurrent, false, `oncologicHistory shows no ${missing}`);
  });
});

describe('progression after chemoradiation', () => {
  const progressionAfter = (change: Partial<History[number]>) => {
    const entry = {
      ...radiotherapy('2026-05-01', '2026-06-01'),
      therapy: 'concurrent chemoradiation',
      agents: ['cisplatin'],
    };
    return chemoradiation([{ ...entry, ...change }]).progression;
  };

  it.each([
    [
      { response: 'complete_response', progressionDate: '2026-09-01' },
      false,
      'oncologicHistory[0].progressionDate = 2026-09-01',
    ],
    [{ response: 'Progressive Disease' }, false, 'oncologicHistory[0].response = Progressive Disease'],
    [{ response: 'PD' }, false, 'oncologicHistory[0].response = PD'],
    [{ response: 'no evidence of disease' }, true, 'oncologicHistory[0].response = no evidence of disease'],
    [{ response: 'mixed' }, null, 'oncologicHistory[0].response does not say whether the disease progressed'],
    [{}, null, 'oncologicHistory[0].response does not say whether the disease progressed'],
  ])('%j: met %s', (change, met, evidence) => {
    // Act
    const progression = progressionAfter(change);

    // Assess
    readsHistory(progression, met, evidence);
  });
});
