/**
 * How one citation counts for off-label use (categories in their written forms, payer options,
 * Lexi-Drugs' recognition date to the day, missing version or date), and evidence as a letter
 * reads it (history fields, PD-L1, yes/no, enum values, every field of a sentence).
 */
import { describe, expect, it } from 'vitest';
import { readableEvidence } from '#core/clinical/evidence-text.ts';
import { rateEvidence } from '#core/clinical/indications.ts';
import { COMPENDIA_REFERENCE } from '#core/reference/index.ts';

const complete = { version: '2026.1', date: '2026-01-15' };
const compendium = (
  source: string,
  category: string,
  extra: { version?: string; date?: string } = complete,
) => ({
  type: 'compendium' as const,
  source,
  category,
  ...extra,
});

describe('rateEvidence', () => {
  it.each([
    ['Category 2A', 'supportive', 'NCCN category 2A is supportive'],
    [' category2A ', 'supportive', 'NCCN category 2A is supportive'],
    ['Cat 1', 'supportive', 'NCCN category 1 is supportive'],
    [
      '2B',
      'not_supportive',
      'NCCN category 2B is not supportive under BPM §50.4.5 unless the payer accepts it',
    ],
    ['class 3', 'not_supportive', 'NCCN category 3 is not supportive'],
    ['cat. 1', 'supportive', 'NCCN category 1 is supportive'],
    ['preferred', 'neither', 'NCCN category "preferred" is not a category (1, 2A, 2B, 3)'],
  ])('NCCN %j is %s', (category, rating, reason) => {
    // Act
    const rated = rateEvidence(compendium('NCCN Guidelines', category), 2);

    // Assess
    expect(rated).toEqual({
      index: 2,
      rating,
      text: `NCCN Guidelines ${category} (version 2026.1, 2026-01-15)`,
      reason,
      missing: [],
    });
  });

  it('counts NCCN 2B as supportive for a payer that accepts it', () => {
    // Act
    const rated = rateEvidence(compendium('NCCN', '2B'), 0, { acceptNccn2B: true });

    // Assess
    expect(rated).toMatchObject({
      rating: 'supportive',
      reason: 'NCCN category 2B, which this payer accepts (A58113)',
    });
  });

  it.each([
    ['2015-08-11', 'unrecognised', 'Lexi-Drugs is a recognised compendium only from 2015-08-12 (CR 9386)'],
    ['2015-08-12', 'supportive', 'Lexi-Drugs "Use: Off-Label" with Evidence Level A is supportive'],
  ])('Lexi-Drugs Evidence Level A dated %s is %s', (date, rating, reason) => {
    // Act
    const rated = rateEvidence(compendium('Lexi-Drugs', 'Evidence Level A', { version: '1', date }), 0);

    // Assess
    expect(rated).toMatchObject({ rating, reason, missing: [] });
  });

  it('rates an undated Lexi-Drugs citation by its category, and asks for the date', () => {
    // Act
    const rated = rateEvidence(compendium('Lexi-Drugs', 'A', { version: '1' }), 0);

    // Assess
    expect(rated).toEqual({
      index: 0,
      rating: 'incomplete',
      text: 'Lexi-Drugs A (version 1)',
      reason:
        'Lexi-Drugs "Use: Off-Label" with Evidence Level A is supportive, but the citation lacks its date',
      missing: ['date'],
    });
  });

  it('applies no recognition date to a compendium without one', () => {
    // Act
    const rated = rateEvidence(compendium('DrugDex', 'IIa', { version: '1', date: '2001-01-01' }), 0);

    // Assess
    expect(rated).toMatchObject({ rating: 'supportive', reason: 'DrugDex class IIa is supportive' });
  });

  it('does not ask for the version of a citation that does not support', () => {
    // Act
    const rated = rateEvidence(compendium('NCCN', '3', {}), 0);

    // Assess
    expect(rated).toEqual({
      index: 0,
      rating: 'not_supportive',
      text: 'NCCN 3',
      reason: 'NCCN category 3 is not supportive',
      missing: [],
    });
  });

  it.each([
    [{}, 'neither', COMPENDIA_REFERENCE.literature.otherwise],
    [{ acceptLiterature: true }, 'supportive', COMPENDIA_REFERENCE.literature.accepted],
  ])('rates literature with options %j as %s', (options, rating, reason) => {
    // Act
    const rated = rateEvidence({ type: 'literature', citation: 'Smith 2025' }, 1, options);

    // Assess
    expect(rated).toEqual({ index: 1, rating, text: 'literature: Smith 2025', reason, missing: [] });
  });

  it('names a source that is not a recognised compendium', () => {
    // Act
    const rated = rateEvidence(compendium('UpToDate', 'Grade 1A'), 0);

    // Assess
    expect(rated).toMatchObject({
      rating: 'unrecognised',
      text: 'UpToDate Grade 1A (version 2026.1, 2026-01-15)',
      reason: COMPENDIA_REFERENCE.unrecognised.replace('{source}', 'UpToDate'),
    });
  });

  it('describes a citation with a date and no version', () => {
    // Act
    const rated = rateEvidence({ ...compendium('NCCN', '1', { date: '2026-01-15' }), citation: 'p. 12' }, 0);

    // Assess
    expect(rated.text).toBe('NCCN 1 (2026-01-15): p. 12');
    expect(rated.missing).toEqual(['version']);
  });
});

describe('readableEvidence', () => {
  it.each([
    ['diagnosis.resectable = true', 'resectable: yes'],
    ['diagnosis.resectable = true ; checked', 'resectable: yes; checked'],
    ['diagnosis.biomarkers.PDL1_TPS = 45', 'PD-L1 TPS (%): 45'],
    ['oncologicHistory[11].radiationGy = 60', 'prior therapy 12 radiation (Gy): 60'],
    ['oncologicHistory[0].setting = adjuvant', 'prior therapy 1 setting: adjuvant'],
    [
      'oncologicHistory[0].response = no_evidence_of_disease',
      'prior therapy 1 response: no evidence of disease',
    ],
    ['oncologicHistory[0].response = Stable_disease', 'prior therapy 1 response: Stable_disease'],
    ['oncologicHistory[0].response = stable_disease2', 'prior therapy 1 response: stable_disease2'],
    [
      'diagnosis.stage = IIIB; diagnosis.histology = adenocarcinoma',
      'AJCC stage: IIIB; histology: adenocarcinoma',
    ],
    ['diagnosis.biomarkers.EGFR is not given', 'EGFR is not documented'],
  ])('%s -> %s', (raw, readable) => {
    // Act
    const result = readableEvidence(raw);

    // Assess
    expect(result).toBe(readable);
  });
});
