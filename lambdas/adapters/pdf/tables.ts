/** Tables: column widths from weights or content, header rows repeated after a page break. */
import type { Block } from '#core/documents/document-model.ts';
import type { Context } from './page-flow.ts';
import {
  CELL_PAD_X,
  CELL_PAD_Y,
  COLOR,
  CONTENT_WIDTH,
  MARGIN_X,
  PAGE_WIDTH,
  TABLE_LEADING,
  TABLE_SIZE,
} from './style.ts';
import { type Line, textWidth, wrap } from './text.ts';

/**
 * Column widths: the given weights, or the content's natural widths. Either way no column is
 * narrower than its longest word (when the table can afford it), so words do not break.
 */
function columnWidths(ctx: Context, block: Extract<Block, { kind: 'table' }>, columns: number): number[] {
  const natural = new Array<number>(columns).fill(0);
  const minimum = new Array<number>(columns).fill(0);
  const rows = [block.header, ...block.rows];
  rows.forEach((row, r) => {
    for (let c = 0; c < columns; c++) {
      const text = ctx.sanitize(row[c] ?? '').replaceAll('**', '');
      const font = r === 0 ? ctx.fonts.bold : ctx.fonts.regular;
      const full = textWidth(font, text.replace(/\s+/g, ' '), TABLE_SIZE) + 2 * CELL_PAD_X;
      const longestWord = Math.max(
        0,
        ...text.split(/\s+/).map((w) => textWidth(font, w, TABLE_SIZE) + 2 * CELL_PAD_X + 0.5),
      );
      natural[c] = Math.max(natural[c] ?? 0, full);
      minimum[c] = Math.max(minimum[c] ?? 0, Math.min(longestWord, CONTENT_WIDTH / 3));
    }
  });
  const minSum = minimum.reduce((a, b) => a + b, 0);
  if (minSum >= CONTENT_WIDTH) return minimum.map((w) => (w / minSum) * CONTENT_WIDTH);

  let proposed: number[];
  if (block.widths && block.widths.length === columns && block.widths.every((w) => w > 0)) {
    const sum = block.widths.reduce((a, b) => a + b, 0);
    proposed = block.widths.map((w) => (w / sum) * CONTENT_WIDTH);
  } else {
    const naturalSum = natural.reduce((a, b) => a + b, 0);
    if (naturalSum <= CONTENT_WIDTH) {
      return natural.map((w) => w + (CONTENT_WIDTH - naturalSum) * (w / naturalSum));
    }
    const slack = natural.map((w, i) => w - (minimum[i] ?? 0));
    const slackSum = slack.reduce((a, b) => a + b, 0);
    proposed = minimum.map((w, i) => w + ((slack[i] ?? 0) / slackSum) * (CONTENT_WIDTH - minSum));
  }
  // Raise columns below their minimum; take the difference from the others, pro rata.
  for (let pass = 0; pass < columns; pass++) {
    const short = proposed.map((w, i) => w < (minimum[i] ?? 0) - 0.01);
    if (!short.some(Boolean)) break;
    const fixed = minimum.reduce((sum, min, i) => sum + (short[i] ? min : 0), 0);
    const flexible = proposed.reduce((sum, w, i) => sum + (short[i] ? 0 : w), 0);
    proposed = proposed.map((w, i) =>
      short[i] ? (minimum[i] ?? 0) : (w / flexible) * (CONTENT_WIDTH - fixed),
    );
  }
  return proposed;
}

export function renderTable(ctx: Context, block: Extract<Block, { kind: 'table' }>): void {
  const columns = Math.max(block.header.length, ...block.rows.map((r) => r.length));
  if (columns === 0) return;
  const widths = columnWidths(ctx, block, columns);
  const xs = widths.reduce<number[]>((acc, _width, i) => {
    acc.push(i === 0 ? MARGIN_X : (acc[i - 1] ?? MARGIN_X) + (widths[i - 1] ?? 0));
    return acc;
  }, []);
  const layoutRow = (row: string[], bold: boolean) =>
    Array.from({ length: columns }, (_, c) =>
      wrap(row[c] ?? '', ctx.fonts, TABLE_SIZE, (widths[c] ?? 0) - 2 * CELL_PAD_X, ctx.sanitize, bold),
    );
  const header = block.header.length > 0 ? layoutRow(block.header, true) : null;
  const heightOf = (cells: Line[][]) =>
    Math.max(...cells.map((c) => c.length)) * TABLE_LEADING + 2 * CELL_PAD_Y;
  const headerHeight = header ? heightOf(header) : 0;

  const drawCells = (cells: Line[][], from: number, count: number, fill: boolean) => {
    const height = count * TABLE_LEADING + 2 * CELL_PAD_Y;
    const top = ctx.flow.y;
    if (fill) ctx.flow.rect(MARGIN_X, top - height, CONTENT_WIDTH, height);
    cells.forEach((lines, c) => {
      lines.slice(from, from + count).forEach((line, i) => {
        const baseline = top - CELL_PAD_Y - i * TABLE_LEADING - TABLE_SIZE;
        ctx.flow.drawLine(line, (xs[c] ?? MARGIN_X) + CELL_PAD_X, baseline, TABLE_SIZE);
      });
    });
    ctx.flow.y = top - height;
    ctx.flow.rule(
      MARGIN_X,
      PAGE_WIDTH - MARGIN_X,
      ctx.flow.y,
      fill ? 0.9 : 0.4,
      fill ? COLOR.muted : COLOR.rule,
    );
  };
  const drawHeader = () => {
    if (!header) return;
    ctx.flow.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, ctx.flow.y, 0.9, COLOR.muted);
    drawCells(header, 0, Math.max(...header.map((c) => c.length)), true);
  };

  const firstRowHeight = block.rows[0] ? heightOf(layoutRow(block.rows[0], false)) : 0;
  // The header with the first row, as the loop below places it: whole when it fits a fresh page.
  const firstRowRoom =
    firstRowHeight <= ctx.flow.fullPageHeight - headerHeight ? firstRowHeight : 4 * TABLE_LEADING;
  ctx.flow.ensure(headerHeight + firstRowRoom);
  drawHeader();
  for (const row of block.rows) {
    const cells = layoutRow(row, false);
    const lineCount = Math.max(...cells.map((c) => c.length));
    const height = lineCount * TABLE_LEADING + 2 * CELL_PAD_Y;
    const roomOnFreshPage = ctx.flow.fullPageHeight - headerHeight;
    if (height > ctx.flow.available && height <= roomOnFreshPage) {
      ctx.flow.newPage();
      drawHeader();
    }
    // A row taller than a page is split across pages line by line.
    let done = 0;
    let freshPage = false;
    while (done < lineCount) {
      const fit = Math.floor((ctx.flow.available - 2 * CELL_PAD_Y) / TABLE_LEADING);
      if (fit <= 0 && !freshPage) {
        ctx.flow.newPage();
        drawHeader();
        freshPage = true;
        continue;
      }
      // At least one line per page, even under a header taller than the page.
      const count = Math.min(Math.max(fit, 1), lineCount - done);
      freshPage = false;
      drawCells(cells, done, count, false);
      done += count;
    }
  }
  ctx.flow.y -= 10;
}
