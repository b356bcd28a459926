/**
 * The team worklist's use cases through the in-memory ports (issue 13): assignment within the
 * case's organization, notes with author and time behind the tenancy check, the people of an
 * organization, and the daily digest once per person per day.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '#adapters/in-memory/index.ts';
import type { RecordingMailer } from '#adapters/in-memory/team.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { OPERATOR, type Principal } from '#core/identity/claims.ts';
import type { UserRecord } from '#core/identity/records.ts';
import { sendDailyDigests } from '#use-cases/send-digest.ts';
import { addNote, assignCaseTo, listNotes, listTeam } from '#use-cases/team.ts';
import { newCase } from '../../contract/case-fixture.ts';
import { type World, world } from './support.ts';

const ORG = 'org-riverside';
const user = (userId: string, name: string, organizationId = ORG): UserRecord => ({
  userId,
  email: `${userId}@example.org`,
  name,
  organizationId,
  roles: ['staff'],
  createdAt: '2026-11-30T10:00:00.000Z',
});
const AVERY = user('usr_avery', 'Avery Staff');
const BLAKE = user('usr_blake', 'Blake Staff');
const OUTSIDER = user('usr_out', 'Other Org', 'org-lakeside');
const asUser = (u: UserRecord): Principal => ({
  actorType: 'user',
  actorId: u.userId,
  organizationId: u.organizationId,
  roles: u.roles,
});

async function teamWorld(now = '2026-12-01T07:00:00.000Z') {
  const w = world();
  w.clock = fixedClock(now);
  for (const u of [AVERY, BLAKE, OUTSIDER]) await w.identity.putUser(u);
  return w;
}

async function storedCase(w: World, overrides: Partial<CaseRecord> = {}): Promise<CaseRecord> {
  const { record, history } = newCase({ organizationId: ORG, ...overrides });
  await w.cases.createCase(record, history);
  return record;
}

describe('assignCaseTo', () => {
  it('assigns a user of the case organization and records who assigned whom', async () => {
    const w = await teamWorld();
    const record = await storedCase(w);
    const assigned = await assignCaseTo(record.caseId, { userId: BLAKE.userId }, asUser(AVERY), w);
    expect(assigned.assigneeId).toBe(BLAKE.userId);
    const stored = await w.cases.getCaseWithChildren(record.caseId);
    expect(stored?.history.at(-1)).toMatchObject({
      event: 'case.assigned',
      detail: 'assigned to usr_blake by user usr_avery',
    });
  });

  it.each([
    ['an unknown user', 'usr_nobody'],
    ['a user of another organization', OUTSIDER.userId],
  ])('refuses %s naming userId, and writes nothing', async (_name, userId) => {
    const w = await teamWorld();
    const record = await storedCase(w);
    const refusal = await assignCaseTo(record.caseId, { userId }, OPERATOR, w).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).errors[0]?.path).toBe('userId');
    expect((await w.cases.getCase(record.caseId))?.version).toBe(record.version);
  });

  it('unassigns', async () => {
    const w = await teamWorld();
    const record = await storedCase(w, { assigneeId: AVERY.userId });
    const unassigned = await assignCaseTo(record.caseId, { userId: null }, asUser(AVERY), w);
    expect(unassigned.assigneeId).toBeUndefined();
  });

  it("answers another organization's case as not found", async () => {
    const w = await teamWorld();
    const record = await storedCase(w);
    const refusal = assignCaseTo(record.caseId, { userId: null }, asUser(OUTSIDER), w);
    await expect(refusal).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('notes', () => {
  it('writes a note with its author (named) and time, listed newest first', async () => {
    const w = await teamWorld();
    const record = await storedCase(w);
    const first = await addNote(record.caseId, { text: 'called the payer' }, asUser(AVERY), w);
    w.clock = fixedClock('2026-12-01T08:00:00.000Z');
    const second = await addNote(record.caseId, { text: 'faxed the notes' }, OPERATOR, w);
    expect(first).toMatchObject({
      caseId: record.caseId,
      author: { type: 'user', id: AVERY.userId, name: AVERY.name },
      at: '2026-12-01T07:00:00.000Z',
    });
    expect(second.author).toEqual({ type: 'operator', id: 'operator' });
    const page = await listNotes(record.caseId, { limit: 10 }, asUser(BLAKE), w);
    expect(page.items.map((n) => n.text)).toEqual(['faxed the notes', 'called the payer']);
  });

  it("refuses another organization's case, reading and writing, as not found", async () => {
    const w = await teamWorld();
    const record = await storedCase(w);
    await expect(addNote(record.caseId, { text: 'x' }, asUser(OUTSIDER), w)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(listNotes(record.caseId, { limit: 10 }, asUser(OUTSIDER), w)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('refuses a case that does not exist', async () => {
    const w = await teamWorld();
    await expect(addNote('pa_missing', { text: 'x' }, OPERATOR, w)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('listTeam', () => {
  it("lists the caller's organization by name, never another's", async () => {
    const w = await teamWorld();
    const team = await listTeam(asUser(BLAKE), undefined, w);
    expect(team.map((m) => m.userId)).toEqual([AVERY.userId, BLAKE.userId]);
    expect(team[0]).toEqual({ userId: AVERY.userId, name: AVERY.name, email: AVERY.email, roles: ['staff'] });
    await expect(listTeam(asUser(BLAKE), 'org-lakeside', w)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('sendDailyDigests', () => {
  const DAY = 86_400_000;
  const due = (offsetMs: number) => new Date(Date.parse('2026-12-01T07:00:00.000Z') + offsetMs).toISOString();
  const submitted = (assigneeId: string, dueAt: string): Partial<CaseRecord> => ({
    status: 'SUBMITTED',
    assigneeId,
    deadlines: { payerDecisionDueAt: dueAt, appealDueAt: null },
  });

  it('mails each person their cases due within 3 and 14 days, once a day', async () => {
    const w = await teamWorld();
    const soon = await storedCase(w, submitted(AVERY.userId, due(2 * DAY)));
    const later = await storedCase(w, submitted(AVERY.userId, due(14 * DAY)));
    await storedCase(w, submitted(AVERY.userId, due(15 * DAY)));
    const blakes = await storedCase(w, submitted(BLAKE.userId, due(DAY)));
    const run = await sendDailyDigests(w, 'http://app');
    expect(run.sent).toEqual([
      { userId: AVERY.userId, soon: [soon.caseId], later: [later.caseId] },
      { userId: BLAKE.userId, soon: [blakes.caseId], later: [] },
    ]);
    const mails = (w.mailer as RecordingMailer).sent;
    expect(mails.map((m) => m.to)).toEqual([AVERY.email, BLAKE.email]);
    expect(mails[0]?.text).not.toContain(soon.request.patient.familyName);
    const again = await sendDailyDigests(w, 'http://app');
    expect(again).toMatchObject({ sent: [], alreadySent: 2 });
    expect(mails).toHaveLength(2);
    w.clock = fixedClock('2026-12-02T07:00:00.000Z');
    expect((await sendDailyDigests(w, 'http://app')).sent).toHaveLength(2);
  });

  it('sends nothing to a person with nothing due, and tries a failed send again on the next run', async () => {
    const w = await teamWorld();
    await storedCase(w, submitted(AVERY.userId, due(DAY)));
    const send = w.mailer.send;
    w.mailer.send = async () => {
      throw new Error('SES down');
    };
    expect(await sendDailyDigests(w, 'http://app')).toMatchObject({ sent: [], failed: 1 });
    w.mailer.send = send;
    const run = await sendDailyDigests(w, 'http://app');
    expect(run.sent.map((s) => s.userId)).toEqual([AVERY.userId]);
    expect(run.failed).toBe(0);
  });
});
