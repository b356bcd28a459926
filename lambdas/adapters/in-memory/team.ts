/**
 * In-memory twins of the team worklist's ports (core/team/store.ts): the notes of each case and the
 * digests sent (adapters/case-notes.ts on DynamoDB), and a mailer that keeps what it sent.
 */
import type { CaseNote } from '#core/team/notes.ts';
import type { CaseNotes, DigestLog, Mailer, MailMessage } from '#core/team/store.ts';
import { noteSk, notesStartSk, notesToken } from '../case-notes.ts';

export function inMemoryCaseNotes(): CaseNotes {
  // caseId → sort key → note, as the table keeps them.
  const byCase = new Map<string, Map<string, CaseNote>>();
  return {
    async put(note) {
      const notes = byCase.get(note.caseId) ?? new Map<string, CaseNote>();
      byCase.set(note.caseId, notes);
      const sk = noteSk(note);
      if (notes.has(sk)) return false;
      notes.set(sk, structuredClone(note));
      return true;
    },
    async list(caseId, page) {
      const startSk = notesStartSk(caseId, page.nextToken);
      const newestFirst = [...(byCase.get(caseId)?.entries() ?? [])]
        .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
        .filter(([sk]) => startSk === undefined || sk < startSk);
      const shown = newestFirst.slice(0, page.limit);
      const last = shown.at(-1)?.[0];
      // As DynamoDB: a full page has a next token, even when nothing follows it.
      const more = shown.length === page.limit && last !== undefined;
      return {
        items: shown.map(([, note]) => structuredClone(note)),
        nextToken: more ? notesToken(caseId, last) : null,
      };
    },
  };
}

export function inMemoryDigestLog(): DigestLog {
  const sent = new Set<string>();
  return {
    wasSent: async (day, userId) => sent.has(`${day}#${userId}`),
    markSent: async (day, userId) => {
      sent.add(`${day}#${userId}`);
    },
  };
}

export interface RecordingMailer extends Mailer {
  readonly sent: MailMessage[];
}

export function recordingMailer(): RecordingMailer {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(structuredClone(message));
      return { messageId: `mail-${sent.length}` };
    },
  };
}
