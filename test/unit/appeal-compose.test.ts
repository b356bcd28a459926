import { describe, expect, it } from 'vitest';
import { loadTemplates } from '#adapters/templates.ts';
import { ValidationError } from '#core/errors.ts';
import type { PlanType } from '#core/model.ts';
import { composeAppeal, composeCorrectedClaim, reasonLabel } from '#core/remedies/compose-appeal.ts';
import type { DenialCategory, DenialInput } from '#core/remedies/denials.ts';
import {
  alkPositiveAegean,
  appealInput,
  carc,
  claim,
  claimWithDrugLine,
  compendiaAssessment,
  flattenBlocks,
  onClaim,
  rarc,
} from './support/appeal-case.ts';

const templates = loadTemplates();

type Case = Partial<DenialInput> & { planType?: PlanType };

describe('composeAppeal', () => {
  it.each<[DenialCategory, Case, string[]]>([
    [
      'medical_necessity',
      { reasons: [carc('50'), rarc('N386')] },
      [
        'PACIFIC (NCT02125461)',
        'No progression after concurrent platinum-based chemoradiation | Met',
        'concurrent chemoradiation | cisplatin, etoposide | 60 Gy | 2026-06-01 to 2026-07-13',
        'Your notice states: "Documentation does not establish',
        'authorize durvalumab (J9173) 1,500 mg fixed dose every 4 weeks, 13 administrations (1,950 units)',
      ],
    ],
    [
      'experimental_off_label',
      { reasons: [carc('55')], assessment: compendiaAssessment },
      ['medically accepted indication', 'NCCN Bladder Cancer category 2A', '1861(t)(2)', '50.4.5'],
    ],
    [
      'authorization_absent',
      { reasons: [carc('197')] },
      ['prior-authorization request on file', 'retroactively'],
    ],
    [
      'authorization_exceeded',
      { ...onClaim, reasons: [carc('198', 'CO')] },
      [
        'Authorization PA-55120 approved 1,950 units',
        'extended',
        'Claim CLM-2026-000981',
        'J9173 | JZ | 150',
      ],
    ],
    [
      'dosage_units',
      { ...onClaim, reasons: [carc('153', 'CO')] },
      [
        '1,500 mg ÷ 10 mg per unit = 150 units of J9173',
        '3 x 500 mg (NDC 00310-4611-50) = 1,500 mg',
        'Lines per administration: J9173-JZ x 150 units',
        'drug waste log',
      ],
    ],
    [
      'modifier',
      { ...onClaim, reasons: [carc('4', 'CO')] },
      ['nothing was discarded, so the line carries JZ', 'CMS IOM 100-04 ch. 17 §40'],
    ],
    ['coding', { reasons: [carc('181')] }, ['J9173 (Injection, durvalumab, 10 mg)', 'pozelimab-bbfg']],
    [
      'diagnosis',
      { reasons: [carc('167')] },
      ['C34.12 (adenocarcinoma, lung, stage IIIB)', 'FDA-labeled indication'],
    ],
    [
      'timely_filing',
      { ...onClaim, reasons: [carc('29', 'CO')] },
      ['filed on time', 'Clearinghouse acceptance reports (999/277CA)'],
    ],
    ['benefit_exclusion', { reasons: [carc('204')] }, ['medical exception', 'grant a medical exception']],
    ['other', { ...onClaim, reasons: [carc('B7', 'CO')] }, ['reconsider this denial on the record']],
  ])(
    '%s: the letter holds the facts the category needs and every element of an appeal',
    (category, input, facts) => {
      // Prepare
      const appeal = appealInput(input);

      // Act
      const spec = composeAppeal(appeal, templates);
      const text = flattenBlocks(spec);

      // Assess
      expect(appeal.analysis.category).toBe(category);
      for (const fact of facts) expect(text).toContain(fact);
      // Who and what
      expect(text).toContain('Patient: Dana Rivera');
      expect(text).toContain('Member ID: XMA123456789');
      expect(text).toContain('Payer reference: ACME-PA-7781');
      expect(text).toContain('HCPCS J9173');
      expect(text).toContain('NDC 00310-4611-50');
      // Level, legal basis, timeliness
      expect(text).toContain('Request for Plan reconsideration');
      expect(text).toContain('42 CFR 422.590');
      expect(text).toContain('January 24, 2027');
      // The denial's codes named as codes (CARC/RARC and the code), in the notice line and as the
      // headings of the point-by-point answers
      const codes = appeal.decision.reasons.map(reasonLabel);
      expect(codes.every((code) => /^(CARC|RARC) ([A-Z]{2}-)?[A-Z0-9]+$/.test(code))).toBe(true);
      expect(text).toContain(`Denial: notice dated November 20, 2026; ${codes.join(', ')}`);
      appeal.analysis.rebuttals.forEach((r, i) => {
        expect(text).toContain(`${i + 1}. ${codes[i]}: ${r.description}`);
        expect(text).toContain(r.answer);
      });
      // Requests, remedy, enclosures, signature
      expect(text).toContain('Peer-to-peer review');
      expect(text).toContain('clinical criteria, policy or guideline');
      expect(text).toContain('Remedy requested');
      expect(text).toContain('Denial notice dated November 20, 2026');
      expect(text).toContain('Sam Okafor\nfor Riverside Oncology Associates\nNPI 1234567893');
      expect(spec.letterhead.name).toBe('Riverside Oncology Associates');
      expect(spec.footer).toContain('case-01JD');
    },
  );

  it.each([
    {
      name: 'J9376 on the claim',
      input: { ...onClaim, reasons: [carc('181')], claim: claimWithDrugLine({ hcpcs: 'J9376' }) },
    },
    {
      name: 'units that do not match the dose',
      input: { ...onClaim, reasons: [carc('153')], claim: claimWithDrugLine({ units: 140 }) },
    },
    {
      name: 'JZ missing',
      input: { ...onClaim, reasons: [carc('4'), rarc('N822')], claim: claimWithDrugLine({ modifiers: [] }) },
    },
    {
      name: 'the authorization number missing',
      input: { ...onClaim, reasons: [carc('197')], claim: claim({ authorizationNumber: null }) },
    },
    {
      name: 'a pozelimab NDC',
      input: {
        ...onClaim,
        reasons: [carc('16'), rarc('M119')],
        claim: claimWithDrugLine({ ndc11: '61755-0014-00' }),
      },
    },
  ])('writes no appeal letter for $name: it is a corrected claim', ({ input }) => {
    // Prepare
    const appeal = appealInput(input);

    // Act
    const act = () => composeAppeal(appeal, templates);

    // Assess
    expect(appeal.analysis.remedy).toBe('corrected_claim');
    expect(act).toThrow(ValidationError);
    expect(() => composeCorrectedClaim(appeal, templates)).not.toThrow();
  });

  it('writes nothing for an ALK-positive AEGEAN request', () => {
    // Prepare
    const appeal = appealInput({ reasons: [carc('50')], assessment: alkPositiveAegean });

    // Act
    const act = () => composeAppeal(appeal, templates);

    // Assess
    expect(appeal.analysis.remedy).toBe('none');
    expect(act).toThrow(ValidationError);
  });

  it('states the window when the reference confirms it (commercial internal appeal)', () => {
    // Act
    const text = flattenBlocks(composeAppeal(appealInput({ planType: 'commercial' }), templates));

    // Assess
    expect(text).toContain(
      'Internal appeal may be requested within 180 days of the notice, that is by May 19, 2027',
    );
    expect(text).toContain('is timely');
    expect(text).toContain('45 CFR 147.136; 29 CFR 2560.503-1');
    expect(text).not.toContain('Appointment of representative');
  });

  it('counts a Medicare redetermination from the presumed receipt', () => {
    // Act
    const text = flattenBlocks(
      composeAppeal(
        appealInput({ planType: 'medicare', ...onClaim, reasons: [carc('50', 'CO')] }),
        templates,
      ),
    );

    // Assess
    expect(text).toContain('presumed received on November 25, 2026');
    expect(text).toContain(
      'Redetermination may be requested within 120 days of receipt, that is by March 25, 2027',
    );
    expect(text).toContain('Appointment of representative form');
  });

  it('asks for good cause instead of claiming timeliness when the deadline has passed', () => {
    // Act
    const text = flattenBlocks(
      composeAppeal(
        appealInput({ untimely: { goodCause: 'the notice reached the practice on 2027-02-01' } }),
        templates,
      ),
    );

    // Assess
    expect(text).toContain('accepted for good cause: the notice reached the practice on 2027-02-01');
    expect(text).not.toContain('is timely');
  });

  it('embeds the case facts as JSON without the patient name, birth date or member id', () => {
    // Act
    const spec = composeAppeal(appealInput(), templates);

    // Assess
    const [file] = spec.attachments ?? [];
    const json = new TextDecoder().decode(file?.content);
    const facts = JSON.parse(json);
    expect(file?.mimeType).toBe('application/json');
    expect(facts).toMatchObject({
      caseId: 'case-01JD0000000000000000000000',
      category: 'medical_necessity',
      templateVersion: templates.version,
    });
    expect(facts.billing.unitsPerAdministration).toBe(150);
    for (const phi of ['Rivera', 'Dana', '1957-03-14', 'XMA123456789']) expect(json).not.toContain(phi);
    expect(spec.keywords).toContain(`template:${templates.version.slice(0, 16)}`);
  });

  it('composes the same document from the same input', () => {
    expect(composeAppeal(appealInput(), templates)).toEqual(composeAppeal(appealInput(), templates));
  });
});

