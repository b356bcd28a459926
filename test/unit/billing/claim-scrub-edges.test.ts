/**
 * The claim scrub's edges (core/billing/claim-scrub.ts): no durvalumab line, no dose to check, JZ
 * on one of two administered lines, a JW line off the least-waste count without a waste log, a
 * waste log that leaves nothing to discard, another drug's NDC or code on the line, a diagnosis
 * among others, and the authorization's number, units and days where the case lacks one of them
 * or gives them as timestamps.
 */
import { describe, expect, it } from 'vitest';
import { type ScrubContext, scrubClaim } from '#core/billing/claim-scrub.ts';
import { claim } from '../support/appeal-case.ts';
import { approvedScrubContext } from '../support/scrub-context.ts';

const V500 = '00310-4611-50';
const drug = (units: number, modifiers: string[], ndc11: string | undefined = V500) => ({
  hcpcs: 'J9173',
  modifiers,
  units,
  chargeAmount: 100,
  ...(ndc11 ? { ndc11 } : {}),
});
const admin = { hcpcs: '96413', modifiers: [] as string[], units: 1, chargeAmount: 10 };
const noCase: ScrubContext = { billing: null, decision: null, assessment: null };
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('scrubClaim without a dose or without durvalumab', () => {
  it('finds nothing on a claim with no durvalumab line', () => {
    expect(scrubClaim(claim({ administeredMg: undefined, lines: [admin] }), noCase)).toEqual([]);
  });

  it('still asks JZ or a JW line when no dose is documented, and nothing more when JZ is there', () => {
    // Act
    const without = scrubClaim(claim({ administeredMg: undefined, lines: [admin, drug(150, [])] }), noCase);
    const withJz = scrubClaim(claim({ administeredMg: undefined, lines: [drug(150, ['JZ'])] }), noCase);

    // Assess
    expect(without).toEqual([
      expect.objectContaining({ code: 'WASTE_MODIFIER', path: 'lines[1].modifiers' }),
    ]);
    expect(withJz).toEqual([]);
  });
});

describe('scrubClaim on the waste lines', () => {
  it('takes JZ on one of two administered lines as JZ for the dose', () => {
    // Act
    const findings = scrubClaim(claim({ lines: [drug(100, ['JZ']), drug(50, [])] }), noCase);

    // Assess
    expect(codes(findings)).not.toContain('WASTE_MODIFIER');
  });

  it('leaves the JW units to the least-waste count without a waste log: no units error, a waste warning', () => {
    // Act: 1400 mg from the least-waste 12 x 120 mg (1440 mg) leaves 4 JW units; 10 billed
    const findings = scrubClaim(
      claim({ administeredMg: 1400, lines: [drug(140, []), drug(10, ['JW'])] }),
      noCase,
    );

    // Assess
    expect(codes(findings)).toEqual(['WASTE_NOT_MINIMAL']);
  });

  it('says a waste log with nothing discarded leaves nothing for a JW line, naming the vials it holds', () => {
    // Act
    const findings = scrubClaim(
      claim({ administeredMg: 1500, discardedMg: 0, lines: [drug(150, []), drug(2, ['JW'])] }),
      noCase,
    );

    // Assess
    expect(findings).toContainEqual({
      severity: 'error',
      code: 'WASTE_MODIFIER',
      path: 'lines[1].modifiers',
      message:
        'The JW line bills 2 discarded units, but 1500 mg from vials holding 1500 mg leaves nothing to discard: bill the administered line with JZ and no JW line.',
    });
  });

  it('names the line that carries both JW and JZ', () => {
    // Act
    const findings = scrubClaim(claim({ lines: [admin, drug(150, ['JW', 'JZ'])] }), noCase);

    // Assess
    expect(findings).toContainEqual({
      severity: 'error',
      code: 'WASTE_MODIFIER',
      path: 'lines[1].modifiers',
      message:
        'Line 2 carries both JW and JZ; a line is either the discarded amount (JW) or the whole dose with nothing discarded (JZ).',
    });
  });
});

describe('scrubClaim on the codes of a line', () => {
  const VIALS = `${V500} \\(500 mg/10 mL \\(50 mg/mL\\)\\) and 00310-4500-12 \\(120 mg/2\\.4 mL \\(50 mg/mL\\)\\)`;

  it("names the drug another drug's NDC belongs to, and no owner for an unknown NDC", () => {
    // Act
    const [owned, unknown] = ['61755-0014-00', '12345-6789-01'].map(
      (ndc11) => scrubClaim(claim({ lines: [drug(150, ['JZ'], ndc11)] }), noCase)[0]?.message,
    );

    // Assess
    expect(owned).toMatch(
      new RegExp(
        `^Line 1 carries NDC 61755-0014-00, which is not a durvalumab vial \\(it belongs to J9376.+\\); durvalumab vials are ${VIALS}\\.$`,
      ),
    );
    expect(unknown).toMatch(
      new RegExp(
        `^Line 1 carries NDC 12345-6789-01, which is not a durvalumab vial; durvalumab vials are ${VIALS}\\.$`,
      ),
    );
  });

  it('says what a code durvalumab is confused with really is, and to rebill as J9173', () => {
    // Act
    const [finding] = scrubClaim(claim({ lines: [{ ...drug(1500, ['JZ']), hcpcs: 'J9376' }] }), noCase);

    // Assess
    expect(finding?.message).toMatch(
      /^Line 1 bills durvalumab as J9376, which is "Injection, pozelimab-bbfg, 1 mg" \(.+\)\. Durvalumab is J9173 \(Injection, durvalumab, 10 mg\); rebill the line as J9173\.$/,
    );
  });
});

describe('scrubClaim on the diagnosis and the authorization', () => {
  it('takes a claim with one of its diagnoses in the list', () => {
    // Act
    const findings = scrubClaim(claim({ diagnosisCodes: ['Z51.11', 'C34.12'] }), {
      ...noCase,
      indicationIcd10: ['C34'],
    });

    // Assess
    expect(codes(findings)).not.toContain('DIAGNOSIS_NOT_COVERED');
  });

  it('checks no number, units or days the authorization does not give', () => {
    // Act
    const findings = scrubClaim(claim({ authorizationNumber: null, lines: [drug(150, ['JZ'])] }), {
      ...noCase,
      decision: { outcome: 'approved', authorizationNumber: null, approvedUnits: null },
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it('reads timestamp ends of the validity by their day, and writes an open end as "open"', () => {
    // Prepare
    const context = (validFrom: string | null, validTo: string | null): ScrubContext => {
      const approved = approvedScrubContext([]);
      return { ...approved, decision: { ...approved.decision!, validFrom, validTo } };
    };

    // Act
    const inside = scrubClaim(claim({}), context('2026-09-07T23:00:00Z', '2026-09-07T01:00:00Z'));
    const [outside] = scrubClaim(claim({}), context(null, '2026-09-06T23:59:59Z'));

    // Assess
    expect(codes(inside)).toEqual([]);
    expect(outside).toEqual({
      severity: 'error',
      code: 'AUTH_EXCEEDED',
      path: 'serviceDate',
      message: "The date of service 2026-09-07 is outside the authorization's validity (open to 2026-09-06).",
    });
  });
});
