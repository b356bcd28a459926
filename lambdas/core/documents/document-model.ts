/**
 * A printable document as data: the packet letter, an appeal letter and a corrected-claim
 * instruction are all composed as a DocumentSpec by the pure domain and turned into PDF bytes by
 * one renderer (lambdas/adapters/pdf). Inline `**bold**` is allowed in text; asterisks that come
 * from a value (a user's or a payer's text) never form `**`: a zero-width space (which the
 * renderer drops) sits between two of them, so they print as they were written.
 */

/** Zero-width space: dropped by the renderer, it keeps two literal asterisks from reading as `**`. */
export const ASTERISK_BREAK = '\u200B';

/** Text from outside (a title, a name) printed literally: its asterisks never open or close bold. */
export function literalText(text: string): string {
  return text.replace(/\*(?=\*)/g, `*${ASTERISK_BREAK}`);
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][]; widths?: number[] }
  | { kind: 'keyValue'; rows: Array<[string, string]> }
  | { kind: 'signature'; lines: string[] }
  | { kind: 'spacer' }
  | { kind: 'pageBreak' };

export interface Letterhead {
  name: string;
  lines: string[];
}

export interface EmbeddedFile {
  name: string;
  mimeType: string;
  description: string;
  content: Uint8Array;
}

export interface Enclosure {
  title: string;
  /** A PDF whose pages are appended after the letter. */
  pdf: Uint8Array;
}

export interface DocumentSpec {
  title: string;
  subject: string;
  author: string;
  keywords: string[];
  /** Fixed for deterministic bytes: the document's own date, not "now". */
  createdAt: Date;
  letterhead: Letterhead;
  blocks: Block[];
  /** Small text at the foot of every page, before "Page X of Y". */
  footer?: string;
  enclosures?: Enclosure[];
  attachments?: EmbeddedFile[];
}
