/**
 * The remedy documents around their letters (composeAppeal and composeCorrectedClaim in
 * core/remedies/compose-appeal.ts): which remedy each accepts, naming the field it refuses, and
 * the document's title, subject, footer, letterhead, enclosures and embedded case facts.
 */
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '#adapters/templates.ts';
import { ValidationError } from '#core/errors.ts';
import { type AppealInput, composeAppeal, composeCorrectedClaim } from '#core/remedies/compose-appeal.ts';
import { appealInput, authorization, carc, claim, claimWithDrugLine, rarc } from '../support/appeal-case.ts';

const templates = loadTemplates();
const caseFactsOf = (spec: { attachments?: Array<{ name: string; content: Uint8Array }> }) => {
  const [file] = spec.attachments ?? [];
  return { name: file?.name, facts: JSON.parse(new TextDecoder().decode(file?.content)) };
};
const correctable = () =>
  appealInput({
    subject: 'claim',
    claim: claimWithDrugLine({ hcpcs: 'J9376' }),
    reasons: [carc('11', 'CO')],
    authorization,
  });

describe('composeAppeal', () => {
  it('titles, subjects and signs an appeal of a prior-auth denial by its reference', () => {
    // Act
    const spec = composeAppeal(appealInput(), templates);
    // Assess
    expect(spec.title).toMatch(/^Request for .+: durvalumab \(IMFINZI\), HCPCS J9173$/);
    expect(spec.subject).toMatch(/ denial ACME-PA-7781: /);
    expect(spec.footer).toBe(
      'Case case-01JD0000000000000000000000 · Appeal apl-01JD0000000000000000000001 · Demo Medicare Advantage Plan',
    );
    expect(spec.author).toBe('Riverside Oncology Associates');
    expect(spec.letterhead).toEqual({
      name: 'Riverside Oncology Associates',
      lines: ['NPI 1234567893', 'Phone 555-0142 · Fax 555-0143'],
    });
    expect(spec.keywords.slice(0, 4)).toEqual(['appeal', 'medical_necessity', 'J9173', 'durvalumab']);
    expect(spec.enclosures).toBeUndefined();
  });

  it('names the claim in the subject without a payer reference, and the case without either', () => {
    const base = appealInput({ subject: 'claim', claim: claim() });
    const noRef: AppealInput = { ...base, decision: { ...base.decision, payerReference: null } };
    expect(composeAppeal(noRef, templates).subject).toMatch(new RegExp(` denial ${claim().claimId}: `));
    const { claim: _none, ...withoutClaim } = noRef;
    expect(composeAppeal(withoutClaim as AppealInput, templates).subject).toMatch(/ denial case-01JD0+: /);
  });

  it('puts the TIN on the letterhead when there is one, and carries the enclosures it is given', () => {
    // Prepare
    const base = appealInput();
    const input: AppealInput = {
      ...base,
      request: {
        ...base.request,
        provider: { ...base.request.provider, tin: '123456789', contact: undefined },
      },
      enclosures: [{ title: 'Original packet', pdf: new Uint8Array([1]) }],
    };
    // Act
    const spec = composeAppeal(input, templates);
    // Assess
    expect(spec.letterhead.lines).toEqual(['NPI 1234567893 · TIN 123456789']);
    expect(spec.enclosures).toEqual([{ title: 'Original packet', pdf: new Uint8Array([1]) }]);
  });

  it('embeds the case facts without names: ids, assessment, billing and no claim for a prior auth', () => {
    const { name, facts } = caseFactsOf(composeAppeal(appealInput(), templates));
    expect(name).toBe('case-facts-apl-01JD0000000000000000000001.json');
    expect(facts).toMatchObject({
      kind: 'appeal',
      caseId: 'case-01JD0000000000000000000000',
      indication: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      verdict: 'meets_label',
      billing: { hcpcs: 'J9173', unitsPerAdministration: 150, wasteModifier: 'JZ' },
      claim: null,
      untimely: false,
    });
    expect(JSON.stringify(facts)).not.toContain('Rivera');
  });

  it('embeds null assessment and billing facts when the case has none', () => {
    const { facts } = caseFactsOf(
      composeAppeal(appealInput({ billing: null, reasons: [carc('29', 'CO')] }), templates),
    );
    expect(facts).toMatchObject({ billing: null });
    const bare = { ...appealInput(), assessment: null };
    expect(caseFactsOf(composeAppeal(bare, templates)).facts).toMatchObject({
      indication: null,
      verdict: null,
    });
  });

  it('refuses a denial whose remedy is not an appeal, naming the field', () => {
    expect(() => composeAppeal(correctable(), templates)).toThrow(
      expect.objectContaining({ errors: [{ path: 'analysis.remedy', message: 'must be appeal' }] }),
    );
  });
});

describe('composeCorrectedClaim', () => {
  it('titles and subjects the instruction by the claim and its frequency code, and embeds the claim lines', () => {
    // Act
    const spec = composeCorrectedClaim(correctable(), templates);
    // Assess
    expect(spec.title).toBe(
      `Corrected claim instruction: claim ${claim().claimId}, durvalumab (HCPCS J9173)`,
    );
    expect(spec.subject).toBe(`Corrected claim (frequency code 7) for claim ${claim().claimId}`);
    expect(spec.footer).toMatch(/ · Remedy apl-01JD0000000000000000000001 · /);
    expect(spec.keywords[0]).toBe('corrected_claim');
    const { facts } = caseFactsOf(spec);
    expect(facts.claim.lines[0]).toEqual({
      hcpcs: 'J9376',
      modifiers: ['JZ'],
      units: 150,
      ndc11: '00310-4611-50',
    });
    expect(facts.claim.lines[1]).toMatchObject({ hcpcs: '96413', ndc11: null });
  });

  it('gives frequency code 1 after MA130', () => {
    const input = appealInput({
      subject: 'claim',
      claim: claimWithDrugLine({ modifiers: [] }),
      reasons: [carc('16', 'CO'), rarc('MA130')],
    });
    expect(composeCorrectedClaim(input, templates).subject).toMatch(/^Corrected claim \(frequency code 1\)/);
  });

  it('refuses a denial whose remedy is not a corrected claim, and one without the claim', () => {
    expect(() => composeCorrectedClaim(appealInput(), templates)).toThrow(
      expect.objectContaining({ errors: [{ path: 'analysis.remedy', message: 'must be corrected_claim' }] }),
    );
    const { claim: _none, ...noClaim } = correctable();
    expect(() => composeCorrectedClaim(noClaim as AppealInput, templates)).toThrow(ValidationError);
    expect(() => composeCorrectedClaim(noClaim as AppealInput, templates)).toThrow(
      expect.objectContaining({ errors: [{ path: 'claim', message: 'required for a corrected claim' }] }),
    );
  });
});
