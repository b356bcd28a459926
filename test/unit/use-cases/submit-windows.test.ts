/**
 * SubmitToPayer exactly once, through in-memory ports: every attempt sends the same identifiers
 * (so a payer deduplicates a re-post), and a crash in either window loses and doubles nothing.
 * The process "dies" where the `pauseAt` port throws; the kill tests of the running stack are
 * test/resilience/submit-windows.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { recordingTransports } from '#adapters/in-memory/index.ts';
import { createTransport } from '#adapters/transports/index.ts';
import { submissionIdentifiers } from '#core/case/submission.ts';
import { PayerUnavailableError } from '#core/errors.ts';
import type { CrashWindow } from '#core/ports.ts';
import { submitToPayer } from '#use-cases/submit-to-payer.ts';
import { sweep } from '#use-cases/sweep.ts';
import { payerEvent } from '../../contract/case-fixture.ts';
import { useStandInPayer } from '../transports/stand-in-payer.ts';
import { deps, payer, submission } from '../transports/support.ts';
import { historyOf, NOW, packetReady, world } from './support.ts';

class CrashError extends Error {}

/** A PAS payer that approves at once. */
const approvingPayer = () =>
  recordingTransports(async (input) => ({
    payerReference: 'PAS-1',
    detail: 'fhir-pas POST Claim/$submit 200',
    immediateDecision: payerEvent(input.caseId, { occurredAt: NOW, payerReference: 'PAS-1' }),
  }));

const crashAt = (window: CrashWindow) => async (at: CrashWindow) => {
  if (at === window) throw new CrashError(`killed ${at}`);
};

describe('the identifiers of a submission', () => {
  it('are derived from the case alone: the same for every attempt, distinct between cases', () => {
    // Prepare
    const a = { caseId: 'pa_01JA', createdAt: NOW };
    const b = { caseId: 'pa_01JB', createdAt: NOW };

    // Act
    const [first, again, other] = [
      submissionIdentifiers(a),
      submissionIdentifiers(a),
      submissionIdentifiers(b),
    ];

    // Assess
    expect(again).toEqual(first);
    expect(other.idempotencyKey).not.toBe(first.idempotencyKey);
    expect(other.controlNumber).not.toBe(first.controlNumber);
    expect(first.controlNumber).toBeGreaterThanOrEqual(1);
    expect(first.controlNumber).toBeLessThanOrEqual(999_999_999);
    expect(first.preparedAt).toBe(NOW);
  });

  it('are sent again unchanged when the payer fails after the POST and the step is retried', async () => {
    // Prepare: the payer takes the request, then the connection drops.
    let calls = 0;
    const transports = recordingTransports(async (input) => {
      calls++;
      if (calls === 1) throw new PayerUnavailableError('payer pas could not be reached');
      return { payerReference: 'PAS-1', detail: `fhir-pas 200 ${input.caseId}` };
    });
    const w = world({ transports });
    const caseId = await packetReady(w);

    // Act
    await expect(submitToPayer(caseId, w)).rejects.toBeInstanceOf(PayerUnavailableError);
    await submitToPayer(caseId, w);

    // Assess
    const [first, retry] = transports.submissions;
    expect(retry?.identifiers).toEqual(first?.identifiers);
    expect(first?.identifiers).toEqual(submissionIdentifiers(await w.cases.requireCase(caseId)));
  });
});

describe('the HTTP transports', () => {
  const standIn = useStandInPayer();

  it.each([
    { transport: 'x12-278' as const, path: 'x12/pended' },
    { transport: 'fhir-pas' as const, path: 'pas/pended' },
  ])(
    '$transport sends a retry byte for byte as the first attempt, with one Idempotency-Key',
    async ({ transport, path }) => {
      // Prepare: two attempts a minute apart, at different product times.
      standIn().received.length = 0;
      const to = payer({ transport, endpoint: `${standIn().url}/${path}`, x12: { receiverId: 'DEMOMA' } });
      const attempt = (at: string) =>
        createTransport(to, deps({ clock: { now: () => new Date(at) } })).submit(
          submission(to, { submittedAt: at }),
        );

      // Act
      await attempt('2026-08-05T14:00:00.000Z');
      await attempt('2026-08-05T14:01:07.000Z');

      // Assess
      const [first, retry] = standIn().received;
      expect(retry?.body).toBe(first?.body);
      expect(first?.headers['idempotency-key']).toBe(submission().identifiers.idempotencyKey);
      expect(retry?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    },
  );
});

describe('a crash inside SubmitToPayer', () => {
  it('after the POST, before the record: the re-driven step posts the same request and records it once', async () => {
    // Prepare
    const transports = approvingPayer();
    const w = world({ transports });
    const caseId = await packetReady(w);

    // Act
    await expect(submitToPayer(caseId, { ...w, pauseAt: crashAt('after-payer-post') })).rejects.toThrow(
      CrashError,
    );
    const atCrash = await w.cases.requireCase(caseId);
    await submitToPayer(caseId, w);

    // Assess
    expect(atCrash.status).toBe('PACKET_READY');
    expect(transports.submissions.map((s) => s.identifiers)).toEqual([
      transports.submissions[0]?.identifiers,
      transports.submissions[0]?.identifiers,
    ]);
    expect((await w.cases.listPendingEvents()).map((p) => p.caseId)).toEqual([caseId]);
    expect((await historyOf(w, caseId)).filter((e) => e === 'prior_auth.submitted')).toHaveLength(1);
  });

  it('after the record, before HandlePayerEvent starts: the answer is stored with it and the sweep starts it', async () => {
    // Prepare
    const w = world({ transports: approvingPayer() });
    const caseId = await packetReady(w);

    // Act
    await expect(
      submitToPayer(caseId, { ...w, pauseAt: crashAt('after-submission-record') }),
    ).rejects.toThrow(CrashError);
    const startsAtCrash = w.workflows.starts.filter((s) => s.workflow === 'HandlePayerEvent');
    const again = await submitToPayer(caseId, w);
    const summary = await sweep({ redriveAll: true, redriveAfterMs: 0 }, w);

    // Assess
    const record = await w.cases.requireCase(caseId);
    const pending = await w.cases.listPendingEvents();
    expect(record.status).toBe('SUBMITTED');
    expect(again.status).toBe('SUBMITTED');
    expect(startsAtCrash).toEqual([]);
    expect(pending).toEqual([{ caseId, eventId: expect.stringMatching(/^evt_/), receivedAt: NOW }]);
    expect(summary.redrivenEvents).toBe(1);
    expect(w.workflows.starts.filter((s) => s.workflow === 'HandlePayerEvent')).toEqual([
      expect.objectContaining({ input: { caseId, eventId: pending[0]?.eventId } }),
    ]);
  });
});
