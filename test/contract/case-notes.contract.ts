/**
 * The CaseNotes and DigestLog contracts, run against DynamoDB Local
 * (test/integration/port-contracts.test.ts) and the in-memory twins
 * (test/unit/use-cases/port-contracts.test.ts): a note is stored once, a case's notes come back
 * newest first a page at a time and never another case's, a foreign token is a 400 naming
 * nextToken; a digest marked sent stays sent for its day and person only.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors.ts';
import type { CaseNote } from '#core/team/notes.ts';
import type { CaseNotes, DigestLog } from '#core/team/store.ts';
import { uniqueCaseId } from './case-fixture.ts';
import { freshEach } from './fresh-each.ts';

const note = (caseId: string, n: number, at = `2026-12-01T07:00:0${n}.000Z`): CaseNote => ({
  noteId: `note_${String(n).padStart(3, '0')}`,
  caseId,
  text: `note ${n}`,
  author: { type: 'user', id: 'usr_a', name: 'Avery Staff' },
  at,
});

async function allPages(store: CaseNotes, caseId: string, limit: number) {
  const pages: CaseNote[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.list(caseId, { limit, ...(nextToken ? { nextToken } : {}) });
    pages.push(page.items);
    nextToken = page.nextToken ?? undefined;
  } while (nextToken && pages.length < 20);
  return pages;
}

export function caseNotesContract(name: string, make: () => Promise<CaseNotes>): void {
  describe(`CaseNotes contract: ${name}`, () => {
    const store = freshEach(make);

    it('stores a note once and reads it back as stored', async () => {
      const caseId = uniqueCaseId();
      expect(await store.put(note(caseId, 1))).toBe(true);
      expect(await store.put({ ...note(caseId, 1), text: 'changed' })).toBe(false);
      expect((await store.list(caseId, { limit: 10 })).items).toEqual([note(caseId, 1)]);
    });

    it('answers a case without notes with an empty page', async () => {
      expect(await store.list(uniqueCaseId(), { limit: 10 })).toEqual({ items: [], nextToken: null });
    });

    it('lists newest first, a page at a time, each note once, and only the case own', async () => {
      const caseId = uniqueCaseId();
      const other = uniqueCaseId();
      for (const n of [3, 1, 5, 2, 4]) await store.put(note(caseId, n));
      await store.put(note(other, 9));
      const pages = await allPages(store, caseId, 2);
      expect(pages.slice(0, 3).map((p) => p.map((n) => n.text))).toEqual([
        ['note 5', 'note 4'],
        ['note 3', 'note 2'],
        ['note 1'],
      ]);
      expect(pages.flat()).toHaveLength(5);
    });

    it('keeps two notes of the same millisecond apart, by their ids', async () => {
      const caseId = uniqueCaseId();
      const at = '2026-12-01T07:00:00.000Z';
      await store.put(note(caseId, 1, at));
      await store.put(note(caseId, 2, at));
      expect((await store.list(caseId, { limit: 10 })).items.map((n) => n.noteId)).toEqual([
        'note_002',
        'note_001',
      ]);
    });

    it.each([
      ['not base64 JSON', '%%%'],
      ['another case token', 'OTHER'],
    ])('refuses a token that is %s, naming nextToken', async (_name, kind) => {
      const caseId = uniqueCaseId();
      const other = uniqueCaseId();
      for (const n of [1, 2, 3]) await store.put(note(other, n));
      const foreign = (await store.list(other, { limit: 1 })).nextToken as string;
      const nextToken = kind === 'OTHER' ? foreign : kind;
      const refusal = await store.list(caseId, { limit: 1, nextToken }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ValidationError);
      expect((refusal as ValidationError).errors[0]?.path).toBe('nextToken');
    });
  });
}

export function digestLogContract(name: string, make: () => Promise<DigestLog>): void {
  describe(`DigestLog contract: ${name}`, () => {
    const log = freshEach(make);

    it('remembers a digest sent for its day and person only', async () => {
      const userId = `usr_${uniqueCaseId()}`;
      expect(await log.wasSent('2026-12-01', userId)).toBe(false);
      await log.markSent('2026-12-01', userId, '2026-12-01T07:00:00.000Z');
      expect(await log.wasSent('2026-12-01', userId)).toBe(true);
      expect(await log.wasSent('2026-12-02', userId)).toBe(false);
      expect(await log.wasSent('2026-12-01', `${userId}_other`)).toBe(false);
    });
  });
}
