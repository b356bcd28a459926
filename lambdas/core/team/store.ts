/**
 * The ports of the team worklist (Ports.notes, Ports.digests, Ports.mailer in ../ports.ts): a case's
 * notes (DynamoDB: adapters/case-notes.ts), which daily digests went out (adapters/digest-log.ts), and
 * the mail they go by (adapters/mail/: .eml files in a local outbox, or SES). In-memory twins in
 * adapters/in-memory/team.ts.
 */
import type { CaseNote, NotesPage } from './notes.ts';

export interface CaseNotes {
  /** Stores a note once (by caseId and noteId); false when it is stored already. */
  put(note: CaseNote): Promise<boolean>;
  /** The case's notes, newest first. @throws ValidationError naming nextToken for a token it did not give */
  list(caseId: string, page: { limit: number; nextToken?: string | undefined }): Promise<NotesPage>;
}

export interface DigestLog {
  /** True when the person's digest of that day went out already. */
  wasSent(day: string, userId: string): Promise<boolean>;
  /** Records that it went out (after the send: a crash between sends it again, never loses it). */
  markSent(day: string, userId: string, at: string): Promise<void>;
}

/** One plain-text mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Sends the mail; answers the message id the transport gave. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}
