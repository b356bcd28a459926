import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import payers from '#adapters/demo-payers.json' with { type: 'json' };
import { SignatureError } from '#core/errors.ts';
import { signWebhook, verifyWebhook, webhookHeaders } from '#core/payer/webhook-signature.ts';
import deniedBody from '#schemas/examples/webhook-denied.json' with { type: 'json' };
import { thrownOf } from './support/thrown-validation.ts';

const SECRET = payers[0]!.webhookSecret;
const OTHER_PAYER_SECRET = payers[1]!.webhookSecret;
const NOW = new Date('2026-11-20T15:04:05Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const BODY = JSON.stringify(deniedBody);
const ID = 'msg_2p5Yx8ZQ0b1';

function signed(overrides: { id?: string; timestamp?: number; body?: string; secret?: string } = {}) {
  return webhookHeaders({
    id: overrides.id ?? ID,
    timestamp: overrides.timestamp ?? NOW_SECONDS,
    body: overrides.body ?? BODY,
    secret: overrides.secret ?? SECRET,
  });
}

const verifyError = (act: () => unknown): SignatureError => thrownOf(SignatureError, act);

describe('signWebhook', () => {
  it('agrees with the Standard Webhooks reference library', () => {
    // Prepare
    const library = new Webhook(SECRET);
    // Act
    const ours = signWebhook({ id: ID, timestamp: NOW_SECONDS, body: BODY, secret: SECRET });
    // Assess
    expect(ours).toBe(library.sign(ID, new Date(NOW_SECONDS * 1000), BODY));
  });

  it('produces a v1 base64 HMAC-SHA256 (32 bytes)', () => {
    const signature = signWebhook({ id: ID, timestamp: NOW_SECONDS, body: BODY, secret: SECRET });
    const [version, mac] = signature.split(',');
    expect(version).toBe('v1');
    expect(Buffer.from(mac!, 'base64')).toHaveLength(32);
  });
});

describe('verifyWebhook', () => {
  it('accepts a good signature and returns the id and timestamp', () => {
    // Act
    const result = verifyWebhook({ headers: signed(), rawBody: BODY, secret: SECRET, now: NOW });
    // Assess
    expect(result).toEqual({ webhookId: ID, timestamp: NOW_SECONDS });
  });

  it('accepts a delivery signed by the reference library, headers in any case', () => {
    // Prepare
    const signature = new Webhook(SECRET).sign(ID, new Date(NOW_SECONDS * 1000), BODY);
    const headers = {
      'Webhook-Id': ID,
      'WEBHOOK-TIMESTAMP': String(NOW_SECONDS),
      'webhook-signature': signature,
    };
    // Act
    const result = verifyWebhook({ headers, rawBody: BODY, secret: SECRET, now: NOW });
    // Assess
    expect(result.webhookId).toBe(ID);
  });

  it('accepts a secret given without its whsec_ prefix', () => {
    const bare = SECRET.slice('whsec_'.length);
    expect(verifyWebhook({ headers: signed(), rawBody: BODY, secret: bare, now: NOW }).webhookId).toBe(ID);
  });

  it.each([
    ['signed with another payer secret', signed({ secret: OTHER_PAYER_SECRET }), BODY, 'webhook-signature'],
    ['a tampered body', signed(), BODY.replace('denied', 'approved'), 'webhook-signature'],
    ['a body re-serialised with spaces', signed(), JSON.stringify(deniedBody, null, 1), 'webhook-signature'],
    [
      'another webhook id than the one signed',
      { ...signed(), 'webhook-id': 'msg_other' },
      BODY,
      'webhook-signature',
    ],
    [
      'a timestamp header other than the one signed',
      { ...signed(), 'webhook-timestamp': String(NOW_SECONDS - 1) },
      BODY,
      'webhook-signature',
    ],
    [
      'a stale timestamp (5 min 1 s old)',
      signed({ timestamp: NOW_SECONDS - 301 }),
      BODY,
      'webhook-timestamp',
    ],
    [
      'a future timestamp (5 min 1 s ahead)',
      signed({ timestamp: NOW_SECONDS + 301 }),
      BODY,
      'webhook-timestamp',
    ],
    [
      'a non-numeric timestamp',
      { ...signed(), 'webhook-timestamp': '1763651045abc' },
      BODY,
      'webhook-timestamp',
    ],
    [
      'an unknown signature version',
      { ...signed(), 'webhook-signature': `v2,${signed()['webhook-signature'].slice(3)}` },
      BODY,
      'webhook-signature',
    ],
    [
      'garbage in the signature',
      { ...signed(), 'webhook-signature': 'v1,not-base64!!' },
      BODY,
      'webhook-signature',
    ],
  ] as const)('refuses %s', (_case, headers, rawBody, headerNamed) => {
    // Act
    const error = verifyError(() =>
      verifyWebhook({ headers: { ...headers }, rawBody, secret: SECRET, now: NOW }),
    );
    // Assess
    expect(error.statusCode).toBe(401);
    expect(error.message).toContain(headerNamed);
    expect(error.message).not.toContain(signed()['webhook-signature'].slice(3));
  });

  it.each([
    ['at the lower edge', NOW_SECONDS - 300],
    ['at the upper edge', NOW_SECONDS + 300],
  ])('accepts a timestamp %s of the 5-minute tolerance', (_case, timestamp) => {
    expect(
      verifyWebhook({ headers: signed({ timestamp }), rawBody: BODY, secret: SECRET, now: NOW }).timestamp,
    ).toBe(timestamp);
  });

  it('uses the injected clock, not the machine clock', () => {
    // Prepare: signed in 2020, verified "then"
    const then = new Date('2020-01-01T00:00:00Z');
    const thenSeconds = then.getTime() / 1000;
    const headers = signed({ timestamp: thenSeconds });
    // Act + Assess
    expect(verifyWebhook({ headers, rawBody: BODY, secret: SECRET, now: then }).timestamp).toBe(thenSeconds);
    expect(() => verifyWebhook({ headers, rawBody: BODY, secret: SECRET, now: NOW })).toThrow(SignatureError);
  });

  it('honours a custom tolerance', () => {
    const headers = signed({ timestamp: NOW_SECONDS - 30 });
    expect(() =>
      verifyWebhook({ headers, rawBody: BODY, secret: SECRET, now: NOW, toleranceSeconds: 10 }),
    ).toThrow('webhook-timestamp');
  });

  it('accepts when any one of several signatures matches (key rotation)', () => {
    // Prepare
    const oldKey = signed({ secret: OTHER_PAYER_SECRET })['webhook-signature'];
    const current = signed()['webhook-signature'];
    const headers = { ...signed(), 'webhook-signature': `v1a,ZWQyNTUxOQ== ${oldKey} ${current}` };
    // Act
    const result = verifyWebhook({ headers, rawBody: BODY, secret: SECRET, now: NOW });
    // Assess
    expect(result.webhookId).toBe(ID);
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)(
    'refuses a delivery without the %s header, naming it',
    (missing) => {
      // Prepare
      const headers: Record<string, string | undefined> = { ...signed() };
      delete headers[missing];
      // Act
      const error = verifyError(() => verifyWebhook({ headers, rawBody: BODY, secret: SECRET, now: NOW }));
      // Assess
      expect(error.message).toBe(`missing ${missing} header`);
    },
  );

  it('refuses an empty header as missing', () => {
    const headers = { ...signed(), 'webhook-signature': '  ' };
    expect(() => verifyWebhook({ headers, rawBody: BODY, secret: SECRET, now: NOW })).toThrow(
      'missing webhook-signature header',
    );
  });

  it('treats an unusable secret as a configuration error, not a 401', () => {
    const act = () => verifyWebhook({ headers: signed(), rawBody: BODY, secret: 'whsec_', now: NOW });
    expect(act).toThrow('webhook secret');
    expect(act).not.toThrow(SignatureError);
  });
});
