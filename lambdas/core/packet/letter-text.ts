/**
 * Payer-facing text: what a letter may say. The case's findings and the reference data carry
 * notes for staff (a regimen or a diagnosis span marked "UNVERIFIED in the reference data", the
 * code of the finding behind a remedy such as "(HCPCS_MISMATCH)"); the API and the web app show
 * them, but a payer's reviewer never reads them. Every letter's blocks pass through here once,
 * so a new view or template cannot leak them.
 */
import type { Block } from '../documents/document-model.ts';

/** A staff note in parentheses: "(UNVERIFIED)", "(UNVERIFIED in the reference data)". */
const UNVERIFIED_NOTE = /\s*\(UNVERIFIED\b[^)]*\)/gi;
/** The code of a finding in parentheses: "(HCPCS_MISMATCH)", "(DURATION_EXCEEDS_LABEL)". */
const FINDING_CODE = /\s*\([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\)/g;

/** The text without the notes that are for staff only. */
export function payerFacingText(text: string): string {
  return text.replace(UNVERIFIED_NOTE, '').replace(FINDING_CODE, '');
}

/** The blocks of a letter with every text passed through payerFacingText. */
export function payerFacingBlocks(blocks: Block[]): Block[] {
  const t = payerFacingText;
  return blocks.map((block): Block => {
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        return { ...block, text: t(block.text) };
      case 'list':
        return { ...block, items: block.items.map(t) };
      case 'table':
        return { ...block, header: block.header.map(t), rows: block.rows.map((row) => row.map(t)) };
      case 'keyValue':
        return { ...block, rows: block.rows.map(([key, value]): [string, string] => [t(key), t(value)]) };
      case 'signature':
        return { ...block, lines: block.lines.map(t) };
      default:
        return block;
    }
  });
}
