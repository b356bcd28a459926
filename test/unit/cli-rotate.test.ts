/** `pa rotate`'s values: a rotation keeps the old value beside the new one, --finish drops it. */
import { describe, expect, it } from 'vitest';
import { newApiToken, parseTokenText, tokenText } from '#infra/local/api-token.ts';
import { newWebhookSecret, rotatePayerSecret, rotateToken } from '../../bin/cli/commands/rotate.ts';
import { acceptedTokens } from '../../lambdas/handlers/api/authorizer.ts';

describe('rotateToken', () => {
  it('makes the new token current and keeps the old one as previous, in the form the authorizer reads', () => {
    const started = rotateToken({ current: 'old' }, 'start', 'new');
    expect(started).toEqual({ current: 'new', previous: 'old' });
    expect(acceptedTokens(tokenText(started))).toEqual(['new', 'old']);
  });

  it('drops the previous token at --finish, back to the token alone', () => {
    const finished = rotateToken({ current: 'new', previous: 'old' }, 'finish', 'unused');
    expect(finished).toEqual({ current: 'new' });
    expect(tokenText(finished)).toBe('new');
    expect(acceptedTokens(tokenText(finished))).toEqual(['new']);
  });

  it('restarting a rotation replaces the previous token with the current one', () => {
    expect(rotateToken({ current: 'b', previous: 'a' }, 'start', 'c')).toEqual({
      current: 'c',
      previous: 'b',
    });
  });

  it('refuses when there is no token to rotate', () => {
    expect(() => rotateToken(undefined, 'start', 'new')).toThrow(/no API token/);
  });

  it('makes a different random token each time', () => {
    expect(newApiToken()).not.toBe(newApiToken());
    expect(newApiToken()).toMatch(/^[\w-]{43}$/);
  });
});

describe('parseTokenText', () => {
  it.each([
    ['tok\n', { current: 'tok' }],
    ['{"current":"b","previous":"a"}', { current: 'b', previous: 'a' }],
    ['{"current":"b","previous":""}', { current: 'b' }],
    ['{"current":""}', undefined],
    ['{not json', undefined],
    ['  ', undefined],
  ])('reads %j', (text, expected) => {
    expect(parseTokenText(text)).toEqual(expected);
  });
});

describe('rotatePayerSecret', () => {
  const registry = [
    { id: 'a', webhookSecret: 'whsec_A', name: 'A' },
    { id: 'b', webhookSecret: 'whsec_B', previousWebhookSecret: 'whsec_B0' },
  ];

  it("makes the new secret the payer's and keeps the old one as previousWebhookSecret; other payers unchanged", () => {
    const rotated = rotatePayerSecret(registry, 'a', 'start', 'whsec_N');
    expect(rotated).toEqual([
      { id: 'a', webhookSecret: 'whsec_N', previousWebhookSecret: 'whsec_A', name: 'A' },
      registry[1],
    ]);
  });

  it('drops previousWebhookSecret at --finish', () => {
    expect(rotatePayerSecret(registry, 'b', 'finish', 'unused')[1]).toEqual({
      id: 'b',
      webhookSecret: 'whsec_B',
    });
  });

  it('refuses an unknown payer (exit 3) and a registry that is not an array (exit 1)', () => {
    expect(() => rotatePayerSecret(registry, 'z', 'start', 'x')).toThrow(
      expect.objectContaining({ exitCode: 3 }),
    );
    expect(() => rotatePayerSecret({}, 'a', 'start', 'x')).toThrow(expect.objectContaining({ exitCode: 1 }));
  });

  it('makes Standard Webhooks secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
