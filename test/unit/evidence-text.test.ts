import { describe, expect, it } from 'vitest';
import { readableEvidence } from '#core/clinical/evidence-text.ts';

describe('readableEvidence', () => {
  it.each([
    ['diagnosis.stage = IIIB', 'AJCC stage: IIIB'],
    ['diagnosis.resectable = false', 'resectable: no'],
    ['oncologicHistory[0].response = stable_disease', 'prior therapy 1 response: stable disease'],
    ['treatmentPlan.combination = []', 'combination partners: none'],
    ['diagnosis.ecog is not given', 'ECOG performance status is not documented'],
    ['diagnosis.biomarkers.ALK = positive', 'ALK: positive'],
    ['diagnosis.icd10 = C34.12 (within C34.10-C34.12)', 'ICD-10-CM: C34.12 (within C34.10-C34.12)'],
    [
      'oncologicHistory[0]: concurrent chemoradiation with cisplatin, etoposide, 60 Gy',
      'prior therapy 1: concurrent chemoradiation with cisplatin, etoposide, 60 Gy',
    ],
    ['13 x 4 weeks = 52 weeks from 2026-08-10', '13 x 4 weeks = 52 weeks from 2026-08-10'],
  ])('%s -> %s', (raw, readable) => {
    expect(readableEvidence(raw)).toBe(readable);
  });
});
