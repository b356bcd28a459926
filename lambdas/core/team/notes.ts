/**
 * Notes on a case (issue 13, "A worklist for a team"): free text by a person or a client, with its
 * author and time, newest first. A note is patient data: it is read and written only through the
 * case's tenancy check, and its text never goes into logs, errors or the digest mail.
 */
import { ulid } from 'ulid';
import * as z from 'zod';
import { LIMITS } from '#schemas/limits.ts';
import type { ActorType, Principal } from '../identity/claims.ts';

/** The body of POST /v1/prior-auths/{caseId}/notes: 1 to 20,000 characters (API.md "Limits"). */
export const NoteInput = z.strictObject({
  text: z
    .string()
    .max(LIMITS.text, { error: `at most ${LIMITS.text} characters` })
    .trim()
    .min(1, { error: 'must not be empty' }),
});
export type NoteInput = z.infer<typeof NoteInput>;

export interface NoteAuthor {
  type: ActorType;
  id: string;
  /** A user's name, when the author is a user the identity store knows. */
  name?: string;
}

export interface CaseNote {
  noteId: string;
  caseId: string;
  text: string;
  author: NoteAuthor;
  at: string;
}

/** The notes of a case, newest first, a page at a time. */
export interface NotesPage {
  items: CaseNote[];
  nextToken: string | null;
}

export const NOTES_PAGE = { default: 25, max: 100 } as const;

/** A sortable, unguessable note id. */
export const newNoteId = (): string => `note_${ulid().toLowerCase()}`;

/** The note as written now by `caller` (a user's name when known). */
export function writeNote(
  caseId: string,
  input: NoteInput,
  caller: Pick<Principal, 'actorType' | 'actorId'>,
  at: Date,
  authorName?: string,
): CaseNote {
  const author: NoteAuthor = {
    type: caller.actorType,
    id: caller.actorId,
    ...(authorName ? { name: authorName } : {}),
  };
  return { noteId: newNoteId(), caseId, text: input.text, author, at: at.toISOString() };
}
