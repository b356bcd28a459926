/**
 * A printable document as data: the packet letter, an appeal letter and a corrected-claim
 * instruction are all composed as a DocumentSpec by the pure domain and turned into PDF bytes by
 * one renderer (lambdas/adapters/pdf). Inline `**bold**` is allowed in text.
 */
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
