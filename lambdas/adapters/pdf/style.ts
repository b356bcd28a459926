/** The page and type of every generated document: US Letter, Helvetica, one accent colour. */
import { rgb } from 'pdf-lib';

export const PAGE_WIDTH = 612;
export const PAGE_HEIGHT = 792;
export const MARGIN_X = 62;
export const MARGIN_TOP = 54;
/** Lowest baseline the flow may use; the footer lives below it. */
export const CONTENT_BOTTOM = 70;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

export const BODY_SIZE = 10;
export const BODY_LEADING = 13.6;
export const TABLE_SIZE = 8.8;
export const TABLE_LEADING = 11.4;
export const CELL_PAD_X = 4.5;
export const CELL_PAD_Y = 3.5;
export const FOOTER_SIZE = 7.5;

export const COLOR = {
  ink: rgb(0.11, 0.11, 0.12),
  accent: rgb(0.1, 0.22, 0.4),
  muted: rgb(0.38, 0.4, 0.44),
  rule: rgb(0.72, 0.75, 0.8),
  headerFill: rgb(0.9, 0.92, 0.95),
};

export const HEADING_STYLE = {
  1: { size: 14.5, before: 6, after: 7 },
  2: { size: 11.5, before: 11, after: 6 },
  3: { size: 10, before: 8, after: 3 },
} as const;
