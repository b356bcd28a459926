/**
 * How a claim's lines are read as durvalumab (core/billing/claim-lines.ts): by code, by a
 * durvalumab NDC under another code, or not at all; in claim order; with no dose when neither the
 * claim nor the case gives one; and an ICD-10-CM code against a list of codes and ranges, written
 * in any case, with or without its dot, its ends included.
 */
import { describe, expect, it } from 'vitest';
import {
  allDurvalumabLines,
  durvalumabLines,
  icd10InList,
  readDurvalumabClaim,
} from '#core/billing/claim-lines.ts';
import { claim } from '../support/appeal-case.ts';

const line = (hcpcs: string, extra: { modifiers?: string[]; units?: number; ndc11?: string } = {}) => ({
  hcpcs,
  modifiers: [],
  units: 1,
  chargeAmount: 10,
  ...extra,
});

describe('the durvalumab lines of a claim', () => {
  it('takes J9173, a durvalumab NDC under an unlisted code, and no other line', () => {
    // Act
    const lines = durvalumabLines(
      claim({
        lines: [
          line('J3590', { ndc11: '00310-4500-12', units: 12 }),
          line('J9999'),
          line('J9999', { ndc11: '61755-0014-00' }),
          line('96413'),
          line('J9173', { modifiers: ['JW'], units: 3 }),
        ],
      }),
    );

    // Assess
    expect(lines.administered.map((l) => l.index)).toEqual([0]);
    expect(lines.waste.map((l) => l.index)).toEqual([4]);
  });

  it('gives every durvalumab line in claim order, waste lines among them', () => {
    // Act
    const read = readDurvalumabClaim(
      claim({
        lines: [
          line('J9173', { modifiers: ['JW'], units: 3 }),
          line('J9173', { modifiers: ['JZ'], units: 150 }),
        ],
      }),
      null,
    );

    // Assess
    expect(read.all.map((l) => l.index)).toEqual([0, 1]);
    expect(allDurvalumabLines(read.lines).map((l) => l.line.units)).toEqual([3, 150]);
  });

  it('has no dose and no expected waste when neither the claim nor the case gives a dose', () => {
    // Act
    const read = readDurvalumabClaim(claim({ administeredMg: undefined }), null);

    // Assess
    expect(read.doseMg).toBeNull();
    expect(read.expectedWaste).toBeNull();
  });
});

describe('icd10InList', () => {
  it.each([
    [' c34.12 ', ['C34'], true],
    ['C3401', ['C34.00-C34.02'], true],
    ['C34.01', ['C34.00-C34.02'], true],
    ['C34.00', ['C34.00-C34.02'], true],
    ['C34.02', ['C34.00-C34.02'], true],
    ['C34.03', ['C34.00-C34.02'], false],
    ['C34.90', ['C33-C34'], true],
    ['C35.1', ['C33-C34'], false],
    ['C34.12', [''], false],
    ['C18.9', ['C34'], false],
  ])('%j in %j: %s', (code, list, inList) => {
    expect(icd10InList(code, list)).toBe(inList);
  });
});
