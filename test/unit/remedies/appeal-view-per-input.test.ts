/**
 * The appeal letter's view (core/remedies/appeal-view.ts) one input at a time: a prior-auth or a
 * claim appeal, the NDCs and combination of the service, the dates of service of a claim appeal
 * with and without the claim, whether the deadline's window is verified, the remedy asked of an
 * off-label denial, the label citation of an indication with a source only, and the documents
 * named for a claim.
 */
import { describe, expect, it } from 'vitest';
import { appealView } from '#core/remedies/appeal-view.ts';
import { appealInput, carc, claim, pacificAssessment, pacificBilling } from '../support/appeal-case.ts';

describe('the appeal view, input by input', () => {
  it('says whether it appeals a prior authorization or a claim', () => {
    // Act
    const priorAuth = appealView(appealInput());
    const claimAppeal = appealView(appealInput({ subject: 'claim', claim: claim() }));

    // Assess
    expect([priorAuth.isPriorAuth, priorAuth.isClaim, priorAuth.subjectText]).toEqual([
      true,
      false,
      'prior-authorization request',
    ]);
    expect([claimAppeal.isPriorAuth, claimAppeal.isClaim]).toEqual([false, true]);
    expect(claimAppeal.service.datesOfService).toBe('2026-09-07');
    expect(claimAppeal.documents.referenced).toContain('Claim CLM-2026-000981 and its remittance advice');
  });

  it('states the plan as the dates of service of a claim appeal without its claim', () => {
    // Act
    const view = appealView(appealInput({ subject: 'claim' }));

    // Assess
    expect(view.service.datesOfService).toMatch(/^13 administrations every 4 weeks from /);
    expect(view.documents.referenced.some((d) => d.startsWith('Claim '))).toBe(false);
  });

  it('lists the NDCs of the vials and the combination with commas, no combination as null', () => {
    // Act
    const view = appealView(
      appealInput({
        billing: {
          ...pacificBilling,
          vials: [
            { ndc11: '00310-4611-50', strengthMg: 500, count: 2 },
            { ndc11: '00310-4500-12', strengthMg: 120, count: 1 },
          ],
        },
      }),
    );

    // Assess
    expect(view.service.ndcs).toBe('00310-4611-50, 00310-4500-12');
    expect(view.service.combination).toBeNull();
    expect(view.service.drug).toBe('durvalumab (IMFINZI)');
  });

  it.each([
    ['medicare', true],
    ['medicare_advantage', false],
  ] as const)('on a %s plan the level 1 window is verified: %s', (planType, verified) => {
    expect(appealView(appealInput({ planType })).deadline.windowVerified).toBe(verified);
  });

  it('asks an off-label (experimental) denial to authorize the plan itself', () => {
    // Act
    const view = appealView(appealInput({ reasons: [carc('188')] }));

    // Assess
    expect(view.analysis.category).toBe('experimental_off_label');
    expect(view.analysis.remedyAsked).toMatch(
      /^overturn the denial and authorize durvalumab \(J9173\) .+ every 4 weeks, 13 administrations \(1,950 units\) from /,
    );
  });

  it('cites the FDA label for an indication with a label source but no summary, and lists it only with both', () => {
    // Act
    const view = appealView(appealInput({ assessment: { ...pacificAssessment, labelSummary: null } }));
    const both = appealView(appealInput());

    // Assess
    expect(view.indication?.labelSource).toBe(view.labelCitation);
    expect(view.documents.referenced).not.toContain(view.labelCitation);
    expect(both.documents.referenced).toContain(both.labelCitation);
  });
});
