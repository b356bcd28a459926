/**
 * The team worklist through the running stack (issue 13): cases assigned to people of their
 * organization (another organization's user refused, naming userId), the worklist filtered by
 * assignee, notes with their author and time (newest first; an over-long note refused, nothing
 * written), and the daily digest: one .eml file per person in the data dir's outbox with that
 * person's cases due within 3 and 14 days, ids and links only (no patient name), once a day; and
 * the next day, after the digest hour, the sweep sending the day's digests by itself.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_PAYERS_FILE, e2eSecret, exampleRequest, requestFor } from '../support/examples.ts';
import { StackClient } from '../support/http-client.ts';
import { withStackProcess } from '../support/local-stack.ts';
import { machineClient } from '../support/machine-client.ts';

const START_MS = 240_000;
const WAIT_MS = 120_000;
// Before the digest hour (07 UTC): no sweep sends a digest; POST /v1/digests sends it now.
const CLOCK = '2026-12-01T05:00:00Z';
const ORG = 'org-team-e2e';

function outboxMails(dataDir: string): Array<{ file: string; text: string; mode: number }> {
  const dir = join(dataDir, 'outbox');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  return files.sort().map((file) => ({
    file,
    text: readFileSync(join(dir, file), 'utf8'),
    mode: statSync(join(dir, file)).mode & 0o777,
  }));
}

describe('team worklist', () => {
  it('assigns, filters by assignee, keeps notes and mails each person their deadlines once a day', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-team-'));
    const env = { PA_PAYERS_FILE: E2E_PAYERS_FILE, PA_SWEEP_INTERVAL_MS: '600000', PA_CLOCK: CLOCK };
    await withStackProcess({ dataDir, env, timeoutMs: START_MS }, async (stack) => {
      // Prepare: an organization, two people in it, one elsewhere, and three submitted cases.
      const admin = new StackClient(stack.url, stack.token, { secretFor: e2eSecret });
      expect(
        (await admin.api('POST', '/v1/organizations', { body: { id: ORG, name: 'Team Oncology' } })).status,
      ).toBe(201);
      const person = async (name: string, organizationId = ORG) => {
        const email = `${name.toLowerCase()}@team.example.org`;
        const made = await admin.api('POST', '/v1/users', {
          body: { email, name, organizationId, roles: ['staff'] },
        });
        expect(made.status).toBe(201);
        return { userId: (made.body as { userId: string }).userId, email };
      };
      const avery = await person('Avery');
      const blake = await person('Blake');
      const outsider = await person('Casey', 'default');
      const submitTo = async (payerId: string) => {
        const caseId = await admin.submit(
          requestFor(payerId, (r) => Object.assign(r, { organizationId: ORG })),
        );
        await admin.waitForCase(caseId, (c) => c.status === 'SUBMITTED', WAIT_MS);
        return caseId;
      };
      // Payer decision clocks: MA standard 72 h (within 3 days), Medicaid 14 days, commercial 15 days.
      const dueSoon = await submitTo('manual-ma');
      const dueLater = await submitTo('manual-medicaid');
      const dueBeyond = await submitTo('manual-commercial');

      // Act + Assess: assignment.
      const assign = (caseId: string, userId: string | null) =>
        admin.api('POST', `/v1/prior-auths/${caseId}/assignee`, { body: { userId } });
      const assigned = await assign(dueSoon, avery.userId);
      expect(assigned.status).toBe(200);
      expect(assigned.body).toMatchObject({ caseId: dueSoon, assigneeId: avery.userId });
      expect((await assign(dueBeyond, avery.userId)).status).toBe(200);
      expect((await assign(dueLater, blake.userId)).status).toBe(200);
      const refused = await assign(dueLater, outsider.userId);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['userId']);
      const view = await admin.getCase(dueLater);
      expect(view.assigneeId).toBe(blake.userId);
      expect(view.history.filter((h: { event: string }) => h.event === 'case.assigned')).toHaveLength(1);
      expect(view.history.at(-1).detail).toBe(`assigned to ${blake.userId} by operator operator`);

      // The worklist by assignee (and an unassignment taking a case off it).
      const averys = await admin.worklist(`organizationId=${ORG}&assigneeId=${avery.userId}`);
      expect(averys.map((c) => c.caseId).sort()).toEqual([dueSoon, dueBeyond].sort());
      expect(averys.every((c) => c.assigneeId === avery.userId)).toBe(true);
      const users = await admin.api('GET', `/v1/users?organizationId=${ORG}`);
      expect(users.body.items.map((u: { name: string }) => u.name)).toEqual(['Avery', 'Blake']);

      // Notes: a client of the organization writes one, the operator another; newest first.
      const { clientId, api: asBridge } = await machineClient(admin, ORG, ['staff']);
      const first = await asBridge.api('POST', `/v1/prior-auths/${dueSoon}/notes`, {
        body: { text: 'Called the plan: reviewer assigned.' },
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        caseId: dueSoon,
        text: 'Called the plan: reviewer assigned.',
        author: { type: 'client', id: clientId },
        at: expect.stringMatching(/^2026-12-01T05:/),
      });
      await admin.api('POST', `/v1/prior-auths/${dueSoon}/notes`, {
        body: { text: 'Faxed the pathology report.' },
      });
      const tooLong = await admin.api('POST', `/v1/prior-auths/${dueSoon}/notes`, {
        body: { text: 'x'.repeat(20_001) },
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.errors[0].path).toBe('text');
      const notes = await asBridge.api('GET', `/v1/prior-auths/${dueSoon}/notes`);
      expect(notes.body.items.map((n: { text: string }) => n.text)).toEqual([
        'Faxed the pathology report.',
        'Called the plan: reviewer assigned.',
      ]);
      expect(notes.body.items[0].author).toEqual({ type: 'operator', id: 'operator' });

      // The digest: one mail per person, their cases in their windows, no patient data.
      const run = await admin.api('POST', '/v1/digests');
      expect(run.status).toBe(200);
      expect(run.body.sent).toEqual(
        expect.arrayContaining([
          { userId: avery.userId, soon: [dueSoon], later: [] },
          { userId: blake.userId, soon: [], later: [dueLater] },
        ]),
      );
      const mails = outboxMails(dataDir);
      expect(mails).toHaveLength(2);
      const mailTo = (email: string) => mails.find((m) => m.text.includes(`\r\nTo: ${email}\r\n`));
      const toAvery = mailTo(avery.email)?.text ?? '';
      const toBlake = mailTo(blake.email)?.text ?? '';
      expect(toAvery).toContain(dueSoon);
      expect(toAvery).toContain(`${stack.url}/app#/cases/${dueSoon}`);
      expect(toAvery).not.toContain(dueBeyond);
      expect(toBlake).toContain(dueLater);
      expect(toBlake).not.toContain(dueSoon);
      const { patient, coverage } = exampleRequest;
      for (const { text, mode } of mails) {
        expect(mode).toBe(0o600);
        expect(text).toMatch(/^From: .+\r\nTo: .+\r\nSubject: Deadlines 2026-12-01: /);
        for (const phi of [
          patient.familyName,
          patient.givenName,
          patient.id,
          coverage.memberId,
          'Called the plan',
        ])
          expect(text).not.toContain(phi);
      }

      // Once a day: a second run sends nothing new.
      const again = await admin.api('POST', '/v1/digests');
      expect(again.body).toMatchObject({ sent: [], alreadySent: 2 });
      expect(outboxMails(dataDir)).toHaveLength(2);
    });

    // The next day after the digest hour: the sweep (its run at start) sends the day's digests.
    const nextDayEnv = { ...env, PA_CLOCK: '2026-12-02T08:00:00Z' };
    await withStackProcess({ dataDir, env: nextDayEnv, timeoutMs: START_MS }, async () => {
      const until = Date.now() + WAIT_MS;
      while (outboxMails(dataDir).length < 4 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 500));
      const second = outboxMails(dataDir).filter((m) => m.text.includes('Subject: Deadlines 2026-12-02:'));
      expect(second).toHaveLength(2);
    });
  }, 900_000);
});
