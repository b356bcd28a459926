/**
 * What each claim-scrub finding tells the billing office (core/billing/claim-scrub.ts): whether it
 * blocks the claim (error) or warns, the field it points at (the UI highlights that path), and the
 * facts its message states: the codes, units, vials and authorization involved.
 */
import { describe, expect, it } from 'vitest';
import { type ScrubContext, scrubClaim } from '#core/billing/claim-scrub.ts';
import type { Finding, FindingCode } from '#core/model.ts';
import type { ClaimInput } from '#schemas/claim.ts';
import { claim, claimWithDrugLine, weightBasedBilling } from './support/appeal-case.ts';
import { approvedScrubContext } from './support/scrub-context.ts';

const approved = approvedScrubContext(['C34.10-C34.12', 'C34.90-C34.92']);
const weightBased: ScrubContext = { ...approved, billing: weightBasedBilling };
const JW_LINE = { hcpcs: 'J9173', modifiers: ['JW'], units: 9, ndc11: '00310-4500-12' };

function only(findings: Finding[], code: FindingCode): Finding {
  const found = findings.filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
}

/** The one finding of `code`, checked to be of `severity` at `path`. */
function atPath(severity: Finding['severity']) {
  return (findings: Finding[], code: FindingCode, path: string): Finding => {
    const f = only(findings, code);
    expect(f).toMatchObject({ severity, path });
    return f;
  };
}
const blocks = atPath('error');
const warns = atPath('warning');

const scrub = (c: ClaimInput, ctx: ScrubContext = approved) => scrubClaim(c, ctx);

