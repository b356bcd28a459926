/**
 * What the HCPCS and NDC checks (core/billing/coding.ts) say, word for word, for each kind of code
 * the reference knows: durvalumab's own (no finding), its historic code (flagged UNVERIFIED there),
 * another drug's, an unknown one; a durvalumab vial, another drug's NDC with or without its own
 * code, a bulk NDC that is not billable, an unknown NDC and one that is no NDC; with the path given
 * or none. Codes, descriptors and NDCs are those of reference/billing.json.
 */
import { describe, expect, it } from 'vitest';
import { checkHcpcs, checkNdc } from '#core/billing/coding.ts';

const J9173 = 'J9173 (Injection, durvalumab, 10 mg)';
const VIALS =
  '00310-4611-50 500 mg/10 mL (50 mg/mL) single-dose vial, 00310-4500-12 120 mg/2.4 mL (50 mg/mL) single-dose vial';

describe('checkHcpcs wording', () => {
  it('takes durvalumab in any case and spacing', () => {
    expect(checkHcpcs(' j9173 ')).toEqual({
      code: 'J9173',
      isDurvalumab: true,
      descriptor: 'Injection, durvalumab, 10 mg',
      drug: 'durvalumab',
      findings: [],
    });
  });

  it.each([
    [
      'C9492',
      'C9492 is the OPPS pass-through code for durvalumab before J9173 (UNVERIFIED in the reference data); durvalumab now bills as ' +
        `${J9173}.`,
    ],
    [
      'J9376',
      `J9376 is "Injection, pozelimab-bbfg, 1 mg" (pozelimab-bbfg (Veopoz)), not durvalumab: durvalumab bills as ${J9173}.`,
    ],
    ['J9999', `J9999 is not durvalumab's HCPCS code: durvalumab bills as ${J9173}.`],
  ])('says what %s is, at the path given', (code, message) => {
    expect(checkHcpcs(code, { path: 'lines[0].hcpcs' }).findings).toEqual([
      { severity: 'error', code: 'HCPCS_MISMATCH', message, path: 'lines[0].hcpcs' },
    ]);
  });

  it('names no path when none is given', () => {
    expect(checkHcpcs('J9376').findings[0]).not.toHaveProperty('path');
  });
});

describe('checkNdc wording', () => {
  it('takes a durvalumab vial', () => {
    expect(checkNdc('00310-4500-12')).toMatchObject({ ndc11: '00310-4500-12', findings: [] });
  });

  it.each([
    ['61755-0014-00', 'NDC 61755-0014-00 is pozelimab-bbfg (Veopoz) (billed as J9376), not durvalumab'],
    [
      '61434-0002-10',
      "NDC 61434-0002-10 is durvalumab bulk 'drug for further processing' (Catalent, 500 mg/10 mL, 288 vials/case): not billable",
    ],
    ['12345-6789-01', 'NDC 12345-6789-01 is not a durvalumab vial'],
  ])('says what %s is and lists the vials to use, at the path given', (ndc, what) => {
    expect(checkNdc(ndc, { path: 'treatmentPlan.ndc11' }).findings).toEqual([
      {
        severity: 'error',
        code: 'NDC_HCPCS_MISMATCH',
        message: `${what}; on a J9173 line use a durvalumab vial: ${VIALS}.`,
        path: 'treatmentPlan.ndc11',
      },
    ]);
  });

  it('quotes an NDC it cannot read, trimmed, with no path when none is given', () => {
    expect(checkNdc('12345-6789-01').findings[0]).not.toHaveProperty('path');
    expect(checkNdc('  12-34  ').findings[0]).not.toHaveProperty('path');
    expect(checkNdc('  12-34  ').findings).toEqual([
      {
        severity: 'error',
        code: 'NDC_HCPCS_MISMATCH',
        message: `NDC "12-34" is not a readable 11-digit NDC (5-4-2); durvalumab vials are ${VIALS}.`,
      },
    ]);
  });
});
