/**
 * Issue 11's smaller workflow findings through the use cases and in-memory ports: our own
 * throttling leaves a submission to the sweep, the sweep's submission re-drive stops at its cap,
 * the remedy step respects the status model, overlapping denials both get a remedy.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SUBMISSION_ATTEMPTS } from '#core/case/sweep-plan.ts';
import { STUCK_FLAG } from '#core/case/workflow-failure.ts';
import { composeRemedy } from '#use-cases/compose-remedy.ts';
import { markSubmissionFailed } from '#use-cases/submit-to-payer.ts';
import { sweep } from '#use-cases/sweep.ts';
import { CASE_ID, EVENT_ID, givenEvent, payerEvent, submittedCase } from '../support/payer-case.ts';
import { deniedCase, givenCase, historyOf, world } from './support.ts';

describe('markSubmissionFailed after our own throttling', () => {
  it('leaves the case PACKET_READY for the sweep, which submits it again', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase({ status: 'PACKET_READY', submission: null }));
    const throttled = { Error: 'ThrottledError', Cause: '{"errorMessage":"too many requests in flight"}' };

    // Act
    const result = await markSubmissionFailed(CASE_ID, throttled, w);
    w.clock.set('2026-12-01T00:00:00.000Z');
    const summary = await sweep({ redriveAll: false, redriveAfterMs: 60_000 }, w);

    // Assess
    expect(result).toEqual({ caseId: CASE_ID, status: 'PACKET_READY' });
    expect((await historyOf(w, CASE_ID)).at(0)).toBe('prior_auth.submission_deferred');
    expect(summary.redrivenCases).toBe(1);
    expect(w.workflows.starts.at(-1)).toMatchObject({ workflow: 'SubmitPriorAuth' });
  });
});

describe('the sweep re-driving a submission', () => {
  it('stops at the attempt cap and flags the case STUCK once', async () => {
    // Prepare
    const w = world();
    await givenCase(
      w,
      submittedCase({
        status: 'PACKET_READY',
        submission: null,
        flags: [],
        workflow: {
          name: 'SubmitPriorAuth',
          step: 'AssemblePacket',
          startedAt: '2026-11-18T09:00:00.000Z',
          attempts: 1,
        },
      }),
    );
    const options = { redriveAll: true, redriveAfterMs: 0 };

    // Act: more sweeps than attempts.
    const summaries = [];
    for (let i = 0; i < MAX_SUBMISSION_ATTEMPTS + 2; i++) summaries.push(await sweep(options, w));

    // Assess
    const record = await w.cases.requireCase(CASE_ID);
    expect(summaries.reduce((n, s) => n + s.redrivenCases, 0)).toBe(MAX_SUBMISSION_ATTEMPTS - 1);
    expect(w.workflows.starts.filter((s) => s.workflow === 'SubmitPriorAuth')).toHaveLength(
      MAX_SUBMISSION_ATTEMPTS - 1,
    );
    expect(record.flags).toEqual([STUCK_FLAG]);
    expect((await historyOf(w, CASE_ID)).filter((e) => e === 'workflow.redrive_exhausted')).toHaveLength(1);
  });
});

describe('composeRemedy and the status model', () => {
  it('records the remedy on a case closed meanwhile without reopening it as APPEAL_READY', async () => {
    // Prepare
    const w = world();
    w.clock.set('2026-11-21T09:00:00.000Z');
    await deniedCase(w, { status: 'CLOSED' });
    await givenEvent(w, payerEvent());

    // Act
    await composeRemedy(CASE_ID, EVENT_ID, w);

    // Assess
    const record = await w.cases.requireCase(CASE_ID);
    expect(record.status).toBe('CLOSED');
    expect(record.pendingRemedyEventId).toBeNull();
    expect(record.appeals).toHaveLength(1);
  });

  it('composes the remedy of each of two overlapping denials, the second after the first', async () => {
    // Prepare: two denials owed on one case.
    const w = world();
    w.clock.set('2026-11-21T09:00:00.000Z');
    const second = 'evt_00000000000000000000000000000002';
    await deniedCase(w, { queuedRemedyEventIds: [second] });
    await givenEvent(w, payerEvent());
    await givenEvent(w, payerEvent(), second);

    // Act: the second's remedy first, then the first's.
    await composeRemedy(CASE_ID, second, w);
    const afterSecond = await w.cases.requireCase(CASE_ID);
    await composeRemedy(CASE_ID, EVENT_ID, w);

    // Assess
    const record = await w.cases.requireCase(CASE_ID);
    expect(afterSecond.pendingRemedyEventId).toBe(EVENT_ID);
    expect(afterSecond.queuedRemedyEventIds).toEqual([]);
    expect(record.appeals.map((a) => a.eventId).sort()).toEqual([EVENT_ID, second]);
    expect(record.pendingRemedyEventId).toBeNull();
  });
});