describe('scrubClaim, code and NDC findings', () => {
  it('blocks J9376 on the durvalumab line, naming what J9376 is and J9173', () => {
    const f = blocks(scrub(claimWithDrugLine({ hcpcs: 'J9376' })), 'HCPCS_MISMATCH', 'lines[0].hcpcs');
    expect(f.message).toMatch(/^Line 1 bills durvalumab as J9376, which is "[^"]+"/);
    expect(f.message).toContain(
      'Durvalumab is J9173 (Injection, durvalumab, 10 mg); rebill the line as J9173.',
    );
  });

  it('blocks an unknown code carrying a durvalumab NDC', () => {
    const f = blocks(scrub(claimWithDrugLine({ hcpcs: 'J3490' })), 'HCPCS_MISMATCH', 'lines[0].hcpcs');
    expect(f.message).toBe(
      'Line 1 carries a durvalumab NDC under J3490; durvalumab is J9173 (Injection, durvalumab, 10 mg).',
    );
  });

  it('warns about a drug line without an NDC, listing the vial NDCs', () => {
    const f = warns(
      scrub(claimWithDrugLine({ ndc11: undefined, ndcQuantity: undefined, ndcUnit: undefined })),
      'NDC_HCPCS_MISMATCH',
      'lines[0].ndc11',
    );
    expect(f.message).toMatch(/^Line 1 has no NDC; payers deny drug lines without one \(RARC M119\)/);
    expect(f.message).toContain('00310-4611-50 or 00310-4500-12');
  });

  it("blocks another drug's NDC, saying whose it is and listing the durvalumab vials", () => {
    const f = blocks(
      scrub(claimWithDrugLine({ ndc11: '61755-0014-00' })),
      'NDC_HCPCS_MISMATCH',
      'lines[0].ndc11',
    );
    expect(f.message).toMatch(
      /^Line 1 carries NDC 61755-0014-00, which is not a durvalumab vial \(it belongs to J9376/,
    );
    expect(f.message).toContain('durvalumab vials are 00310-4611-50 (');
  });

  it('blocks an NDC of no known drug without naming an owner', () => {
    const f = only(
      scrub(claimWithDrugLine({ hcpcs: 'J9173', ndc11: '99999-9999-99' })),
      'NDC_HCPCS_MISMATCH',
    );
    expect(f.message).toMatch(
      /^Line 1 carries NDC 99999-9999-99, which is not a durvalumab vial; durvalumab vials are /,
    );
  });

  it('blocks JW and JZ on one line, on its modifiers', () => {
    const findings = scrub(claimWithDrugLine({ modifiers: ['JW', 'JZ'] }));
    const both = findings.find((f) => f.message.includes('carries both JW and JZ'));
    expect(both).toMatchObject({ severity: 'error', code: 'WASTE_MODIFIER', path: 'lines[0].modifiers' });
  });
});

describe('scrubClaim, units and waste findings', () => {
  it('blocks units that are not the dose, stating both and the formula', () => {
    const f = blocks(scrub(claimWithDrugLine({ units: 140 })), 'UNITS_MISMATCH', 'lines[0].units');
    expect(f.message).toMatch(
      /^The administered durvalumab line bills 140 units, but the documented dose of 1500 mg is 150 units of J9173 \(/,
    );
  });

  it('blocks a line with neither JZ nor a JW line, on its modifiers', () => {
    const f = blocks(scrub(claimWithDrugLine({ modifiers: [] })), 'WASTE_MODIFIER', 'lines[0].modifiers');
    expect(f.message).toMatch(/^The durvalumab line has neither JZ nor a JW line/);
  });

  it('blocks a JZ line beside a JW line, on the JW line', () => {
    // Act
    const findings = scrub(
      claimWithDrugLine({}, { lines: [{ ...JW_LINE, ndc11: '00310-4611-50', units: 5 }] }),
    );
    // Assess
    const f = blocks(findings, 'WASTE_MODIFIER', 'lines[1].modifiers');
    expect(f.message).toMatch(/^The claim has a JZ line \(nothing discarded\) and a JW line/);
  });

  it('blocks a JW line where whole vials leave nothing, naming the vials', () => {
    // Act
    const findings = scrub(
      claimWithDrugLine({ modifiers: [] }, { lines: [{ ...JW_LINE, ndc11: '00310-4611-50', units: 5 }] }),
    );
    // Assess
    const f = blocks(findings, 'WASTE_MODIFIER', 'lines[1].modifiers');
    expect(f.message).toMatch(
      /^The JW line bills 5 discarded units, but 1500 mg from 3 x 500 mg.* leaves nothing to discard/,
    );
  });

  it('blocks JZ on a dose that leaves waste, with the units to bill on a JW line', () => {
    // Act
    const findings = scrub(
      claimWithDrugLine({ modifiers: ['JZ'], units: 75, ndc11: '00310-4500-12' }, { administeredMg: 750 }),
      weightBased,
    );
    // Assess
    const f = blocks(findings, 'WASTE_MODIFIER', 'lines[0].modifiers');
    expect(f.message).toMatch(
      /^The line carries JZ \(nothing discarded\), but 750 mg from 7 x 120 mg.* leaves 9 units discarded: /,
    );
    expect(f.message).toContain('a JW line for 9 units.');
  });

  it('blocks JW units the waste log does not support, on the JW line', () => {
    // Act
    const findings = scrub(
      claimWithDrugLine(
        { modifiers: [], units: 75, ndc11: '00310-4500-12' },
        { administeredMg: 750, discardedMg: 90, lines: [{ ...JW_LINE, units: 12 }] },
      ),
      weightBased,
    );
    // Assess
    const f = blocks(findings, 'UNITS_MISMATCH', 'lines[1].units');
    expect(f.message).toMatch(
      /^The JW line bills 12 units, but the waste log \(90 mg discarded after a 750 mg dose\) supports 9 units/,
    );
  });

  it('accepts the JW line the waste log supports', () => {
    const findings = scrub(
      claimWithDrugLine(
        { modifiers: [], units: 75, ndc11: '00310-4500-12' },
        { administeredMg: 750, discardedMg: 90, lines: [JW_LINE] },
      ),
      weightBased,
    );
    expect(findings).toEqual([]);
  });

  it('warns about more vials opened than the least-waste combination, on the JW line', () => {
    // Act: 750 mg from 2 x 500 mg, 250 mg discarded (the least waste is 7 x 120 mg, 90 mg).
    const findings = scrub(
      claimWithDrugLine(
        { modifiers: [], units: 75, ndc11: '00310-4611-50' },
        { administeredMg: 750, discardedMg: 250, lines: [{ ...JW_LINE, units: 25, ndc11: '00310-4611-50' }] },
      ),
      weightBased,
    );
    // Assess
    const f = warns(findings, 'WASTE_NOT_MINIMAL', 'lines[1].units');
    expect(f.message).toMatch(
      /^The billed vials hold 1000 mg for a 750 mg dose; the least-waste combination is 7 x 120 mg.*\(840 mg, 9 JW units\)\. Payers may deny the excess waste\.$/,
    );
  });

  it('counts the vials opened from the billed units when there is no waste log', () => {
    const findings = scrub(
      claimWithDrugLine(
        { modifiers: [], units: 75, ndc11: '00310-4611-50' },
        { administeredMg: 750, lines: [{ ...JW_LINE, units: 25, ndc11: '00310-4611-50' }] },
      ),
      weightBased,
    );
    expect(only(findings, 'WASTE_NOT_MINIMAL').message).toMatch(
      /^The billed vials hold 1000 mg for a 750 mg dose/,
    );
  });
});

describe('scrubClaim without a documented dose', () => {
  const noDose = { ...approved, billing: null };

  it('still blocks a durvalumab line with neither JZ nor a JW line, on its modifiers', () => {
    blocks(
      scrub(claimWithDrugLine({ modifiers: [] }, { administeredMg: undefined }), noDose),
      'WASTE_MODIFIER',
      'lines[0].modifiers',
    );
  });

  it('accepts JZ or a JW line, and checks no units it cannot compute', () => {
    expect(scrub(claimWithDrugLine({ units: 140 }, { administeredMg: undefined }), noDose)).toEqual([]);
    const withJw = claimWithDrugLine({ modifiers: [] }, { administeredMg: undefined, lines: [JW_LINE] });
    expect(scrub(withJw, noDose)).toEqual([]);
  });

  it('has nothing to say about waste on a claim without durvalumab lines', () => {
    const other = claim({ lines: [{ hcpcs: '96413', modifiers: [], units: 1 }], administeredMg: undefined });
    expect(scrub(other, noDose)).toEqual([]);
  });
});

describe('scrubClaim, authorization and diagnosis findings', () => {
  const authorizationNumberFinding = (authorizationNumber: string | null) =>
    blocks(scrub(claim({ authorizationNumber })), 'AUTH_NUMBER_MISSING', 'authorizationNumber');

  it('blocks a claim without the authorization number, naming it and REF*G1', () => {
    const f = authorizationNumberFinding(null);
    expect(f.message).toMatch(
      /^The case has authorization PA-55120, but the claim carries no authorization number: report it in REF\*G1/,
    );
  });

  it('blocks another authorization number, naming both', () => {
    const f = authorizationNumberFinding('PA-99999');
    expect(f.message).toBe(
      "The claim's authorization number PA-99999 is not the case's authorization PA-55120; correct REF*G1.",
    );
  });

  it('blocks more units than approved, on the lines', () => {
    const ctx: ScrubContext = {
      ...approved,
      decision: { ...approved.decision, approvedUnits: 149 } as ScrubContext['decision'],
    };
    const f = blocks(scrub(claim(), ctx), 'AUTH_EXCEEDED', 'lines');
    expect(f.message).toBe(
      'The claim bills 150 durvalumab units, more than the 149 units the authorization approved.',
    );
  });

  it('accepts exactly the approved units and the first and last valid days', () => {
    const edges = { ...approved.decision, approvedUnits: 150 } as ScrubContext['decision'];
    expect(scrub(claim({ serviceDate: '2026-08-01' }), { ...approved, decision: edges })).toEqual([]);
    expect(scrub(claim({ serviceDate: '2027-07-31' }), { ...approved, decision: edges })).toEqual([]);
  });

  it('blocks a date of service before or after the validity, on the service date', () => {
    const before = blocks(scrub(claim({ serviceDate: '2026-07-31' })), 'AUTH_EXCEEDED', 'serviceDate');
    expect(before.message).toBe(
      "The date of service 2026-07-31 is outside the authorization's validity (2026-08-01 to 2027-07-31).",
    );
    const after = only(scrub(claim({ serviceDate: '2027-08-01' })), 'AUTH_EXCEEDED');
    expect(after.path).toBe('serviceDate');
  });

  it('writes an open end of the validity as open', () => {
    const ctx: ScrubContext = {
      ...approved,
      decision: {
        outcome: 'approved',
        authorizationNumber: 'PA-55120',
        validFrom: null,
        validTo: '2026-09-01T00:00:00Z',
      },
    };
    expect(only(scrub(claim(), ctx), 'AUTH_EXCEEDED').message).toContain('(open to 2026-09-01)');
  });

  it('checks the authorization of a partial approval, and none of a denial or without a decision', () => {
    const partial = { ...approved.decision, outcome: 'partially_approved' } as ScrubContext['decision'];
    expect(
      scrub(claim({ authorizationNumber: null }), { ...approved, decision: partial }).map((f) => f.code),
    ).toEqual(['AUTH_NUMBER_MISSING']);
    const denied = { ...approved.decision, outcome: 'denied' } as ScrubContext['decision'];
    expect(scrub(claim({ authorizationNumber: null }), { ...approved, decision: denied })).toEqual([]);
    expect(scrub(claim({ authorizationNumber: null }), { ...approved, decision: null })).toEqual([]);
  });

  it('blocks a claim whose diagnoses are outside the indication, on its diagnosis codes', () => {
    const f = blocks(
      scrub(claim({ diagnosisCodes: ['Z51.12', 'C22.0'] })),
      'DIAGNOSIS_NOT_COVERED',
      'diagnosisCodes',
    );
    expect(f.message).toMatch(
      /^No claim diagnosis \(Z51\.12, C22\.0\) is in the ICD-10-CM list of the case's indication \(C34\.10-C34\.12, C34\.90-C34\.92\)/,
    );
    expect(scrub(claim({ diagnosisCodes: ['Z51.12'] }), { ...approved, indicationIcd10: [] })).toEqual([]);
  });
});
