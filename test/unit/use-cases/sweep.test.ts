import { describe, expect, it } from 'vitest';
import { createCase } from '#core/case/create-case.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { submitToPayer } from '#use-cases/submit-to-payer.ts';
import { sweep } from '#use-cases/sweep.ts';
import { payerEvent } from '../../contract/case-fixture.ts';
import { exampleRequest, givenCase, historyOf, NOW, PAYER, type World, world } from './support.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const options = { redriveAll: false, redriveAfterMs: 5 * MINUTE };

const received = async (w: World) =>
  (await receivePriorAuth({ caller: OPERATOR, request: exampleRequest(), rawBody: '{}' }, w)).caseId;

describe('sweep', () => {
  it('re-drives SubmitPriorAuth for a case stuck before the payer, not for one that just moved', async () => {
    // Prepare
    const w = world();
    const stuck = await received(w);
    w.clock.advance(10 * MINUTE);
    const fresh = await received(w);
    w.clock.advance(MINUTE);

    // Act
    const summary = await sweep(options, w);

    // Assess
    expect(summary).toEqual({ redrivenCases: 1, redrivenEvents: 0, flagged: 0 });
    expect(w.workflows.starts.slice(2)).toEqual([
      { workflow: 'SubmitPriorAuth', name: `${stuck}-r2`, input: { caseId: stuck } },
    ]);
    const record = await w.cases.requireCase(stuck);
    expect(record.workflow).toMatchObject({ attempts: 2, startedAt: w.clock.now().toISOString() });
    expect(await historyOf(w, stuck)).toEqual(['prior_auth.received', 'workflow.redriven']);
    expect(await historyOf(w, fresh)).toEqual(['prior_auth.received']);
  });

  it('re-drives everything in flight at a local start, whatever its age', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w);

    // Act
    const summary = await sweep({ ...options, redriveAll: true }, w);

    // Assess
    expect(summary.redrivenCases).toBe(1);
    expect(w.workflows.starts.at(-1)?.name).toBe(`${caseId}-r2`);
  });

  it('re-drives a stored payer event not yet applied, and a denial whose remedy is owed', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w);
    await w.cases.storeEventOnce({
      eventId: 'evt_1',
      payerId: PAYER.id,
      webhookId: 'wh_1',
      caseId,
      channel: 'webhook',
      receivedAt: NOW,
      event: payerEvent(caseId, { outcome: 'denied', authorizationNumber: null, approvedUnits: null }),
      raw: '{}',
    });
    const denied = createCase({
      organizationId: 'default',
      caseId: 'pa_denied',
      request: exampleRequest(),
      attachments: [],
      payer: PAYER,
      at: NOW,
    });
    await givenCase(w, { ...denied.record, status: 'DENIED', pendingRemedyEventId: 'evt_0' });
    await w.cases.updateCase(caseId, (c) => ({
      next: { ...c, status: 'SUBMITTED', submission: null },
      history: [],
    }));
    w.clock.advance(10 * MINUTE);
    const now = w.clock.now().getTime();

    // Act
    const summary = await sweep(options, w);

    // Assess
    expect(summary).toEqual({ redrivenCases: 0, redrivenEvents: 2, flagged: 0 });
    expect(w.workflows.starts.slice(1)).toEqual([
      { workflow: 'HandlePayerEvent', name: `evt_1-r${now}`, input: { caseId, eventId: 'evt_1' } },
      {
        workflow: 'HandlePayerEvent',
        name: `evt_0-r${now}`,
        input: { caseId: 'pa_denied', eventId: 'evt_0' },
      },
    ]);
  });

  it('flags an overdue payer decision once, with its history entry', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w);
    await assemblePacket(caseId, w);
    await submitToPayer(caseId, w);
    const due = (await w.cases.requireCase(caseId)).deadlines.payerDecisionDueAt ?? '';
    w.clock.set(new Date(Date.parse(due) + MINUTE));

    // Act
    const first = await sweep(options, w);
    const second = await sweep(options, w);

    // Assess
    expect(first.flagged).toBe(1);
    expect(second.flagged).toBe(0);
    expect((await w.cases.requireCase(caseId)).flags).toEqual(['DECISION_OVERDUE']);
    const history = (await w.cases.getCaseWithChildren(caseId))?.history ?? [];
    expect(history.filter((h) => h.event === 'deadline.decision_overdue')).toEqual([
      expect.objectContaining({ source: 'sweep', detail: `payer decision was due ${due}` }),
    ]);
  });

  it('flags the appeal ready to send that is due first, within 3 days, naming its deadline', async () => {
    // Prepare
    const w = world();
    const base = {
      remedy: 'appeal',
      subject: 'prior_auth',
      level: 1,
      documentId: null,
      createdAt: NOW,
    } as const;
    const made = createCase({
      organizationId: 'default',
      caseId: 'pa_appeal',
      request: exampleRequest(),
      attachments: [],
      payer: PAYER,
      at: NOW,
    });
    await givenCase(w, {
      ...made.record,
      status: 'APPEAL_READY',
      deadlines: { payerDecisionDueAt: null, appealDueAt: '2026-04-30T00:00:00.000Z' },
      appeals: [
        { ...base, appealId: 'apl_late', status: 'APPEAL_READY', dueAt: '2026-03-20T00:00:00.000Z' },
        { ...base, appealId: 'apl_first', status: 'APPEAL_READY', dueAt: '2026-03-04T00:00:00.000Z' },
        { ...base, appealId: 'apl_done', status: 'APPEAL_APPROVED', dueAt: '2026-03-03T00:00:00.000Z' },
      ],
    });

    // Act
    const summary = await sweep(options, w);

    // Assess
    expect(summary.flagged).toBe(1);
    expect((await w.cases.requireCase('pa_appeal')).flags).toEqual(['APPEAL_DUE_3D']);
    const history = (await w.cases.getCaseWithChildren('pa_appeal'))?.history ?? [];
    expect(history).toEqual([
      expect.objectContaining({
        event: 'deadline.appeal_due_3d',
        detail: 'appeal due 2026-03-04T00:00:00.000Z',
      }),
    ]);
  });

  it('does not flag a decision that is not due yet', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w);
    await assemblePacket(caseId, w);
    await submitToPayer(caseId, w);
    w.clock.advance(DAY / 2);

    // Act
    const summary = await sweep(options, w);

    // Assess
    expect(summary.flagged).toBe(0);
    expect((await w.cases.requireCase(caseId)).flags).toEqual([]);
  });

  it('goes on past a re-drive that fails, logging ids only', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w);
    w.clock.advance(10 * MINUTE);
    w.workflows.failWith(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));

    // Act
    const summary = await sweep(options, w);

    // Assess
    expect(summary.redrivenCases).toBe(0);
    expect(w.log.lines.at(-1)).toEqual({
      level: 'warn',
      message: 're-drive failed',
      attributes: { caseId, errorName: 'ServiceUnavailable' },
    });
  });
});
