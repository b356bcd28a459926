/**
 * What a payer's reviewer may read (core/packet/letter-text.ts): staff notes ("(UNVERIFIED ...)")
 * and finding codes ("(HCPCS_MISMATCH)") are dropped from every text of every block, with the
 * space before them; other parentheses stay.
 */
import { describe, expect, it } from 'vitest';
import type { Block } from '#core/documents/document-model.ts';
import { payerFacingBlocks, payerFacingText } from '#core/packet/letter-text.ts';

describe('payerFacingText', () => {
  describe.each([
    [
      'staff note',
      [
        ['1,500 mg every 4 weeks (UNVERIFIED)', '1,500 mg every 4 weeks'],
        ['C34.90 (UNVERIFIED in the reference data)', 'C34.90'],
        ['a note (unverified, ask the MAC) in lower case', 'a note in lower case'],
        ['no space before(UNVERIFIED)', 'no space before'],
        ['two spaces before  (UNVERIFIED)', 'two spaces before'],
        ['first (UNVERIFIED) and second (UNVERIFIED in the data) notes', 'first and second notes'],
      ],
    ],
    [
      'finding code',
      [
        ['Units corrected (HCPCS_MISMATCH)', 'Units corrected'],
        ['Course beyond the label (DURATION_EXCEEDS_LABEL)', 'Course beyond the label'],
        ['A code with digits (X12_278_REJECTED)', 'A code with digits'],
        ['No space(WASTE_NOT_MINIMAL) here', 'No space here'],
        ['Both (HCPCS_MISMATCH) and (POLICY_RISK) codes', 'Both and codes'],
        ['A note and a code (UNVERIFIED) (HCPCS_MISMATCH)', 'A note and a code'],
      ],
    ],
  ])('drops the %s', (_what, cases) => {
    it.each(cases)('of %j', (text, expected) => {
      expect(payerFacingText(text)).toBe(expected);
    });
  });

  it.each([
    'PD-L1 tumor proportion score (TPS)',
    'durvalumab (IMFINZI)',
    'Mismatch repair (dMMR)',
    'A name in mixed case (Hcpcs_Mismatch)',
    'A word starting with the note (UNVERIFIEDLY)',
    'An underscore first (_HCPCS_MISMATCH)',
    'A trailing underscore (HCPCS_)',
  ])('keeps the other parentheses of %j', (text) => {
    expect(payerFacingText(text)).toBe(text);
  });
});

describe('payerFacingBlocks', () => {
  const NOTE = ' (UNVERIFIED)';
  const CODE = ' (HCPCS_MISMATCH)';

  it('cleans the text of headings and paragraphs, keeping their other fields', () => {
    // Prepare
    const blocks: Block[] = [
      { kind: 'heading', level: 2, text: `Dosing${NOTE}` },
      { kind: 'paragraph', text: `Units requested${CODE}` },
    ];
    // Act
    const clean = payerFacingBlocks(blocks);
    // Assess
    expect(clean).toEqual([
      { kind: 'heading', level: 2, text: 'Dosing' },
      { kind: 'paragraph', text: 'Units requested' },
    ]);
  });

  it('cleans every item of a list', () => {
    const clean = payerFacingBlocks([
      { kind: 'list', ordered: true, items: [`one${NOTE}`, `two${CODE}`, 'three'] },
    ]);
    expect(clean).toEqual([{ kind: 'list', ordered: true, items: ['one', 'two', 'three'] }]);
  });

  it('cleans the header and every cell of a table, keeping its widths', () => {
    // Prepare
    const table: Block = {
      kind: 'table',
      header: [`Code${NOTE}`, 'Units'],
      rows: [
        [`J9173${CODE}`, '150'],
        ['J3490', `1${NOTE}`],
      ],
      widths: [2, 1],
    };
    // Act
    const clean = payerFacingBlocks([table]);
    // Assess
    expect(clean).toEqual([
      {
        kind: 'table',
        header: ['Code', 'Units'],
        rows: [
          ['J9173', '150'],
          ['J3490', '1'],
        ],
        widths: [2, 1],
      },
    ]);
  });

  it('cleans both the key and the value of each key-value row', () => {
    const clean = payerFacingBlocks([{ kind: 'keyValue', rows: [[`Regimen${NOTE}`, `1,500 mg${CODE}`]] }]);
    expect(clean).toEqual([{ kind: 'keyValue', rows: [['Regimen', '1,500 mg']] }]);
  });

  it('cleans every line of a signature', () => {
    const clean = payerFacingBlocks([
      { kind: 'signature', lines: [`Dr. Ada Stone${NOTE}`, `NPI 1234567893${CODE}`] },
    ]);
    expect(clean).toEqual([{ kind: 'signature', lines: ['Dr. Ada Stone', 'NPI 1234567893'] }]);
  });

  it('passes blocks without text through as they are, in order', () => {
    // Prepare
    const spacer: Block = { kind: 'spacer' };
    const pageBreak: Block = { kind: 'pageBreak' };
    // Act
    const clean = payerFacingBlocks([spacer, { kind: 'paragraph', text: 'kept' }, pageBreak]);
    // Assess
    expect(clean).toEqual([spacer, { kind: 'paragraph', text: 'kept' }, pageBreak]);
    expect(clean[0]).toBe(spacer);
    expect(clean[2]).toBe(pageBreak);
  });
});
