import { describe, expect, it } from 'vitest';
import { decisionOutcome } from '#core/metrics.ts';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { applyPayerEvent } from '#use-cases/apply-payer-event.ts';
import { composeRemedy } from '#use-cases/compose-remedy.ts';
import { receiveWebhook } from '#use-cases/receive-webhook.ts';
import { markSubmissionFailed, submitToPayer } from '#use-cases/submit-to-payer.ts';
import { CASE_ID, EVENT_ID, givenEvent, payerEvent, submittedCase } from '../support/payer-case.ts';
import { deniedCase, givenCase, NOW, PAYER, packetReady, type World, world } from './support.ts';

/** Business metrics (Powertools Metrics on AWS) recorded through the in-memory Metrics twin. */

const payerOutage = { Error: 'PayerUnavailableError', Cause: '{"errorMessage":"payer answered 503"}' };

/** Each step: how its case is prepared (giving the case id), the step, and the one count it makes. */
const STEPS: Array<
  [string, (w: World) => Promise<string>, (w: World, caseId: string) => Promise<unknown>, object]
> = [
  [
    'a case submitted to its payer',
    packetReady,
    (w, caseId) => submitToPayer(caseId, w),
    { metric: 'CasesSubmitted' },
  ],
  [
    'a failed submission',
    packetReady,
    (w, caseId) => markSubmissionFailed(caseId, payerOutage, w),
    { metric: 'SubmissionsFailed' },
  ],
  [
    'an applied decision, by its outcome',
    async (w) => {
      await givenCase(w, submittedCase());
      await givenEvent(w, payerEvent());
      return CASE_ID;
    },
    (w, caseId) => applyPayerEvent(caseId, EVENT_ID, w),
    { metric: 'PayerDecisions', dimension: 'denied' },
  ],
  [
    'a composed remedy, by its kind',
    async (w) => {
      w.clock.set('2026-11-21T09:00:00.000Z');
      await deniedCase(w);
      await givenEvent(w, payerEvent());
      return CASE_ID;
    },
    (w, caseId) => composeRemedy(caseId, EVENT_ID, w),
    { metric: 'RemediesComposed', dimension: 'appeal' },
  ],
];

describe('business metrics of the use cases', () => {
  it.each(STEPS)('counts %s once, however often the step runs', async (_name, prepare, step, count) => {
    // Prepare
    const w = world();
    const caseId = await prepare(w);
    // Act
    await step(w, caseId);
    await step(w, caseId);
    // Assess
    expect(w.metrics.counts).toEqual([count]);
  });

  it('counts nothing for a failure reported after the case was submitted', async () => {
    // Prepare
    const w = world();
    const caseId = await packetReady(w);
    await submitToPayer(caseId, w);
    // Act
    await markSubmissionFailed(caseId, payerOutage, w);
    // Assess
    expect(w.metrics.total('SubmissionsFailed')).toBe(0);
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