describe('composeCorrectedClaim', () => {
  it.each<[string, Case, string[]]>([
    [
      'lists the corrected J9173 line, the authorization number, frequency code 7 and why',
      {
        reasons: [carc('16', 'CO'), rarc('N657')],
        claim: claimWithDrugLine(
          { hcpcs: 'J9376', units: 1500, modifiers: [] },
          { authorizationNumber: null },
        ),
      },
      [
        'line 1 HCPCS | J9376 | J9173 | J9376 (Injection, pozelimab-bbfg, 1 mg) is not durvalumab',
        'line 1 units | 1500 | 150',
        'line 1 modifiers | (none) | JZ',
        'authorization number (REF*G1) | (none) | PA-55120',
        '1 | J9173 | JZ | 150 | 00310-4611-50',
        'Prior authorization (REF*G1): PA-55120',
        'claim frequency code 7',
        'original claim ICN-26250-0042',
      ],
    ],
    [
      'adds the JW line a 750 mg dose needs',
      {
        reasons: [carc('4', 'CO'), rarc('N823')],
        claim: claim({
          administeredMg: 750,
          lines: [{ hcpcs: 'J9173', modifiers: ['JZ'], units: 75, ndc11: '00310-4500-12' }],
        }),
        billing: null,
      },
      ['1 | J9173 | - | 75 | 00310-4500-12', '2 | J9173 | JW | 9 |'],
    ],
    [
      'asks for a new claim, not a replacement, when the claim was unprocessable (MA130)',
      { reasons: [carc('16', 'CO'), rarc('MA130')], claim: claimWithDrugLine({ modifiers: [] }) },
      ['new claim (frequency code 1)', 'Claim frequency code: 1'],
    ],
  ])('%s', (_, input, expected) => {
    // Prepare
    const appeal = appealInput({ ...onClaim, ...input });

    // Act
    const text = flattenBlocks(composeCorrectedClaim(appeal, templates));

    // Assess
    for (const line of expected) expect(text).toContain(line);
  });
});
