/** One renderer per kind of block of the document model (tables in tables.ts). */
import type { Block } from '#core/documents/document-model.ts';
import type { Context } from './page-flow.ts';
import {
  BODY_LEADING,
  BODY_SIZE,
  COLOR,
  CONTENT_WIDTH,
  HEADING_STYLE,
  MARGIN_X,
  PAGE_WIDTH,
} from './style.ts';
import { renderTable } from './tables.ts';
import { type Line, textWidth, wrap } from './text.ts';

function renderHeading(ctx: Context, block: Extract<Block, { kind: 'heading' }>): void {
  const style = HEADING_STYLE[block.level];
  const lines = wrap(block.text, ctx.fonts, style.size, CONTENT_WIDTH, ctx.sanitize, true);
  const leading = style.size * 1.3;
  // Drawn when the next block asks for room, on the page where that block's first lines go.
  ctx.flow.keepWithNext(style.before + lines.length * leading + style.after, () => {
    ctx.flow.skip(style.before);
    for (const line of lines) {
      ctx.flow.drawLine(
        line,
        MARGIN_X,
        ctx.flow.y - style.size,
        style.size,
        block.level === 3 ? COLOR.ink : COLOR.accent,
      );
      ctx.flow.y -= leading;
    }
    if (block.level === 2) ctx.flow.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, ctx.flow.y + 1.5, 0.5);
    ctx.flow.y -= style.after;
  });
}

function renderLines(ctx: Context, lines: Line[], x: number, size: number, leading: number): void {
  // No single orphan line at the foot of a page.
  ctx.flow.ensure(Math.min(lines.length, 2) * leading);
  for (const line of lines) {
    ctx.flow.ensure(leading);
    ctx.flow.drawLine(line, x, ctx.flow.y - size, size);
    ctx.flow.y -= leading;
  }
}

function renderParagraph(ctx: Context, block: Extract<Block, { kind: 'paragraph' }>): void {
  const lines = wrap(block.text, ctx.fonts, BODY_SIZE, CONTENT_WIDTH, ctx.sanitize);
  renderLines(ctx, lines, MARGIN_X, BODY_SIZE, BODY_LEADING);
  ctx.flow.y -= 6;
}

function renderList(ctx: Context, block: Extract<Block, { kind: 'list' }>): void {
  const markers = block.items.map((_, i) => (block.ordered ? `${i + 1}.` : '\u2022'));
  const markerWidth = Math.max(...markers.map((m) => textWidth(ctx.fonts.regular, m, BODY_SIZE)), 0);
  const indent = 12;
  const textX = MARGIN_X + indent + markerWidth + 6;
  const textWidthAvailable = PAGE_WIDTH - MARGIN_X - textX;
  block.items.forEach((item, i) => {
    const lines = wrap(item, ctx.fonts, BODY_SIZE, textWidthAvailable, ctx.sanitize);
    ctx.flow.ensure(Math.min(lines.length, 2) * BODY_LEADING);
    const marker = markers[i] ?? '';
    const markerX = MARGIN_X + indent + markerWidth - textWidth(ctx.fonts.regular, marker, BODY_SIZE);
    ctx.flow.drawText(marker, markerX, ctx.flow.y - BODY_SIZE, BODY_SIZE, ctx.fonts.regular);
    renderLines(ctx, lines, textX, BODY_SIZE, BODY_LEADING);
    ctx.flow.y -= 2;
  });
  ctx.flow.y -= 5;
}

function renderKeyValue(ctx: Context, block: Extract<Block, { kind: 'keyValue' }>): void {
  const keyWidth = Math.min(
    Math.max(0, ...block.rows.map(([key]) => textWidth(ctx.fonts.bold, ctx.sanitize(key), BODY_SIZE))) + 14,
    CONTENT_WIDTH * 0.36,
  );
  const valueX = MARGIN_X + keyWidth;
  // No single row left alone at the foot of a page (under its heading).
  ctx.flow.ensure(Math.min(block.rows.length, 2) * (BODY_LEADING + 1.5));
  for (const [key, value] of block.rows) {
    const keyLines = wrap(key, ctx.fonts, BODY_SIZE, keyWidth - 10, ctx.sanitize, true);
    const valueLines = wrap(value, ctx.fonts, BODY_SIZE, CONTENT_WIDTH - keyWidth, ctx.sanitize);
    const count = Math.max(keyLines.length, valueLines.length);
    ctx.flow.ensure(Math.min(count, 3) * (BODY_LEADING - 0.6));
    for (let i = 0; i < count; i++) {
      ctx.flow.ensure(BODY_LEADING);
      const baseline = ctx.flow.y - BODY_SIZE;
      const keyLine = keyLines[i];
      const valueLine = valueLines[i];
      if (keyLine) ctx.flow.drawLine(keyLine, MARGIN_X, baseline, BODY_SIZE, COLOR.muted);
      if (valueLine) ctx.flow.drawLine(valueLine, valueX, baseline, BODY_SIZE);
      ctx.flow.y -= BODY_LEADING - 0.6;
    }
    ctx.flow.y -= 1.5;
  }
  ctx.flow.y -= 6;
}

function renderSignature(ctx: Context, block: Extract<Block, { kind: 'signature' }>): void {
  const width = 230;
  const lines = block.lines.flatMap((text, i) =>
    wrap(text, ctx.fonts, BODY_SIZE, CONTENT_WIDTH, ctx.sanitize, i === 0),
  );
  ctx.flow.ensure(40 + lines.length * BODY_LEADING);
  ctx.flow.y -= 36;
  ctx.flow.rule(MARGIN_X, MARGIN_X + width, ctx.flow.y, 0.8, COLOR.ink);
  ctx.flow.y -= 4;
  for (const line of lines) {
    ctx.flow.ensure(BODY_LEADING);
    ctx.flow.drawLine(line, MARGIN_X, ctx.flow.y - BODY_SIZE, BODY_SIZE);
    ctx.flow.y -= BODY_LEADING;
  }
  ctx.flow.y -= 8;
}

type BlockRenderers = { [K in Block['kind']]: (ctx: Context, block: Extract<Block, { kind: K }>) => void };

const RENDERERS: BlockRenderers = {
  heading: renderHeading,
  paragraph: renderParagraph,
  list: renderList,
  table: renderTable,
  keyValue: renderKeyValue,
  signature: renderSignature,
  spacer: (ctx) => ctx.flow.skip(BODY_LEADING),
  pageBreak: (ctx) => ctx.flow.breakPage(),
};

export function renderBlock(ctx: Context, block: Block): void {
  (RENDERERS[block.kind] as (ctx: Context, block: Block) => void)(ctx, block);
}
