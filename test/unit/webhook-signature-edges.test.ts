import { describe, expect, it } from 'vitest';
import { SignatureError } from '#core/errors.ts';
import { verifyWebhook, webhookHeaders } from '#core/payer/webhook-signature.ts';

const SECRET = 'whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM=';
const NOW = new Date('2026-11-20T15:04:05Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const BODY = '{"type":"prior_auth.decision"}';
const signed = webhookHeaders({ id: 'msg_1', timestamp: NOW_SECONDS, body: BODY, secret: SECRET });
const other = webhookHeaders({ id: 'msg_1', timestamp: NOW_SECONDS, body: '{}', secret: SECRET });

function verify(headers: Partial<typeof signed>) {
  return () => verifyWebhook({ headers: { ...signed, ...headers }, rawBody: BODY, secret: SECRET, now: NOW });
}

describe('webhook signature list', () => {
  it('accepts up to 16 signatures, the matching one last, however many spaces part them', () => {
    const list = [...Array(15).fill(other['webhook-signature']), signed['webhook-signature']].join('   ');
    expect(verify({ 'webhook-signature': list })()).toEqual({ webhookId: 'msg_1', timestamp: NOW_SECONDS });
  });

  it('refuses more than 16 signatures, even with a matching one', () => {
    const list = [...Array(16).fill(other['webhook-signature']), signed['webhook-signature']].join(' ');
    expect(verify({ 'webhook-signature': list })).toThrow(SignatureError);
    expect(verify({ 'webhook-signature': list })).toThrow('invalid webhook-signature header');
  });

  it.each([
    ['an entry without a version', signed['webhook-signature'].slice(3)],
    ['the MAC given as the version', `${signed['webhook-signature'].slice(3)},v1`],
    ['a version with a space inside', `v 1,${signed['webhook-signature'].slice(3)}`],
  ])('skips %s', (_case, entry) => {
    expect(verify({ 'webhook-signature': entry })).toThrow('webhook-signature header does not match');
  });
});

describe('webhook timestamp', () => {
  it.each([
    ['with text before it', `x${NOW_SECONDS}`],
    ['of 13 digits', `0${NOW_SECONDS}00`],
    ['negative', `-${NOW_SECONDS}`],
  ])('refuses a timestamp %s as invalid', (_case, timestamp) => {
    expect(verify({ 'webhook-timestamp': timestamp })).toThrow('invalid webhook-timestamp header');
  });

  it('reads a timestamp with spaces around it', () => {
    expect(verify({ 'webhook-timestamp': ` ${NOW_SECONDS} ` })().timestamp).toBe(NOW_SECONDS);
  });
});
