/**
 * The daily digest of a person's deadlines (issue 13): the cases assigned to them whose deadline
 * (the worklist's due date: the payer's decision, the appeal, the authorization's end) falls within
 * 3 days, and within 14 days. Mail leaves the system: a digest carries case ids, statuses, deadlines
 * and links only. No patient name, member id, diagnosis or note ever goes into it.
 */
import { type CaseRecord, worklistDueAt } from '../case/case-record.ts';
import type { CaseStatus } from '../model.ts';

const DAY_MS = 86_400_000;

/** The two windows, in days from now: due within `soon`, and within `later` (after `soon`). */
export const DIGEST_WINDOWS = { soon: 3, later: 14 } as const;

export type DeadlineKind = 'decision' | 'appeal' | 'authorization_end';

export interface DigestItem {
  caseId: string;
  status: CaseStatus;
  deadline: DeadlineKind;
  dueAt: string;
  link: string;
}

/** Whom a digest goes to: a user's id and e-mail address (no name, which the mail does not need). */
export interface DigestRecipient {
  userId: string;
  email: string;
}

export interface Digest {
  to: string;
  userId: string;
  /** The product clock's day (UTC) the digest is for: one digest per person per day. */
  day: string;
  soon: DigestItem[];
  later: DigestItem[];
  subject: string;
  text: string;
}

/** The day (UTC, YYYY-MM-DD) of an instant: what makes a digest once a day. */
export const digestDay = (now: Date): string => now.toISOString().slice(0, 10);

/** The worklist query's dueBefore (exclusive): 1 ms after the 14-day window ends, so its last instant is in. */
export const digestHorizon = (now: Date): string =>
  new Date(now.getTime() + DIGEST_WINDOWS.later * DAY_MS + 1).toISOString();

/** The UTC hour from which a scheduled run sends the day's digests (PA_DIGEST_HOUR_UTC overrides it). */
export const DIGEST_HOUR_UTC = 7;

/** True once the product clock's day has reached the digest hour: a scheduled run sends then. */
export const digestDue = (now: Date, hourUtc: number = DIGEST_HOUR_UTC): boolean =>
  now.getUTCHours() >= hourUtc;

/** Which deadline the worklist's due date is, by the case's status. */
export function deadlineKind(status: CaseStatus): DeadlineKind {
  if (status === 'APPROVED' || status === 'PARTIALLY_APPROVED') return 'authorization_end';
  if (status === 'DENIED' || status === 'APPEAL_READY' || status === 'APPEAL_DENIED') return 'appeal';
  return 'decision';
}

const LABELS: Record<DeadlineKind, string> = {
  decision: 'payer decision due',
  appeal: 'appeal due',
  authorization_end: 'authorization ends',
};

function lines(title: string, items: DigestItem[]): string[] {
  if (items.length === 0) return [`${title}: none`, ''];
  return [
    `${title}:`,
    ...items.map((i) => `- ${i.caseId}  ${i.status}  ${LABELS[i.deadline]} ${i.dueAt}  ${i.link}`),
    '',
  ];
}

/**
 * The digest of one person from the cases assigned to them, or null when nothing is due within 14
 * days (no mail then). A deadline already past is not in either window; one exactly 3 days away is
 * in the first, one exactly 14 days away in the second.
 */
export function composeDigest(
  recipient: DigestRecipient,
  cases: readonly CaseRecord[],
  now: Date,
  appUrl: string,
): Digest | null {
  const start = now.getTime();
  const soonEnd = start + DIGEST_WINDOWS.soon * DAY_MS;
  const laterEnd = start + DIGEST_WINDOWS.later * DAY_MS;
  const soon: DigestItem[] = [];
  const later: DigestItem[] = [];
  for (const record of cases) {
    if (record.assigneeId !== recipient.userId) continue;
    const dueAt = worklistDueAt(record);
    const due = dueAt ? Date.parse(dueAt) : Number.NaN;
    if (!dueAt || !(due >= start && due <= laterEnd)) continue;
    const item: DigestItem = {
      caseId: record.caseId,
      status: record.status,
      deadline: deadlineKind(record.status),
      dueAt,
      link: `${appUrl}#/cases/${encodeURIComponent(record.caseId)}`,
    };
    (due <= soonEnd ? soon : later).push(item);
  }
  if (soon.length + later.length === 0) return null;
  const byDue = (a: DigestItem, b: DigestItem) =>
    a.dueAt.localeCompare(b.dueAt) || a.caseId.localeCompare(b.caseId);
  soon.sort(byDue);
  later.sort(byDue);
  const day = digestDay(now);
  const text = [
    `Prior-authorization deadlines for ${day} (cases assigned to you).`,
    '',
    ...lines(`Due within ${DIGEST_WINDOWS.soon} days`, soon),
    ...lines(`Due within ${DIGEST_WINDOWS.later} days`, later),
    'Open a case through its link; this mail carries ids only, never patient data.',
  ].join('\n');
  return {
    to: recipient.email,
    userId: recipient.userId,
    day,
    soon,
    later,
    subject: `Deadlines ${day}: ${soon.length} within ${DIGEST_WINDOWS.soon} days, ${later.length} within ${DIGEST_WINDOWS.later} days`,
    text,
  };
}
