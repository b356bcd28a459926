/**
 * The letter templates' edges (core/documents/templates.ts, markdown-blocks.ts): what a broken
 * template set says (no template, a parse error, an unknown partial, an unknown helper called with
 * arguments, a hash or as a subexpression, an unknown template at render, a field missing at
 * render, each with its file and line, lines of two digits too); letter dates from a Date, an
 * escaped value, text that only contains a date; values escaped where they would open a list; and
 * literal asterisks, list items, key-value rows and comments as blocks.
 */
import { describe, expect, it } from 'vitest';
import { ASTERISK_BREAK } from '#core/documents/document-model.ts';
import { escapeMarkdown } from '#core/documents/markdown-blocks.ts';
import { compileTemplates, formatLetterDate, markdownToBlocks } from '#core/documents/templates.ts';
import { keyValueBlocks } from '../support/blocks.ts';
import { itMaps } from '../support/maps.ts';

const compile = (files: Record<string, string>) =>
  compileTemplates(Object.entries(files).map(([path, source]) => ({ path, source })));

function refusal(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a TemplateError, nothing was thrown');
}

const HELPERS =
  'if, unless, each, with, lookup, log, blockHelperMissing, helperMissing, formatDate, join, eq, ne, or, and, not, formatNumber, inc, plural, thousands, counted';
const TEN_LINES = 'line\n'.repeat(10);

describe('a broken template set', () => {
  it('has no template', () => {
    expect(refusal(() => compile({ 'notes.txt': 'x' }))).toMatchObject({
      name: 'TemplateError',
      message: 'no .md.hbs templates in templates',
    });
  });

  it('names the file and line of a parse error, its first line only', () => {
    // Act
    const error = refusal(() => compile({ 'a.md.hbs': `${TEN_LINES}one\n{{#if x}}\ntwo` }));

    // Assess
    expect(error.message).toBe('templates/a.md.hbs line 13: Parse error on line 13:');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('names an unknown partial and the partials there are', () => {
    expect(
      refusal(() => compile({ 'a.md.hbs': 'one\n\n{{> nope}}', 'partials/p.md.hbs': 'p' })).message,
    ).toBe('templates/a.md.hbs line 3: unknown partial "nope" (partials: p)');
  });

  it('names an unknown block partial, listing every partial', () => {
    expect(
      refusal(() =>
        compile({
          'a.md.hbs': 'x\n{{#> nope}}y{{/nope}}',
          'partials/p.md.hbs': 'p',
          'partials/q.md.hbs': 'q',
        }),
      ).message,
    ).toBe('templates/a.md.hbs line 2: unknown partial "nope" (partials: p, q)');
  });

  it.each([
    ['arguments', 'one\n{{shout x}}', 2],
    ['a hash', '{{shout loud=true}}', 1],
    ['a subexpression', '{{#each (shout x)}}y{{/each}}', 1],
    ['a block with arguments', '{{#shout x}}y{{/shout}}', 1],
  ])('names an unknown helper called with %s, and the helpers there are', (_, source, line) => {
    expect(refusal(() => compile({ 'a.md.hbs': source })).message).toBe(
      `templates/a.md.hbs line ${line}: unknown helper "shout" (helpers: ${HELPERS})`,
    );
  });

  it('takes a plain field and a block without arguments as fields, not helpers', () => {
    expect(compile({ 'a.md.hbs': '{{name}} {{#items}}i{{/items}}' }).names).toEqual(['a']);
  });
});

describe('rendering', () => {
  const set = () => compile({ 'a.md.hbs': `${TEN_LINES}{{name}}\n{{missing}}`, 'b.md.hbs': 'b' });

  it('names the templates there are when asked for another', () => {
    expect(refusal(() => set().renderMarkdown('zz', {})).message).toBe(
      'no template "zz" in templates (have: a, b)',
    );
  });

  it('names the template and the line of a field the view lacks', () => {
    // Act
    const error = refusal(() => set().renderMarkdown('a', { name: 'n' }));

    // Assess
    expect(error.message).toMatch(/^templates\/a\.md\.hbs line 12: "missing" not defined in .+ - 12:\d+$/);
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('formatLetterDate', () => {
  itMaps('writes %j as %j', formatLetterDate, [
    [new Date('2026-08-10T12:00:00Z'), 'August 10, 2026'],
    ['2026\\-08\\-10', 'August 10, 2026'],
    ['2026-08-10T23:00:00-05:00', 'August 10, 2026'],
    ['on 2026-08-10', 'on 2026-08-10'],
  ]);
});

describe('escapeMarkdown', () => {
  itMaps('escapes %j as %j: only what would open a line as a list', escapeMarkdown, [
    ['item 1. done', 'item 1. done'],
    ['  - x', '  \\- x'],
    ['1.', '1\\.'],
    ['12) y', '12\\) y'],
    ['a\r\n\r\n b', 'a b'],
  ]);
});

describe('markdownToBlocks edges', () => {
  it('prints literal asterisks with a break from any asterisk next to them', () => {
    expect(markdownToBlocks('x \\*\\*y and **b**\\* end')).toEqual([
      { kind: 'paragraph', text: `x *${ASTERISK_BREAK}*y and **b**${ASTERISK_BREAK}* end` },
    ]);
  });

  it('reads list items with literal asterisks and bold, leaving out an empty item', () => {
    expect(markdownToBlocks('- a \\* b\n- **c** d\n-   \n')).toEqual([
      { kind: 'list', ordered: false, items: ['a * b', '**c** d'] },
    ]);
  });

  it('splits a key-value row at its first colon, a row without one as a label', () => {
    expect(markdownToBlocks('```keyvalue\nName: Dana: R\nNo colon\n```')).toEqual(
      keyValueBlocks(['Name', 'Dana: R'], ['No colon', '']),
    );
  });

  it('reads a key-value row that opens with its colon as a value without a label, labels trimmed', () => {
    expect(markdownToBlocks('```keyvalue\n: value only\nName :  x\n```')).toEqual(
      keyValueBlocks(['', 'value only'], ['Name', 'x']),
    );
  });

  it.each(['>\n', '-\n-\n'])('gives no block for an empty quote or list (%j)', (markdown) => {
    expect(markdownToBlocks(markdown)).toEqual([]);
  });

  it('reads the comments with any spacing', () => {
    expect(
      markdownToBlocks(
        '<!--   widths:  3   2  -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<!--pagebreak-->\n\n<!--spacer-->',
      ),
    ).toEqual([
      { kind: 'table', header: ['a', 'b'], rows: [['1', '2']], widths: [3, 2] },
      { kind: 'pageBreak' },
      { kind: 'spacer' },
    ]);
  });
});
