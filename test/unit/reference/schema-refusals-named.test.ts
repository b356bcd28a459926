/**
 * The reference schemas' own rules, each by the issue it raises: a vial's label, a compendium
 * rating's payer option and its reason, every place of denial-routing.json that names a category
 * (the categories, CARC and RARC routes, the findings that explain and what they explain) against
 * the precedence, a category with no rule, the FDA label's set id in both its citation and its
 * address, and an unknown histology family. Each file is the committed one with one change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BillingFile } from '#core/reference/schemas/billing.ts';
import { CompendiaFile } from '#core/reference/schemas/compendia.ts';
import { DenialRoutingFile } from '#core/reference/schemas/denials.ts';
import { IndicationsFile } from '#core/reference/schemas/indications.ts';

// biome-ignore lint/suspicious/noExplicitAny: reference JSON changed freely in the tests
type Json = Record<string, any>;

const read = (file: string): Json =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../lambdas/core/reference', file), 'utf8'));

function issues(
  schema: { safeParse(data: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  data: unknown,
): string[] {
  const result = schema.safeParse(data);
  return result.success ? [] : (result.error?.issues ?? []).map((issue) => issue.message);
}

describe('billing.json', () => {
  it('labels each vial by its strength and container', () => {
    // Act
    const billing = BillingFile.parse(read('billing.json'));

    // Assess
    expect(billing.vials.map((vial) => vial.label)).toEqual([
      '500 mg/10 mL (50 mg/mL) single-dose vial',
      '120 mg/2.4 mL (50 mg/mL) single-dose vial',
    ]);
  });
});

describe('compendia.json ratings', () => {
  const withRating = (rating: Json) => {
    const file = read('compendia.json');
    return {
      ...file,
      compendia: [
        { name: 'X', matches: ['x'], ratings: [rating], otherwise: { rating: 'neither', reason: 'r' } },
      ],
    };
  };
  const base = { grades: ['2B'], rating: 'supportive', reason: 'r' };

  it.each([
    [
      'a payer option without its reason',
      { ...base, payerOption: 'acceptNccn2B' },
      ['a payer option needs its acceptedReason'],
    ],
    [
      'a reason without a payer option',
      { ...base, acceptedReason: 'accepted' },
      ['a payer option needs its acceptedReason'],
    ],
    [
      'a payer option with its reason',
      { ...base, payerOption: 'acceptNccn2B', acceptedReason: 'accepted' },
      [],
    ],
    ['neither', base, []],
  ])('%s: %j', (_, rating, expected) => {
    expect(issues(CompendiaFile, withRating(rating))).toEqual(expected);
  });
});

describe('denial-routing.json categories', () => {
  const routing = read('denial-routing.json');

  it('takes the committed file', () => {
    expect(issues(DenialRoutingFile, routing)).toEqual([]);
  });

  it.each([
    ['a CARC route', { ...routing, carc: { ...routing.carc, '999': { category: 'ghost' } } }],
    ['a RARC route', { ...routing, rarc: { ...routing.rarc, Z99: { category: 'ghost' } } }],
    [
      'a finding that explains',
      { ...routing, findingsThatExplain: [{ finding: 'X', category: 'ghost', explains: ['coding'] }] },
    ],
    [
      'what a finding explains',
      { ...routing, findingsThatExplain: [{ finding: 'X', category: 'coding', explains: ['ghost'] }] },
    ],
  ])('names a category of %s that is not in precedence', (_, data) => {
    expect(issues(DenialRoutingFile, data)).toEqual(['category ghost is not in precedence']);
  });

  it('names a category of the precedence with no rule', () => {
    // Act
    const found = issues(DenialRoutingFile, { ...routing, precedence: [...routing.precedence, 'ghost'] });

    // Assess
    expect(found).toEqual(['category ghost has no rule']);
  });
});

describe('indications.json', () => {
  const indications = read('indications.json');
  const label = indications.label as Json;
  const otherId = '00000000-0000-4000-8000-000000000000';

  it.each([
    ['the citation', { ...label, citation: label.citation.replace(label.setId, otherId) }],
    ['the address', { ...label, url: label.url.replace(label.setId, otherId) }],
  ])('refuses a label whose set id is missing from %s', (_, changed) => {
    expect(issues(IndicationsFile, { ...indications, label: changed })).toEqual([
      'the citation and the DailyMed address must name the label set id',
    ]);
  });

  it('names the indication, the criterion and the unknown histology family', () => {
    // Prepare
    const [first, ...rest] = indications.indications as [Json, ...Json[]];
    const criteria = (first.criteria as Json[]).map((c) =>
      c.kind === 'histology' ? { ...c, histology: 'ghost' } : c,
    );

    // Act
    const found = issues(IndicationsFile, { ...indications, indications: [{ ...first, criteria }, ...rest] });

    // Assess
    expect(found).toEqual([`${first.id}.histology_nsclc names unknown histology family ghost`]);
  });
});
