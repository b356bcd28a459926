import { describe, expect, it } from 'vitest';
import { STUCK_FLAG } from '#core/case/workflow-failure.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { recordWorkflowFailure } from '#use-cases/record-workflow-failure.ts';
import { exampleRequest, NOW, world } from './support.ts';

describe('recordWorkflowFailure', () => {
  it('appends the failure to the case history, status unchanged, and logs ids only', async () => {
    // Prepare
    const w = world();
    const { caseId } = await receivePriorAuth(
      { caller: OPERATOR, request: exampleRequest(), rawBody: '{}' },
      w,
    );
    const error = { Error: 'States.Timeout', Cause: 'task timed out' };

    // Act
    const result = await recordWorkflowFailure(caseId, 'SubmitPriorAuth', error, w);

    // Assess
    expect(result).toEqual({ caseId, recorded: true });
    const found = await w.cases.getCaseWithChildren(caseId);
    expect(found?.record.status).toBe('RECEIVED');
    expect(found?.history.at(-1)).toMatchObject({
      at: NOW,
      status: 'RECEIVED',
      source: 'workflow',
      event: 'workflow.failed',
      detail: expect.stringMatching(/^SubmitPriorAuth: .*States\.Timeout/),
    });
    expect(w.log.lines.at(-1)).toEqual({
      level: 'error',
      message: 'workflow failed',
      attributes: { caseId, workflow: 'SubmitPriorAuth', errorName: 'States.Timeout' },
    });
  });

  it('flags the case STUCK (the dead letter the worklist shows), once however often it fails', async () => {
    // Prepare
    const w = world();
    const { caseId } = await receivePriorAuth(
      { caller: OPERATOR, request: exampleRequest(), rawBody: '{}' },
      w,
    );
    const error = { Error: 'States.Timeout', Cause: 'task timed out' };

    // Act
    await recordWorkflowFailure(caseId, 'SubmitPriorAuth', error, w);
    await recordWorkflowFailure(caseId, 'SubmitPriorAuth', error, w);

    // Assess
    const found = await w.cases.getCaseWithChildren(caseId);
    expect(found?.record.flags).toEqual([STUCK_FLAG]);
    expect(found?.history.filter((h) => h.event === 'workflow.failed')).toHaveLength(2);
    const page = await w.cases.queryWorklist({ organizationId: 'default', limit: 25 });
    expect(page.items.find((c) => c.caseId === caseId)?.flags).toEqual(['STUCK']);
  });

  it('records nothing for an unknown case', async () => {
    // Prepare
    const w = world();

    // Act
    const result = await recordWorkflowFailure('pa_unknown', 'HandlePayerEvent', undefined, w);

    // Assess
    expect(result).toEqual({ caseId: 'pa_unknown', recorded: false });
    expect(w.cases.items.size).toBe(0);
  });
});
