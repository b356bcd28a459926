import { describe, expect, it } from 'vitest';
import { loadTemplates } from '#adapters/templates.ts';
import { composeAppeal } from '#core/remedies/compose-appeal.ts';
import { analyseDenial, denialCategoryRule } from '#core/remedies/denials.ts';
import { appealInput, carc, denialInput, flattenBlocks } from './support/appeal-case.ts';

const templates = loadTemplates();
const justification =
  'Grade 3 infusion reaction on cycle 2 needing hospital-level monitoring for later infusions.';

describe('a site-of-care denial', () => {
  it('is its own category (CARC 58), answered with an appeal by its own template', () => {
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('58')] }));

    // Assess
    expect(analysis.category).toBe('site_of_care');
    expect(analysis.remedy).toBe('appeal');
    expect(denialCategoryRule('site_of_care').template).toBe('appeal/site-of-care');
    expect(templates.has('appeal/site-of-care')).toBe(true);
  });

  it('ranks before the catch-all: CARC 58 with CARC B7 is a site-of-care denial', () => {
    const analysis = analyseDenial(denialInput({ reasons: [carc('B7'), carc('58')] }));
    expect(analysis.category).toBe('site_of_care');
  });

  it("asks for a site-of-care exception, stating the request's justification", () => {
    // Prepare
    const input = appealInput({ reasons: [carc('58')] });
    const provider = {
      ...input.request.provider,
      siteOfCare: 'hospital_outpatient',
      siteOfCareJustification: justification,
    };

    // Act
    const text = flattenBlocks(
      composeAppeal({ ...input, request: { ...input.request, provider } }, templates),
    );

    // Assess
    expect(text).toContain('We request a site-of-care exception');
    expect(text).toContain('Why this site of care');
    expect(text).toContain(justification);
    expect(text).toContain('grant a site-of-care exception');
  });

  it('points to the enclosed records when the request gave no justification', () => {
    // Act
    const text = flattenBlocks(composeAppeal(appealInput({ reasons: [carc('58')] }), templates));

    // Assess
    expect(text).toContain(
      'The enclosed clinical records document why the infusions are given at this site of care.',
    );
  });
});
