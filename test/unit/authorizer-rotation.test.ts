import { describe, expect, it } from 'vitest';
import { acceptedTokens, tokenMatches } from '#handlers/api/authorizer.ts';

describe('API token rotation (two valid tokens while clients move)', () => {
  it.each([
    ['the token alone', 'tok-new', ['tok-new']],
    ['the token with a trailing newline', 'tok-new\n', ['tok-new']],
    ['current and previous', '{"current":"tok-new","previous":"tok-old"}', ['tok-new', 'tok-old']],
    ['current only, as JSON', '{"current":"tok-new"}', ['tok-new']],
    ['an empty previous', '{"current":"tok-new","previous":""}', ['tok-new']],
    ['a broken JSON value', '{"current":', []],
    ['a JSON value of the wrong shape', '{"current":42}', []],
    ['nothing', '', []],
    ['no secret', undefined, []],
  ])('accepts from %s: %j', (_case, secret, tokens) => {
    // Act / Assess
    expect(acceptedTokens(secret)).toEqual(tokens);
  });

  it.each([
    ['Bearer tok-new', true],
    ['Bearer tok-old', true],
    ['Bearer tok-older', false],
    ['Bearer ', false],
    [undefined, false],
  ])('during a rotation, %s is authorized: %s', (header, ok) => {
    // Prepare
    const tokens = acceptedTokens('{"current":"tok-new","previous":"tok-old"}');
    // Act / Assess
    expect(tokenMatches(header, tokens)).toBe(ok);
  });

  it('authorizes nobody when no token is configured', () => {
    // Act / Assess
    expect(tokenMatches('Bearer anything', [])).toBe(false);
  });
});
