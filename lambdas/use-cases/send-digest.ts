/**
 * The daily digest (issue 13): to each person, the cases assigned to them whose deadline falls
 * within 3 and within 14 days. Once per person per day: a second run of the same day sends
 * nothing new. The mail carries ids, statuses, deadlines and links only (core/team/digest.ts).
 *
 * Primary course:
 * 1. The day and the horizon (14 days on) by the product clock.
 * 2. Every person; those whose digest of the day went out already are skipped.
 * 3. Their cases due before the horizon (the worklist's byAssignee index, in their organization).
 * 4. The digest; nothing due: no mail.
 * 5. Send it, then record it sent (a crash between the two sends it again, never loses it).
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import type { Ports } from '#core/ports.ts';
import { composeDigest, digestDay, digestHorizon } from '#core/team/digest.ts';

type DigestPorts = Pick<Ports, 'identity' | 'cases' | 'digests' | 'mailer' | 'clock' | 'log'>;

export interface DigestRun {
  day: string;
  sent: Array<{ userId: string; soon: string[]; later: string[] }>;
  /** People whose digest of the day went out already. */
  alreadySent: number;
  /** People whose digest could not be sent (tried again on the next run). */
  failed: number;
}

async function assignedCasesDueBy(
  ports: DigestPorts,
  organizationId: string,
  assigneeId: string,
  dueBefore: string,
): Promise<CaseRecord[]> {
  const cases: CaseRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ports.cases.queryWorklist({
      organizationId,
      assigneeId,
      dueBefore,
      limit: 100,
      ...(nextToken ? { nextToken } : {}),
    });
    cases.push(...page.items);
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
  return cases;
}

export async function sendDailyDigests(ports: DigestPorts, appUrl: string): Promise<DigestRun> {
  // 1. The day.
  const now = ports.clock.now();
  const day = digestDay(now);
  const run: DigestRun = { day, sent: [], alreadySent: 0, failed: 0 };
  // 2. Every person.
  for (const user of await ports.identity.listUsers()) {
    if (await ports.digests.wasSent(day, user.userId)) {
      run.alreadySent += 1;
      continue;
    }
    try {
      // 3. Their cases.
      const cases = await assignedCasesDueBy(ports, user.organizationId, user.userId, digestHorizon(now));
      // 4. The digest.
      const digest = composeDigest(user, cases, now, appUrl);
      if (!digest) continue;
      // 5. Send, then record.
      await ports.mailer.send({ to: digest.to, subject: digest.subject, text: digest.text });
      await ports.digests.markSent(day, user.userId, now.toISOString());
      const ids = (items: typeof digest.soon) => items.map((i) => i.caseId);
      run.sent.push({ userId: user.userId, soon: ids(digest.soon), later: ids(digest.later) });
      ports.log.info('digest sent', {
        userId: user.userId,
        day,
        cases: digest.soon.length + digest.later.length,
      });
    } catch (error) {
      run.failed += 1;
      ports.log.error('digest failed', {
        userId: user.userId,
        day,
        error: error instanceof Error ? error.name : 'Error',
      });
    }
  }
  return run;
}
