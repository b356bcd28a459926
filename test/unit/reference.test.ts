import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BILLING_REFERENCE,
  DENIAL_ROUTING_REFERENCE,
  INDICATIONS_REFERENCE,
  REFERENCE_FILES,
} from '#core/reference/index.ts';
import { BillingFile } from '#core/reference/schemas/billing.ts';
import { CompendiaFile } from '#core/reference/schemas/compendia.ts';
import { DenialRoutingFile } from '#core/reference/schemas/denials.ts';
import { IndicationsFile } from '#core/reference/schemas/indications.ts';

const REFERENCE_DIR = join(import.meta.dirname, '../../lambdas/core/reference');
const jsonFiles = readdirSync(REFERENCE_DIR).filter((name) => name.endsWith('.json'));
const read = (name: string): unknown => JSON.parse(readFileSync(join(REFERENCE_DIR, name), 'utf8'));

/** Every [key, value] leaf of a JSON value, with the keys above it. */
function leaves(value: unknown, path: string[] = []): Array<{ path: string[]; value: unknown }> {
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, path));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [{ path, value }];
}

/** The files that define a fact: a field named `key` (anywhere, outside _meta). */
function filesDefining(key: string): string[] {
  return jsonFiles.filter((name) =>
    leaves(read(name)).some(({ path }) => path.includes(key) && path[0] !== '_meta'),
  );
}

describe('reference data', () => {
  it('loads every JSON file of the reference folder through its schema', () => {
    // Assess
    expect(Object.keys(REFERENCE_FILES).sort()).toEqual([...jsonFiles].sort());
  });

  it.each(Object.entries(REFERENCE_FILES))('%s validates against its schema', (_, load) => {
    // Act + Assess
    expect(load).not.toThrow();
  });

  it.each([
    ['billing.json without vials', BillingFile, { ...(read('billing.json') as object), vials: [] }],
    [
      'indications.json naming an unknown histology family',
      IndicationsFile,
      {
        ...INDICATIONS_REFERENCE,
        vocabulary: { ...INDICATIONS_REFERENCE.vocabulary, histologyFamilies: {} },
      },
    ],
    [
      'denial-routing.json with a category missing from precedence',
      DenialRoutingFile,
      { ...DENIAL_ROUTING_REFERENCE, precedence: ['coding'] },
    ],
    [
      'denial-routing.json with a category that has no rule',
      DenialRoutingFile,
      { ...DENIAL_ROUTING_REFERENCE, precedence: [...DENIAL_ROUTING_REFERENCE.precedence, 'unheard_of'] },
    ],
    [
      'compendia.json with a rating that has both grades and a pattern',
      CompendiaFile,
      {
        ...(read('compendia.json') as object),
        compendia: [
          {
            name: 'X',
            matches: ['x'],
            ratings: [{ grades: ['1'], pattern: 'a', rating: 'supportive', reason: 'r' }],
            otherwise: { rating: 'neither', reason: 'r' },
          },
        ],
      },
    ],
  ] as const)('refuses %s', (_, schema, data) => {
    // Act
    const result = schema.safeParse(data);

    // Assess
    expect(result.success).toBe(false);
  });
});

