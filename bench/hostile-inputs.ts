/**
 * Hostile inputs to the pure parts, timed (issue 11): Markdown metacharacters through the
 * template escaping and marked's lexer at 64 KB and 200 KB (linear: 200 KB costs about 3x
 * 64 KB, not 10x), and the PDF pre-check on page bombs. Standalone:
 * `node --import tsx bench/hostile-inputs.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pdfPrecheck } from '#adapters/pdf/precheck.ts';
import { escapeMarkdown, markdownToBlocks } from '#core/documents/markdown-blocks.ts';
import { pageBomb, sharedTreeBomb } from '../test/unit/support/hostile-pdfs.ts';

function timed(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return Math.round((performance.now() - t) * 10) / 10;
}

const rows: Array<[string, string, number]> = [];
for (const unit of ['_a', '*a', '[a', '`a', '<a', '~a', '|a', '#a', '![']) {
  for (const kb of [64, 200]) {
    const value = unit.repeat((kb * 1024) / 2);
    rows.push([
      `markdown ${JSON.stringify(unit)}`,
      `${kb} KB`,
      timed(() => markdownToBlocks(`Note: ${escapeMarkdown(value)}\n`)),
    ]);
  }
}
for (const pages of [20_000, 100_000]) {
  const bomb = pageBomb(pages);
  rows.push([
    'pdf pre-check, page bomb',
    `${pages} pages (${Math.round(bomb.length / 1024)} KB)`,
    timed(() => pdfPrecheck(bomb)),
  ]);
}
rows.push(['pdf pre-check, shared tree', '2^30 pages', timed(() => pdfPrecheck(sharedTreeBomb(30)))]);
console.log('| input | size | ms |\n| --- | --- | --- |');
for (const [input, size, ms] of rows) console.log(`| ${input} | ${size} | ${ms} |`);
