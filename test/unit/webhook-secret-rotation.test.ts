import { describe, expect, it } from 'vitest';
import { SignatureError } from '#core/errors.ts';
import { verifyWebhook, webhookHeaders } from '#core/payer/webhook-signature.ts';
import { PayerEntry } from '#schemas/payer-registry.ts';

const OLD = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const NEW = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;
const OTHER = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const NOW = new Date('2026-03-02T15:00:00.000Z');
const BODY = '{"type":"prior_auth.decision"}';

/** Headers of a delivery signed with each of `secrets` (one signature each, space-separated). */
function signedWith(...secrets: string[]): Record<string, string> {
  const timestamp = Math.floor(NOW.getTime() / 1000);
  const each = secrets.map((secret) => webhookHeaders({ id: 'msg_1', timestamp, body: BODY, secret }));
  return { ...each[0], 'webhook-signature': each.map((h) => h['webhook-signature']).join(' ') };
}

const verify = (headers: Record<string, string>, secret: string, previousSecret?: string) => () =>
  verifyWebhook({ headers, rawBody: BODY, secret, previousSecret, now: NOW });

describe('payer webhook secret rotation (two valid secrets while the payer moves)', () => {
  it.each([
    ['the new secret', [NEW]],
    ['the previous secret', [OLD]],
    ['both, as Standard Webhooks allows', [OLD, NEW]],
  ])('accepts a delivery signed with %s during the rotation', (_case, secrets) => {
    // Act / Assess
    expect(verify(signedWith(...secrets), NEW, OLD)()).toEqual({
      webhookId: 'msg_1',
      timestamp: NOW.getTime() / 1000,
    });
  });

  it('refuses a delivery signed with neither', () => {
    // Act / Assess
    expect(verify(signedWith(OTHER), NEW, OLD)).toThrow(SignatureError);
  });

  it('refuses the old secret once the rotation is over (no previous secret in the registry)', () => {
    // Act / Assess
    expect(verify(signedWith(OLD), NEW)).toThrow(SignatureError);
  });

  it('keeps previousWebhookSecret from the registry, checked like webhookSecret', () => {
    // Prepare
    const entry = { id: 'p', name: 'P', planType: 'commercial', transport: 'manual', webhookSecret: NEW };
    // Act
    const rotating = PayerEntry.parse({ ...entry, previousWebhookSecret: OLD });
    const broken = PayerEntry.safeParse({ ...entry, previousWebhookSecret: 'whsec_c2hvcnQ=' });
    // Assess
    expect(rotating.previousWebhookSecret).toBe(OLD);
    expect(broken.success).toBe(false);
  });
});
