/**
 * The input limits of the contract (API.md part 2, "Limits"): every string has a maximum length
 * and attachments are bounded in count, size and pages, so no input can make a request, a
 * workflow step or a DynamoDB item (400 KB) grow without bound. A longer value is a 400 that
 * names the field; nothing is written.
 */
import * as z from 'zod';

export const LIMITS = {
  /** Codes and short enumerations as free text (stage, NPI-like ids, modifiers, CARC codes). */
  code: 64,
  /** Names, ids, titles, citations' short fields. */
  name: 200,
  /** A citation or a short description (one paragraph). */
  line: 2_000,
  /** Free-text notes (a payer's note, an urgency reason). */
  text: 20_000,
  /** Items of a list field (agents, combination, history entries, evidence, ICD-10 codes…). */
  listItems: 50,
  attachments: 20,
  attachmentBytes: 25 * 1024 * 1024,
  attachmentPages: 1_000,
} as const;

/** The base64 length of the largest attachment (4 characters per 3 bytes, padded). */
export const MAX_ATTACHMENT_BASE64 = Math.ceil(LIMITS.attachmentBytes / 3) * 4;

/** A code: 64 characters at most. */
export const codeString = () => z.string().max(LIMITS.code);
/** A name or an id: 200 characters at most. */
export const nameString = () => z.string().max(LIMITS.name);
/** A citation or one-paragraph description: 2,000 characters at most. */
export const lineString = () => z.string().max(LIMITS.line);
/** A free-text note: 20,000 characters at most. */
export const noteString = () => z.string().max(LIMITS.text);
