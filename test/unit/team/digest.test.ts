/**
 * The daily digest's windows (issue 13): a deadline from now to 3 days ahead is "soon", after that
 * up to 14 days "later", anything past or further out is left out; only the recipient's cases count,
 * and the mail carries ids, statuses, deadlines and links, never the patient's name.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#core/case/case-record.ts';
import { composeDigest, deadlineKind, digestDay, digestDue, digestHorizon } from '#core/team/digest.ts';
import { newCase } from '../../contract/case-fixture.ts';

const NOW = new Date('2026-12-01T07:00:00.000Z');
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();
const ME = { userId: 'usr_me', email: 'me@example.org' };
const APP = 'http://127.0.0.1:3000/app';

function submittedDue(dueAt: string, overrides: Partial<CaseRecord> = {}): CaseRecord {
  const { record } = newCase({ status: 'SUBMITTED', assigneeId: 'usr_me', ...overrides });
  return { ...record, deadlines: { payerDecisionDueAt: dueAt, appealDueAt: null } };
}

describe('composeDigest windows', () => {
  it.each([
    ['due now', 0, 'soon'],
    ['due in 3 days exactly', 3 * DAY, 'soon'],
    ['due 1 ms after 3 days', 3 * DAY + 1, 'later'],
    ['due in 14 days exactly', 14 * DAY, 'later'],
    ['due 1 ms after 14 days', 14 * DAY + 1, 'none'],
    ['due 1 ms ago', -1, 'none'],
  ])('%s: %s', (_name, offset, expected) => {
    // Prepare
    const record = submittedDue(at(offset));
    // Act
    const digest = composeDigest(ME, [record], NOW, APP);
    // Assess
    if (expected === 'none') expect(digest).toBeNull();
    else {
      expect(digest?.soon.map((i) => i.caseId)).toEqual(expected === 'soon' ? [record.caseId] : []);
      expect(digest?.later.map((i) => i.caseId)).toEqual(expected === 'later' ? [record.caseId] : []);
    }
  });

  it('leaves out cases assigned to someone else or to nobody', () => {
    const mine = submittedDue(at(DAY));
    const theirs = submittedDue(at(DAY), { assigneeId: 'usr_other' });
    const nobodys = submittedDue(at(DAY), { assigneeId: undefined });
    const digest = composeDigest(ME, [mine, theirs, nobodys], NOW, APP);
    expect(digest?.soon.map((i) => i.caseId)).toEqual([mine.caseId]);
  });

  it('leaves out a case without a deadline', () => {
    const { record } = newCase({ status: 'CLOSED', assigneeId: 'usr_me' });
    expect(composeDigest(ME, [record], NOW, APP)).toBeNull();
  });

  it('orders each window by deadline and links every case to the web app', () => {
    const late = submittedDue(at(2 * DAY));
    const early = submittedDue(at(DAY));
    const digest = composeDigest(ME, [late, early], NOW, APP);
    expect(digest?.soon.map((i) => i.caseId)).toEqual([early.caseId, late.caseId]);
    expect(digest?.soon[0]).toMatchObject({
      status: 'SUBMITTED',
      deadline: 'decision',
      dueAt: at(DAY),
      link: `${APP}#/cases/${early.caseId}`,
    });
  });

  it('writes ids, statuses, deadlines and links, and no patient name or member id', () => {
    const record = submittedDue(at(DAY));
    const digest = composeDigest(ME, [record], NOW, APP);
    const mail = `${digest?.subject}\n${digest?.text}`;
    expect(digest).toMatchObject({ to: 'me@example.org', userId: 'usr_me', day: '2026-12-01' });
    expect(mail).toContain(record.caseId);
    expect(mail).toContain(at(DAY));
    expect(mail).toContain('SUBMITTED');
    expect(digest?.subject).toBe('Deadlines 2026-12-01: 1 within 3 days, 0 within 14 days');
    for (const phi of [
      record.request.patient.familyName,
      record.request.patient.givenName,
      record.request.patient.id,
      record.request.coverage.memberId,
    ])
      expect(mail).not.toContain(phi);
  });
});

describe('deadlineKind', () => {
  it.each([
    ['SUBMITTED', 'decision'],
    ['PENDED', 'decision'],
    ['DENIED', 'appeal'],
    ['APPEAL_READY', 'appeal'],
    ['APPEAL_DENIED', 'appeal'],
    ['APPROVED', 'authorization_end'],
    ['PARTIALLY_APPROVED', 'authorization_end'],
  ] as const)('%s → %s', (status, kind) => {
    expect(deadlineKind(status)).toBe(kind);
  });
});

describe('digest day and horizon', () => {
  it('is the UTC day of the product clock, and the query horizon just after 14 days on (dueBefore is exclusive)', () => {
    expect(digestDay(new Date('2026-12-01T23:59:59.999Z'))).toBe('2026-12-01');
    expect(digestDay(new Date('2026-12-02T00:00:00.000Z'))).toBe('2026-12-02');
    expect(digestHorizon(NOW)).toBe('2026-12-15T07:00:00.001Z');
  });
});

describe('digestDue', () => {
  it.each([
    ['06:59:59.999', 7, false],
    ['07:00:00.000', 7, true],
    ['23:59:59.999', 7, true],
    ['00:00:00.000', 0, true],
  ])('at %s UTC with the hour %i: %s', (time, hour, due) => {
    expect(digestDue(new Date(`2026-12-01T${time}Z`), hour)).toBe(due);
  });
  it('is due from 07:00 UTC by default', () => {
    expect(digestDue(new Date('2026-12-01T06:59:59.999Z'))).toBe(false);
    expect(digestDue(new Date('2026-12-01T07:00:00.000Z'))).toBe(true);
  });
});
