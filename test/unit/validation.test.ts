import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIcd10, isIcd10CmFormat, isValidNpi, normaliseNdc11 } from '#core/validation.ts';
import example from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { itMaps } from './support/maps.ts';

type Path = ReadonlyArray<string | number>;

/** The example request with the value at `path` replaced (undefined removes it). */
function exampleWith(path: Path, value: unknown): unknown {
  const draft: unknown = structuredClone(example);
  let node = draft as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return draft;
}

describe('isValidNpi', () => {
  it('accepts the CMS check-digit example', () => {
    expect(isValidNpi('1234567893')).toBe(true);
  });

  it.each(['1234567890', '123456789', '12345678930', '123456789a', ''])('refuses %j', (npi) => {
    expect(isValidNpi(npi)).toBe(false);
  });

  it('accepts exactly one check digit for any 9-digit base', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (base) => {
        const valid = [...'0123456789'].filter((digit) => isValidNpi(`${base}${digit}`));
        expect(valid).toHaveLength(1);
      }),
    );
  });

  it('rejects any single-digit change to a valid NPI', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = [...'1234567893'].map(Number);
        digits[position] = ((digits[position] ?? 0) + delta) % 10;
        expect(isValidNpi(digits.join(''))).toBe(false);
      }),
    );
  });
});

describe('ICD-10-CM format', () => {
  it.each(['C34.12', 'C34.2', 'C23', 'C3412', 'S72.001A', 'Z51.12'])('accepts %j', (code) => {
    expect(isIcd10CmFormat(code)).toBe(true);
  });

  it.each(['c34.12', 'C34.', '34.12', 'C34.12345', 'CC4.1'])('refuses %j', (code) => {
    expect(isIcd10CmFormat(code)).toBe(false);
  });

  itMaps('canonicalIcd10(%j) = %j', canonicalIcd10, [
    ['C3412', 'C34.12'],
    ['c34.12', 'C34.12'],
    ['C23', 'C23'],
  ]);
});

describe('normaliseNdc11', () => {
  itMaps('%j -> %j', normaliseNdc11, [
    ['00310-4611-50', '00310-4611-50'],
    ['0310-4611-50', '00310-4611-50'],
    ['61434-002-10', '61434-0002-10'],
    ['12345-6789-1', '12345-6789-01'],
    ['00310461150', '00310-4611-50'],
    ['0310461150', null],
    ['0310-46-11-50', null],
  ]);
});

describe('PriorAuthRequest refuses each bad input with its field path', () => {
  it.each<[string, Path, unknown, Path]>([
    ['an NPI with a wrong check digit', ['provider', 'npi'], '1234567890', ['provider', 'npi']],
    ['a 9-digit NPI', ['provider', 'npi'], '123456789', ['provider', 'npi']],
    [
      'an ICD-10-CM code of the wrong shape',
      ['diagnosis', 'icd10'],
      ['C34.12', '3412'],
      ['diagnosis', 'icd10', 1],
    ],
    ['no ICD-10-CM code', ['diagnosis', 'icd10'], [], ['diagnosis', 'icd10']],
    ['a date that is not on the calendar', ['patient', 'birthDate'], '1957-02-30', ['patient', 'birthDate']],
    [
      'a start date that is not a date',
      ['treatmentPlan', 'startDate'],
      '2026-13-01',
      ['treatmentPlan', 'startDate'],
    ],
    ['a weight below the human range', ['patient', 'weightKg'], 0.1, ['patient', 'weightKg']],
    ['a weight above the human range', ['patient', 'weightKg'], 680, ['patient', 'weightKg']],
    ['an unknown priority', ['priority'], 'urgent', ['priority']],
    ['an unknown plan type', ['coverage', 'planType'], 'vip', ['coverage', 'planType']],
    ['an unknown sex', ['patient', 'sex'], 'x', ['patient', 'sex']],
    ['an unknown MMR value', ['diagnosis', 'biomarkers', 'MMR'], 'MSI-H', ['diagnosis', 'biomarkers', 'MMR']],
    ['a blank member id', ['coverage', 'memberId'], '   ', ['coverage', 'memberId']],
    ['no member id', ['coverage', 'memberId'], undefined, ['coverage', 'memberId']],
    ['an HCPCS code of the wrong shape', ['treatmentPlan', 'hcpcs'], 'J93', ['treatmentPlan', 'hcpcs']],
    ['an unreadable NDC', ['treatmentPlan', 'ndc11'], '4611-50', ['treatmentPlan', 'ndc11']],
    [
      'a therapy that ends before it starts',
      ['oncologicHistory', 0, 'endDate'],
      '2026-05-01',
      ['oncologicHistory', 0, 'endDate'],
    ],
    ['treatment before birth', ['treatmentPlan', 'startDate'], '1950-01-01', ['treatmentPlan', 'startDate']],
  ])('%s', (_, at, value, path) => {
    // Prepare
    const input = exampleWith(at, value);

    // Act
    const parsed = PriorAuthRequest.safeParse(input);

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path)).toContainEqual(path);
  });

  it('accepts J9376 (a finding, not a 400) and an undotted ICD-10-CM code, stored dotted', () => {
    // Prepare
    const input = exampleWith(['diagnosis', 'icd10'], ['c3412']) as typeof example;
    input.treatmentPlan.hcpcs = 'j9376';

    // Act
    const parsed = PriorAuthRequest.parse(input);

    // Assess
    expect(parsed.treatmentPlan.hcpcs).toBe('J9376');
    expect(parsed.diagnosis.icd10).toEqual(['C34.12']);
  });
});
