import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { parseInlineBold, renderPdf } from '#adapters/pdf/render.ts';
import { ASTERISK_BREAK, type Block } from '#core/documents/document-model.ts';
import { escapeMarkdown, markdownToBlocks } from '#core/documents/markdown-blocks.ts';

/** What the renderer prints for a block's text: the runs joined (zero-width spaces dropped), and whether any is bold. */
function printed(text: string): { text: string; bold: boolean } {
  const runs = parseInlineBold(text);
  return {
    text: runs.map((r) => r.text.replaceAll(ASTERISK_BREAK, '')).join(''),
    bold: runs.some((r) => r.bold),
  };
}

function texts(blocks: Block[]): string[] {
  return blocks.flatMap((b) => {
    if (b.kind === 'paragraph' || b.kind === 'heading') return [b.text];
    if (b.kind === 'list') return b.items;
    if (b.kind === 'table') return b.rows.flat();
    if (b.kind === 'keyValue') return b.rows.map(([, v]) => v);
    return [];
  });
}

/** The value in each place a template puts one: a paragraph, a list item, a table cell, a keyvalue line. */
const places: Array<[string, (v: string) => string]> = [
  ['paragraph', (v) => `Contact: ${v}\n`],
  ['line start', (v) => `${v}\n`],
  ['list item', (v) => `- ${v}\n`],
  ['table cell', (v) => `| Field | Value |\n| --- | --- |\n| note | ${v} |\n`],
  ['keyvalue', (v) => `\`\`\`keyvalue\nNote: ${v}\n\`\`\`\n`],
];

const hostile = [
  '_W123_',
  '**bold**',
  '*a* and __b__',
  '`code` ~~gone~~',
  '[link](http://x) ![img](y)',
  '<b>html</b> <!-- pagebreak -->',
  '# heading',
  '- list',
  '+ plus',
  '1. one',
  '2) two',
  '| a | b |',
  'back\\slash \\*',
  '> quote',
  '&amp; &lt;',
  '***',
  '---',
  '===',
  '-x and +y',
];

describe('user text prints literally wherever a template puts it', () => {
  it.each(places.flatMap(([place, wrap]) => hostile.map((value) => [place, value, wrap] as const)))(
    '%s: %s',
    (_place, value, wrap) => {
      // Act
      const out = texts(markdownToBlocks(wrap(escapeMarkdown(value)))).map(printed);
      // Assess
      expect(out.filter((o) => o.text.includes(value.trim()))).toHaveLength(1);
      expect(out.some((o) => o.bold)).toBe(false);
    },
  );

  it('keeps the bold that a template writes itself around an escaped value', () => {
    const [block] = markdownToBlocks(`**Member:** ${escapeMarkdown('**x**')}`);
    const runs = parseInlineBold(block?.kind === 'paragraph' ? block.text : '');
    expect(runs.map((r) => ({ ...r, text: r.text.replaceAll(ASTERISK_BREAK, '') }))).toEqual([
      { text: 'Member:', bold: true },
      { text: ' **x**', bold: false },
    ]);
  });

  it.each([
    ['64 KB of _a', '_a'.repeat(32 * 1024)],
    ['64 KB of *a', '*a'.repeat(32 * 1024)],
    ['64 KB of [a', '[a'.repeat(32 * 1024)],
  ])('prints %s unchanged (the lexing time is in bench/, linear)', (_name, value) => {
    const out = texts(markdownToBlocks(`Contact: ${escapeMarkdown(value)}\n`)).map(printed);
    expect(out).toEqual([{ text: `Contact: ${value}`, bold: false }]);
  });
});

describe('the rendered PDF', () => {
  it('prints a value with ** and _ as written (the asterisks kept, not read as bold)', async () => {
    // Prepare
    const [paragraph] = markdownToBlocks(`Contact: ${escapeMarkdown('**Dr _W123_**')}`);
    const spec = {
      title: 'Letter',
      subject: 'test',
      author: 'test',
      keywords: [],
      createdAt: new Date('2026-11-30T10:00:00Z'),
      letterhead: { name: 'Clinic', lines: [] },
      blocks: paragraph ? [paragraph] : [],
    };
    // Act
    const pdf = await renderPdf(spec);
    const parser = new PDFParse({ data: pdf.slice() });
    const text = (await parser.getText()).text;
    await parser.destroy();
    // Assess
    expect(text).toContain('Contact: **Dr _W123_**');
  });
});
