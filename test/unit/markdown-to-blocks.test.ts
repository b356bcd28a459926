/**
 * The Markdown subset of the letter templates as document blocks (markdownToBlocks in
 * core/documents/markdown-blocks.ts): headings by level, paragraphs with bold kept, lists, tables
 * with the column weights of the comment before them, key-value and signature blocks, spacers and
 * page breaks; empty constructs give no block.
 */
import { describe, expect, it } from 'vitest';
import { ASTERISK_BREAK } from '#core/documents/document-model.ts';
import { markdownToBlocks, unescapeMarkdown } from '#core/documents/markdown-blocks.ts';
import { keyValueBlocks } from './support/blocks.ts';

describe('markdownToBlocks', () => {
  it('gives headings their level, deeper ones as level 3', () => {
    expect(markdownToBlocks('# One\n\n## Two\n\n### Three\n\n#### Four')).toEqual([
      { kind: 'heading', level: 1, text: 'One' },
      { kind: 'heading', level: 2, text: 'Two' },
      { kind: 'heading', level: 3, text: 'Three' },
      { kind: 'heading', level: 3, text: 'Four' },
    ]);
  });

  it('keeps bold, drops emphasis, strikethrough and link markup, collapses spaces', () => {
    expect(
      markdownToBlocks('A **bold** and *soft* ~~old~~ [link](https://example.org)\nnext   line with `code`'),
    ).toEqual([{ kind: 'paragraph', text: 'A **bold** and soft old link\nnext line with code' }]);
  });

  it('reads a hard line break as a space and leaves inline HTML out', () => {
    expect(markdownToBlocks('first  \nsecond <span>x</span>')).toEqual([
      { kind: 'paragraph', text: 'first second x' },
    ]);
  });

  it('reads a blockquote as a paragraph', () => {
    expect(markdownToBlocks('> quoted **text**')).toEqual([{ kind: 'paragraph', text: 'quoted **text**' }]);
  });

  it('gives bullet and numbered lists, a nested list joined into its item', () => {
    expect(markdownToBlocks('- one\n- two **b**\n\n1. first\n2. second')).toEqual([
      { kind: 'list', ordered: false, items: ['one', 'two **b**'] },
      { kind: 'list', ordered: true, items: ['first', 'second'] },
    ]);
    expect(markdownToBlocks('- parent\n  - child a\n  - child b')).toEqual([
      { kind: 'list', ordered: false, items: ['parent child a; child b'] },
    ]);
  });

  it('gives a table its header and rows, with the weights of the comment just before it', () => {
    // Act
    const blocks = markdownToBlocks(
      '<!-- widths: 3 1.5 -->\n| Code | Units |\n|---|---|\n| J9173 | **150** |',
    );
    // Assess
    expect(blocks).toEqual([
      { kind: 'table', header: ['Code', 'Units'], rows: [['J9173', '**150**']], widths: [3, 1.5] },
    ]);
  });

  it('gives a table no weights without the comment, and forgets a comment another block follows', () => {
    const table = '| A | B |\n|---|---|\n| 1 | 2 |';
    expect(markdownToBlocks(table)).toEqual([{ kind: 'table', header: ['A', 'B'], rows: [['1', '2']] }]);
    expect(markdownToBlocks(`<!-- widths: 2 1 -->\n\nText between.\n\n${table}`)).toEqual([
      { kind: 'paragraph', text: 'Text between.' },
      { kind: 'table', header: ['A', 'B'], rows: [['1', '2']] },
    ]);
  });

  it('reads a keyvalue block as rows split at the first colon, a line without one as a key', () => {
    expect(markdownToBlocks('```keyvalue\nMember ID: XMA1\n\nTime: 10:30\nNo colon here\n```')).toEqual(
      keyValueBlocks(['Member ID', 'XMA1'], ['Time', '10:30'], ['No colon here', '']),
    );
    expect(markdownToBlocks('```keyvalue\n\n```')).toEqual([]);
  });

  it('reads a signature block line by line, and any other fenced block as paragraphs', () => {
    expect(markdownToBlocks('```signature\n  Sam Okafor  \nNPI 1234567893\n```')).toEqual([
      { kind: 'signature', lines: ['Sam Okafor', 'NPI 1234567893'] },
    ]);
    expect(markdownToBlocks('```\nline one\n\nline two\n```')).toEqual([
      { kind: 'paragraph', text: 'line one' },
      { kind: 'paragraph', text: 'line two' },
    ]);
  });

  it('unescapes a fenced value, keeping an escaped asterisk literal', () => {
    expect(markdownToBlocks('```keyvalue\nName: A\\_B \\*\\*x\n```')).toEqual([
      { kind: 'keyValue', rows: [['Name', `A_B *${ASTERISK_BREAK}*x`]] },
    ]);
  });

  it('reads --- and a spacer comment as spacers, and a pagebreak comment as a page break', () => {
    expect(markdownToBlocks('one\n\n---\n\n<!-- spacer -->\n\n<!-- PageBreak -->\n\ntwo')).toEqual([
      { kind: 'paragraph', text: 'one' },
      { kind: 'spacer' },
      { kind: 'spacer' },
      { kind: 'pageBreak' },
      { kind: 'paragraph', text: 'two' },
    ]);
  });

  it('gives nothing for an other comment or an empty paragraph', () => {
    expect(markdownToBlocks('<!-- a note for editors -->\n\n<span></span>')).toEqual([]);
  });

  it('prints escaped asterisks as asterisks that never form bold', () => {
    expect(markdownToBlocks('A \\*\\* B and \\*x\\*')).toEqual([
      { kind: 'paragraph', text: `A *${ASTERISK_BREAK}* B and *x*` },
    ]);
    expect(markdownToBlocks('**b**\\*')).toEqual([{ kind: 'paragraph', text: `**b**${ASTERISK_BREAK}*` }]);
  });
});

describe('unescapeMarkdown', () => {
  it('gives each escaped character back, an asterisk as the one asked for', () => {
    expect(unescapeMarkdown('\\\\ \\` \\_ \\[ \\] \\< \\> \\| \\~ \\# \\+ \\= \\. \\) \\-')).toBe(
      '\\ ` _ [ ] < > | ~ # + = . ) -',
    );
    expect(unescapeMarkdown('\\*', '#')).toBe('#');
    expect(unescapeMarkdown('\\*')).toBe('*');
    expect(unescapeMarkdown('\\a')).toBe('\\a');
  });
});
