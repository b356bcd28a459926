import { describe, expect, it } from 'vitest';
import { decisionOutcome } from '#core/metrics.ts';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { applyPayerEvent } from '#use-cases/apply-payer-event.ts';
import { composeRemedy } from '#use-cases/compose-remedy.ts';
import { receiveWebhook } from '#use-cases/receive-webhook.ts';
import { markSubmissionFailed, submitToPayer } from '#use-cases/submit-to-payer.ts';
import { CASE_ID, EVENT_ID, givenEvent, payerEvent, submittedCase } from '../support/payer-case.ts';
import { deniedCase, givenCase, NOW, PAYER, packetReady, world } from './support.ts';

/** Business metrics (Powertools Metrics on AWS) recorded through the in-memory Metrics twin. */

describe('business metrics of the use cases', () => {
  it('counts a case submitted to its payer once, however often the step runs', async () => {
    // Prepare
    const w = world();
    const caseId = await packetReady(w);
    // Act
    await submitToPayer(caseId, w);
    await submitToPayer(caseId, w);
    // Assess
    expect(w.metrics.counts).toEqual([{ metric: 'CasesSubmitted' }]);
  });

  it('counts a failed submission, and nothing for a case submitted meanwhile', async () => {
    // Prepare
    const w = world();
    const failing = await packetReady(w);
    const submitted = await packetReady(w);
    await submitToPayer(submitted, w);
    const error = { Error: 'PayerUnavailableError', Cause: '{"errorMessage":"payer answered 503"}' };
    // Act
    await markSubmissionFailed(failing, error, w);
    await markSubmissionFailed(submitted, error, w);
    // Assess
    expect(w.metrics.total('SubmissionsFailed')).toBe(1);
  });

  it('counts an applied decision by its outcome, once', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    await givenEvent(w, payerEvent());
    // Act
    await applyPayerEvent(CASE_ID, EVENT_ID, w);
    await applyPayerEvent(CASE_ID, EVENT_ID, w);
    // Assess
    expect(w.metrics.counts).toEqual([{ metric: 'PayerDecisions', dimension: 'denied' }]);
  });

  it('counts a composed remedy by its kind, once', async () => {
    // Prepare
    const w = world();
    w.clock.set('2026-11-21T09:00:00.000Z');
    await deniedCase(w);
    await givenEvent(w, payerEvent());
    // Act
    await composeRemedy(CASE_ID, EVENT_ID, w);
    await composeRemedy(CASE_ID, EVENT_ID, w);
    // Assess
    expect(w.metrics.counts).toEqual([{ metric: 'RemediesComposed', dimension: 'appeal' }]);
  });

  it('counts a refused webhook by the type of its refusal, and nothing for an accepted one', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const body = '{"a":"signed body"}';
    const signed = (secret: string, id: string) => ({
      payerId: PAYER.id,
      headers: webhookHeaders({ id, timestamp: Math.floor(Date.parse(NOW) / 1000), body, secret }),
      rawBody: body,
      readEvent: () => ({ event: payerEvent(), channel: 'webhook' as const }),
    });
    // Act
    await receiveWebhook(signed(PAYER.webhookSecret, 'msg_ok'), w);
    const refused = await receiveWebhook(signed('whsec_b3RoZXI=', 'msg_forged'), w).catch((e: Error) => e);
    // Assess
    expect(refused).toBeInstanceOf(Error);
    expect(w.metrics.counts).toEqual([{ metric: 'WebhooksRefused', dimension: 'signature' }]);
  });

  it.each([
    [{ type: 'prior_auth.decision', outcome: 'approved' }, 'approved'],
    [{ type: 'prior_auth.decision', outcome: 'pended' }, 'pended'],
    [{ type: 'claim.denied', outcome: 'denied' }, 'claim_denied'],
    [{ type: 'appeal.decision', outcome: 'overturned' }, 'overturned'],
  ])('names the decision %j by its outcome %s', (event, outcome) => {
    // Act / Assess
    expect(decisionOutcome(event)).toBe(outcome);
  });
});
