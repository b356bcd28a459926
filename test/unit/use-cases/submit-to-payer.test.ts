import { describe, expect, it } from 'vitest';
import { recordingTransports } from '#adapters/in-memory/index.ts';
import { registryFromEntries } from '#adapters/payer-registry.ts';
import { pasBundleKey } from '#core/case/storage-keys.ts';
import { PayerRejectedError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { markSubmissionFailed, submitToPayer } from '#use-cases/submit-to-payer.ts';
import { payerEvent } from '../../contract/case-fixture.ts';
import { exampleRequest, historyOf, NOW, packetReady, world } from './support.ts';

const approval = (caseId: string) =>
  payerEvent(caseId, { occurredAt: NOW, payerReference: 'PAS-1', authorizationNumber: 'AUTH-9' });

describe('submitToPayer', () => {
  it('sends the stored packet once and records SUBMITTED with the payer decision deadline', async () => {
    // Prepare
    const w = world();
    const caseId = await packetReady(w);
    const assembled = await w.cases.requireCase(caseId);
    const bundle = JSON.parse(
      Buffer.from(w.documents.objects.get(pasBundleKey(caseId))?.body ?? []).toString(),
    );

    // Act
    const result = await submitToPayer(caseId, w);
    const again = await submitToPayer(caseId, w);

    // Assess
    expect(result).toEqual({ caseId, status: 'SUBMITTED' });
    expect(again).toEqual({ caseId, status: 'SUBMITTED' });
    expect(w.transports.submissions).toHaveLength(1);
    const sent = w.transports.submissions[0];
    expect(sent).toMatchObject({
      caseId,
      assessment: assembled.assessment,
      billing: assembled.billing,
      pasBundle: bundle,
    });
    expect(sent?.request.attachments).toEqual([]);
    const record = await w.cases.requireCase(caseId);
    expect(record.submission).toEqual({
      payerReference: `ref-${caseId}`,
      submittedAt: NOW,
      transport: 'manual',
      detail: 'manual test submission',
    });
    expect(record.deadlines.payerDecisionDueAt).toEqual(expect.any(String));
    expect(Date.parse(record.deadlines.payerDecisionDueAt ?? '')).toBeGreaterThan(Date.parse(NOW));
    expect(w.documents.reads.get(`attachments/${caseId}/0.pdf`)).toBe(1);
    expect(await historyOf(w, caseId)).toEqual([
      'prior_auth.received',
      'packet.assembled',
      'prior_auth.submitted',
    ]);
  });

  it('stores a decision the payer gave at once as a pending payer event and starts HandlePayerEvent', async () => {
    // Prepare
    const transports = recordingTransports(async (input) => ({
      payerReference: 'PAS-1',
      detail: 'fhir-pas POST Claim/$submit 200',
      immediateDecision: approval(input.caseId),
    }));
    const w = world({ transports });
    const caseId = await packetReady(w);

    // Act
    await submitToPayer(caseId, w);

    // Assess
    const pending = await w.cases.listPendingEvents();
    expect(pending).toEqual([{ caseId, eventId: expect.stringMatching(/^evt_/), receivedAt: NOW }]);
    const receipt = await w.cases.getEventReceipt(pending[0]?.eventId ?? '');
    expect(receipt).toMatchObject({ caseId, channel: 'fhir-pas', event: approval(caseId) });
    expect(w.workflows.starts.at(-1)).toEqual({
      workflow: 'HandlePayerEvent',
      name: pending[0]?.eventId,
      input: { caseId, eventId: pending[0]?.eventId },
    });
  });

  it('refuses a payer that left the registry, sending nothing', async () => {
    // Prepare
    const w = world();
    const caseId = await packetReady(w);
    const gone = { ...w, registry: registryFromEntries([]) };

    // Act
    const outcome = submitToPayer(caseId, gone);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(PayerRejectedError);
    expect(w.transports.submissions).toEqual([]);
    expect((await w.cases.requireCase(caseId)).status).toBe('PACKET_READY');
  });

  it('leaves a case that is not ready for the payer as it is', async () => {
    // Prepare
    const w = world();
    const { caseId } = await receivePriorAuth(
      { caller: OPERATOR, request: exampleRequest(), rawBody: '{}' },
      w,
    );

    // Act
    const result = await submitToPayer(caseId, w);

    // Assess
    expect(result).toEqual({ caseId, status: 'RECEIVED' });
    expect(w.transports.submissions).toEqual([]);
  });
});

describe('markSubmissionFailed', () => {
  it('records SUBMISSION_FAILED with the reason, and leaves a submitted case alone', async () => {
    // Prepare
    const w = world();
    const failing = await packetReady(w);
    const submitted = await packetReady(w);
    await submitToPayer(submitted, w);
    const error = { Error: 'PayerUnavailableError', Cause: '{"errorMessage":"payer answered 503"}' };

    // Act
    const failed = await markSubmissionFailed(failing, error, w);
    const untouched = await markSubmissionFailed(submitted, error, w);

    // Assess
    expect(failed).toEqual({ caseId: failing, status: 'SUBMISSION_FAILED' });
    expect(untouched).toEqual({ caseId: submitted, status: 'SUBMITTED' });
    const history = (await w.cases.getCaseWithChildren(failing))?.history ?? [];
    expect(history.at(-1)).toMatchObject({
      event: 'prior_auth.submission_failed',
      detail: expect.stringContaining('PayerUnavailableError'),
    });
  });
});