describe('one home per fact', () => {
  /** The key that holds each fact, under the one file that may define it. */
  const HOMES: Record<string, string[]> = {
    'billing.json': [
      'unitMg', // the HCPCS code and its unit
      'ndc11', // vial NDCs
      'strengthMg', // vial strengths
      'billingUnits', // billing units per vial
      'units_administered', // worked billing examples
    ],
    'indications.json': [
      'maxDuration', // label duration limits
      'weightThresholdKg', // the 30 kg weight threshold
      'trial', // indication trials
      'intervalWeeks', // regimens
    ],
    'decision-clocks.json': ['expedited'],
    'appeal-rules.json': ['windowDays'],
    'compendia.json': ['grades'],
  };

  it.each(Object.entries(HOMES).flatMap(([file, keys]) => keys.map((key) => [key, file])))(
    '%s lives in %s only',
    (key, file) => {
      // Act
      const files = filesDefining(key);

      // Assess
      expect(files).toEqual([file]);
    },
  );

  it('names an NDC in a structured field of billing.json only', () => {
    // Prepare
    const ndcLike = /^\d{4,5}-\d{3,4}-\d{1,2}$/;

    // Act
    const owners = jsonFiles.filter((name) =>
      leaves(read(name)).some(({ value }) => typeof value === 'string' && ndcLike.test(value)),
    );

    // Assess
    expect(owners).toEqual(['billing.json']);
  });

  it('keeps the HCPCS code out of the routing wording and fills it in from billing.json', () => {
    // Prepare
    const raw = JSON.stringify(read('denial-routing.json'));

    // Act
    const asked = Object.values(DENIAL_ROUTING_REFERENCE.categories).map((rule) => rule.remedyAsked);

    // Assess
    expect(raw).not.toContain(BILLING_REFERENCE.hcpcs.code);
    expect(asked.filter((text) => text.includes('J9173'))).toHaveLength(4);
    expect(asked.join(' ')).not.toContain('{hcpcs}');
  });

  it('keeps the source texts of the label duration limits (POSEIDON and HIMALAYA reconciled)', () => {
    // Prepare
    const limit = (id: string) =>
      INDICATIONS_REFERENCE.indications.find((indication) => indication.id === id)?.maxDuration;

    // Assess
    expect(limit('NSCLC_METASTATIC_POSEIDON')?.text).toBe('Until progression or unacceptable toxicity');
    expect(limit('HCC_UNRESECTABLE_HIMALAYA_STRIDE')?.text).toBeNull();
    expect(limit('NSCLC_STAGE3_UNRESECTABLE_PACIFIC')).toMatchObject({ months: 12 });
    expect(limit('SCLC_LIMITED_ADRIATIC')).toMatchObject({ months: 24 });
  });

  it('keeps facts marked UNVERIFIED flagged', () => {
    // Prepare
    const flagged = (code: string) =>
      BILLING_REFERENCE.codes.find((entry) => entry.code === code)?.unverified;

    // Assess
    expect(flagged('C9492')).toBe(true);
    expect(flagged('J9347')).toBe(true);
    expect(BILLING_REFERENCE.payerUnitLimit.unverified).toBe(true);
    expect(BILLING_REFERENCE.companionCodes.every((code) => code.unverified)).toBe(true);
  });
});

describe('one home per label', () => {
  it('names plan types in core/model.ts only', () => {
    // Prepare
    const root = join(import.meta.dirname, '../..');
    const files = ['lambdas', 'bin', 'web']
      .flatMap((folder) =>
        readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).map((file) =>
          join(folder, file),
        ),
      )
      .filter((file) => /\.(ts|js)$/.test(file) && !file.includes('node_modules'));

    // Act
    const owners = files.filter((file) =>
      readFileSync(join(root, file), 'utf8').includes("'Original Medicare'"),
    );

    // Assess
    expect(owners).toEqual([join('lambdas', 'core', 'model.ts')]);
  });
});

describe('the FDA label that letters cite', () => {
  it('names IMFINZI by its SPL set id with DailyMed’s address for it', () => {
    expect(INDICATIONS_REFERENCE.label).toMatchObject({
      setId: '8baba4ea-2855-42fa-9bd9-5a7548d4cec3',
      url: 'https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=8baba4ea-2855-42fa-9bd9-5a7548d4cec3',
    });
    expect(INDICATIONS_REFERENCE.label.citation).toContain('prescribing information (FDA label)');
  });

  it.each([
    ['a third-party address', { url: 'https://prescriberpoint.com/therapies/imfinzi-8baba4e' }],
    ['another set id', { setId: '6690679c-be2f-4588-a2e4-89fff74dd6be' }],
  ])('refuses %s', (_case, change) => {
    // Prepare
    const file = read('indications.json') as { label: Record<string, unknown> };

    // Act
    const parsed = IndicationsFile.safeParse({ ...file, label: { ...file.label, ...change } });

    // Assess
    expect(parsed.success).toBe(false);
  });
});
