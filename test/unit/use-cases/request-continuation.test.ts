import { describe, expect, it } from 'vitest';
import type { Administration } from '#core/course/administration.ts';
import { ConflictError, NotFoundError, ValidationError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { ContinuationInput } from '#schemas/continuation.ts';
import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { requestContinuation } from '#use-cases/request-continuation.ts';
import { administration } from '../../contract/administrations.contract.ts';
import { packetReady, type World, world } from './support.ts';

/** An approved case of the example request (PACIFIC, 1500 mg every 4 weeks) with its doses given. */
async function approvedWithDoses(w: World, dates: string[], status: 'APPROVED' | 'DENIED' = 'APPROVED') {
  const caseId = await packetReady(w);
  await w.cases.updateCase(caseId, (c) => ({
    history: [],
    next: {
      ...c,
      status,
      decision: {
        outcome: status === 'APPROVED' ? 'approved' : 'denied',
        authorizationNumber: 'AUTH-778812',
        approvedUnits: 1950,
        validFrom: '2026-08-01',
        validTo: '2027-01-31',
        reasons: [],
        decidedAt: '2026-07-30T12:00:00Z',
      },
    },
  }));
  for (const [index, day] of dates.entries())
    await w.cases.putAdministration(caseId, dose(caseId, index, day));
  return caseId;
}

const dose = (caseId: string, index: number, day: string): Administration =>
  administration(caseId, `mar-${caseId}-${index}`, {
    recordedAt: `${day}T20:00:00Z`,
    administeredAt: `${day}T14:05:00-05:00`,
  });

const FIRST_THREE = ['2026-08-10', '2026-09-07', '2026-10-05'];

const input = (treatmentPlan: Record<string, unknown>, response = 'partial_response') =>
  ContinuationInput.parse({
    progressNotes: [
      {
        date: '2026-09-30',
        response: 'stable_disease',
        adverseEvents: 'Grade 1 fatigue',
        text: 'CT stable.',
      },
      { date: '2026-10-28', response, adverseEvents: '', text: 'CT: target lesions smaller by 35%.' },
    ],
    treatmentPlan,
  });

async function continued(w: World, previousCaseId: string, plan: Record<string, unknown>, response?: string) {
  const result = await requestContinuation(
    { caller: OPERATOR, previousCaseId, continuation: input(plan, response), rawBody: '{}' },
    w,
  );
  await assemblePacket(result.caseId, w);
  return { result, record: await w.cases.requireCase(result.caseId) };
}

const durationFindings = (record: { findings: Array<{ code: string }> }) =>
  record.findings.filter((f) => f.code === 'DURATION_EXCEEDS_LABEL');

describe('requestContinuation', () => {
  it('makes a new case for the same patient, prefilled from the earlier one, with ids only to the workflow', async () => {
    // Prepare
    const w = world();
    const previousCaseId = await approvedWithDoses(w, FIRST_THREE);
    const previous = await w.cases.requireCase(previousCaseId);

    // Act
    const { result, record } = await continued(w, previousCaseId, {
      startDate: '2026-11-02',
      administrations: 6,
    });

    // Assess
    expect(result).toEqual({ caseId: expect.any(String), previousCaseId, replayed: false });
    expect(result.caseId).not.toBe(previousCaseId);
    expect(record.request.patient).toEqual(previous.request.patient);
    expect(record.request.treatmentPlan).toMatchObject({
      startDate: '2026-11-02',
      administrations: 6,
      dose: { mg: 1500 },
    });
    expect(record.request.oncologicHistory.at(-1)).toMatchObject({
      agents: ['durvalumab'],
      startDate: '2026-08-10',
      endDate: '2026-10-05',
      cycles: 3,
    });
    expect(record.continuation).toMatchObject({
      previousCaseId,
      earlierAuthorizations: [
        { caseId: previousCaseId, number: 'AUTH-778812', approvedUnits: 1950, usedUnits: 450 },
      ],
    });
    expect(record.continuation?.administrations).toHaveLength(3);
    expect(w.workflows.starts.at(-1)?.input).toEqual({ caseId: result.caseId });
    expect(JSON.stringify(w.workflows.starts)).not.toContain('Dana');
  });

  it('counts the 12-month label limit from the first dose of the course: within on the last day', async () => {
    // Prepare: first dose 2026-08-10, so the 12 months end 2027-08-10; 10 x 4 weeks from 2026-11-03 end there.
    const w = world();
    const previousCaseId = await approvedWithDoses(w, FIRST_THREE);

    // Act
    const { record } = await continued(w, previousCaseId, { startDate: '2026-11-03', administrations: 10 });

    // Assess
    expect(durationFindings(record)).toEqual([]);
    expect(record.assessment?.verdict).not.toBe('not_supported');
  });

  it('counts the 12-month label limit across two requests: one day over is DURATION_EXCEEDS_LABEL', async () => {
    // Prepare
    const w = world();
    const previousCaseId = await approvedWithDoses(w, FIRST_THREE);

    // Act
    const { record } = await continued(w, previousCaseId, { startDate: '2026-11-04', administrations: 10 });

    // Assess
    expect(durationFindings(record)).toEqual([expect.objectContaining({ severity: 'error' })]);
    expect(durationFindings(record)[0]).toMatchObject({ message: expect.stringContaining('to 2027-08-10') });
    expect(record.assessment?.verdict).toBe('not_supported');
  });

  it('follows the chain of cases: a third request counts the doses of both earlier ones', async () => {
    // Prepare
    const w = world();
    const first = await approvedWithDoses(w, FIRST_THREE);
    const { result: second } = await continued(w, first, { startDate: '2026-11-02', administrations: 3 });
    await w.cases.updateCase(second.caseId, (c) => ({
      history: [],
      next: {
        ...c,
        status: 'APPROVED',
        decision: {
          outcome: 'approved',
          authorizationNumber: 'AUTH-2',
          reasons: [],
          decidedAt: '2026-11-01T00:00:00Z',
        },
      },
    }));
    for (const [index, day] of ['2026-11-02', '2026-11-30'].entries())
      await w.cases.putAdministration(second.caseId, dose(second.caseId, index, day));

    // Act
    const { record } = await continued(w, second.caseId, { startDate: '2026-12-28', administrations: 3 });

    // Assess
    expect(record.continuation?.administrations.map((a) => a.caseId)).toEqual([
      first,
      first,
      first,
      second.caseId,
      second.caseId,
    ]);
    expect(record.continuation?.earlierAuthorizations.map((a) => a.number)).toEqual([
      'AUTH-2',
      'AUTH-778812',
    ]);
    expect(record.request.oncologicHistory.filter((h) => h.agents.includes('durvalumab'))).toHaveLength(1);
    expect(record.request.oncologicHistory.at(-1)).toMatchObject({ startDate: '2026-08-10', cycles: 5 });
  });

  it('answers a retry under the same Idempotency-Key with the case it made, and 422 for another body', async () => {
    // Prepare
    const w = world();
    const previousCaseId = await approvedWithDoses(w, FIRST_THREE);
    const ask = (rawBody: string) =>
      requestContinuation(
        {
          caller: OPERATOR,
          previousCaseId,
          continuation: input({ startDate: '2026-11-02' }),
          rawBody,
          idempotencyKey: 'cont-1',
        },
        w,
      );

    // Act
    const first = await ask('{"a":1}');
    const again = await ask('{"a":1}');
    const other = ask('{"a":2}');

    // Assess
    expect(again).toEqual({ ...first, replayed: true });
    await expect(other).rejects.toBeInstanceOf(ConflictError);
    await expect(other).rejects.toMatchObject({ statusCode: 422 });
  });

  it('raises PROGRESSION_ON_THERAPY when the latest note is progressive disease', async () => {
    // Prepare
    const w = world();
    const previousCaseId = await approvedWithDoses(w, FIRST_THREE);

    // Act
    const { record } = await continued(
      w,
      previousCaseId,
      { startDate: '2026-11-02', administrations: 3 },
      'progressive_disease',
    );

    // Assess
    expect(record.findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'PROGRESSION_ON_THERAPY',
        path: 'progressNotes[1].response',
      }),
    );
  });

  it('refuses a case without an approved authorization (409) or unknown (404), writing nothing', async () => {
    // Prepare
    const w = world();
    const denied = await approvedWithDoses(w, [], 'DENIED');
    const before = w.workflows.starts.length;

    // Act
    const refused = requestContinuation(
      { caller: OPERATOR, previousCaseId: denied, continuation: input({}), rawBody: '{}' },
      w,
    );
    const missing = requestContinuation(
      { caller: OPERATOR, previousCaseId: 'pa_unknown', continuation: input({}), rawBody: '{}' },
      w,
    );

    // Assess
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    expect(w.workflows.starts.length).toBe(before);
  });

  it('answers a plan change that breaks the request with a 400 naming the field, nothing written', async () => {
    // Prepare
    const w = world();
    const previousCaseId = await approvedWithDoses(w, FIRST_THREE);
    const before = w.workflows.starts.length;

    // Act
    const bad = requestContinuation(
      { caller: OPERATOR, previousCaseId, continuation: input({ startDate: '2026-02-30' }), rawBody: '{}' },
      w,
    );

    // Assess
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(bad).rejects.toMatchObject({
      errors: [expect.objectContaining({ path: 'treatmentPlan.startDate' })],
    });
    expect(w.workflows.starts.length).toBe(before);
  });
});
