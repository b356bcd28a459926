import { describe, expect, it } from 'vitest';
import { appealDecisionWebhook, claimDeniedWebhook, decisionWebhook } from '#core/payer/decision-webhook.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';

const AT = '2026-11-20T15:04:05Z';

describe('the one decision-webhook builder', () => {
  it.each(['approved', 'partially_approved', 'denied', 'pended'] as const)(
    'builds a %s decision the webhook schema accepts',
    (outcome) => {
      // Act
      const body = decisionWebhook('case-0001-abcdef', outcome, AT);
      // Assess
      const parsed = PayerWebhookBody.parse(body);
      expect(parsed.type).toBe('prior_auth.decision');
      expect(parsed.occurredAt).toBe(AT);
      const approved = outcome === 'approved' || outcome === 'partially_approved';
      expect(body.data.authorizationNumber).toBe(approved ? 'AUTH-abcdef' : null);
      expect(body.data.payerReference).toBe('REF-abcdef');
    },
  );

  it('lets the caller override any field of data', () => {
    const body = decisionWebhook('c1', 'denied', AT, {
      reasons: [{ system: 'CARC', code: '50' }],
      note: 'n',
    });
    expect(body.data).toMatchObject({
      reasons: [{ system: 'CARC', code: '50' }],
      note: 'n',
      outcome: 'denied',
    });
  });

  it('builds appeal decisions and claim denials the webhook schema accepts', () => {
    const appeal = PayerWebhookBody.parse(appealDecisionWebhook('c1', 'a1', 'upheld', AT));
    const claim = PayerWebhookBody.parse(
      claimDeniedWebhook('c1', 'cl1', [{ system: 'CARC', code: '18', group: 'CO' }], AT),
    );
    expect(appeal).toMatchObject({ type: 'appeal.decision', data: { appealId: 'a1', outcome: 'upheld' } });
    expect(claim).toMatchObject({
      type: 'claim.denied',
      data: { claimId: 'cl1', payerReference: 'ICN-2026-77' },
    });
  });
});
