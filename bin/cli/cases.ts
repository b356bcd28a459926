/** Reading a case through the API: fetch it, wait for a status, find its newest appeal document. */
import type { toCaseView } from '#core/case/case-record.ts';
import { type Appeal, CASE_STATUSES } from '#core/model.ts';
import type { Connection } from './config.ts';
import { CliError, EXIT } from './errors.ts';
import { call } from './http.ts';

/** The case as `GET /v1/prior-auths/{caseId}` returns it (JSON of toCaseView). */
export type CaseView = ReturnType<typeof toCaseView>;

/** Statuses where submission stopped and needs a person: waiting for SUBMITTED is pointless. */
export const STUCK: ReadonlySet<string> = new Set(['NEEDS_INFO', 'SUBMISSION_FAILED']);

/** Statuses that mean the payer has the request: SUBMITTED and every later one. */
export const POST_SUBMIT: ReadonlySet<string> = new Set(
  CASE_STATUSES.slice(CASE_STATUSES.indexOf('SUBMITTED')).filter((s) => !STUCK.has(s)),
);

/** Submission is over: the payer has the request, or it stopped. */
export const submittedOrStuck = (c: CaseView): boolean => POST_SUBMIT.has(c.status) || STUCK.has(c.status);

export async function getCase(conn: Connection, caseId: string): Promise<CaseView> {
  return (await call(conn, 'GET', `/v1/prior-auths/${encodeURIComponent(caseId)}`)).body;
}

export async function waitForCase(
  conn: Connection,
  caseId: string,
  done: (c: CaseView) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<CaseView> {
  const until = Date.now() + timeoutMs;
  let last: CaseView | undefined;
  while (Date.now() < until) {
    last = await getCase(conn, caseId);
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new CliError(
    `case ${caseId} did not reach ${what} within ${timeoutMs / 1000} s (status ${last?.status})`,
    EXIT.unavailable,
  );
}

/** The newest appeal of a case that has a document. */
export function newestAppealDocument(
  c: Pick<CaseView, 'appeals'>,
): (Appeal & { documentId: string }) | undefined {
  const withDocs = (c.appeals ?? []).filter((a): a is Appeal & { documentId: string } =>
    Boolean(a.documentId),
  );
  withDocs.sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')));
  return withDocs[0];
}
