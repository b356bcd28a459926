/**
 * Assignment and notes rules (issue 13): an assignee must be a user of the case's organization; the
 * history says who assigned whom (ids only); a note is 1 to 20,000 characters, with its author.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors.ts';
import { AssigneeInput, assignCase, requireAssignable } from '#core/team/assignment.ts';
import { NoteInput, writeNote } from '#core/team/notes.ts';
import { newCase } from '../../contract/case-fixture.ts';

const NOW = new Date('2026-12-01T07:00:00.000Z');
const STAFF = { actorType: 'user' as const, actorId: 'usr_lead' };

describe('requireAssignable', () => {
  const { record } = newCase({ organizationId: 'org-riverside' });

  it('accepts a user of the case organization', () => {
    const user = { userId: 'usr_a', organizationId: 'org-riverside' };
    expect(requireAssignable(record, 'usr_a', user)).toBe(user);
  });

  it.each([
    ['an unknown user', undefined],
    ['a user of another organization', { userId: 'usr_a', organizationId: 'org-lakeside' }],
  ])('refuses %s, naming userId', (_name, user) => {
    const refusal = (() => {
      try {
        requireAssignable(record, 'usr_a', user);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).errors).toEqual([
      { path: 'userId', message: "no user usr_a in the case's organization" },
    ]);
  });

  it('reads a case without an organization as the default one', () => {
    const { record: old } = newCase();
    expect(() =>
      requireAssignable(old, 'usr_a', { userId: 'usr_a', organizationId: 'default' }),
    ).not.toThrow();
  });
});

describe('assignCase', () => {
  it('assigns, recording who assigned whom', () => {
    const { record } = newCase();
    const change = assignCase(record, 'usr_a', STAFF, NOW);
    expect(change?.next.assigneeId).toBe('usr_a');
    expect(change?.next.updatedAt).toBe(NOW.toISOString());
    expect(change?.history).toEqual([
      {
        at: NOW.toISOString(),
        status: record.status,
        source: 'api',
        event: 'case.assigned',
        detail: 'assigned to usr_a by user usr_lead',
      },
    ]);
  });

  it('unassigns, leaving no assigneeId on the record', () => {
    const { record } = newCase({ assigneeId: 'usr_a' });
    const change = assignCase(record, null, STAFF, NOW);
    expect(change?.next).not.toHaveProperty('assigneeId');
    expect(change?.history[0]).toMatchObject({
      event: 'case.unassigned',
      detail: 'unassigned from usr_a by user usr_lead',
    });
  });

  it.each([
    ['the same assignee', 'usr_a', 'usr_a'],
    ['nobody, when nobody is assigned', undefined, null],
  ])('changes nothing for %s', (_name, current, next) => {
    const { record } = newCase(current ? { assigneeId: current } : {});
    expect(assignCase(record, next, STAFF, NOW)).toBeNull();
  });
});

describe('AssigneeInput', () => {
  it.each([{ userId: 'usr_abc' }, { userId: null }])('accepts %j', (body) => {
    expect(AssigneeInput.safeParse(body).success).toBe(true);
  });
  it.each([{}, { userId: 'abc' }, { userId: `usr_${'a'.repeat(197)}` }, { userId: 'usr_a', extra: 1 }])(
    'refuses %j',
    (body) => {
      expect(AssigneeInput.safeParse(body).success).toBe(false);
    },
  );
});

describe('NoteInput', () => {
  it.each([
    ['one character', 'x', true],
    ['20,000 characters', 'x'.repeat(20_000), true],
    ['20,001 characters', 'x'.repeat(20_001), false],
    ['an empty text', '', false],
    ['only spaces', '   ', false],
  ])('%s: %s', (_name, text, ok) => {
    const parsed = NoteInput.safeParse({ text });
    expect(parsed.success).toBe(ok);
    if (!ok) expect(parsed.error?.issues[0]?.path).toEqual(['text']);
  });

  it('keeps the text without its surrounding spaces', () => {
    expect(NoteInput.parse({ text: '  called the payer  ' }).text).toBe('called the payer');
  });
});

describe('writeNote', () => {
  it('carries its author (with a name when known) and time', () => {
    const note = writeNote('pa_1', { text: 'called the payer' }, STAFF, NOW, 'Lee Lead');
    expect(note).toMatchObject({
      caseId: 'pa_1',
      text: 'called the payer',
      author: { type: 'user', id: 'usr_lead', name: 'Lee Lead' },
      at: NOW.toISOString(),
    });
    expect(note.noteId).toMatch(/^note_[0-9a-z]{26}$/);
  });

  it('has no name for an author without one', () => {
    const note = writeNote('pa_1', { text: 't' }, { actorType: 'operator', actorId: 'operator' }, NOW);
    expect(note.author).toEqual({ type: 'operator', id: 'operator' });
  });
});
