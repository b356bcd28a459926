/**
 * SMART Backend Services: the client assertion (claims, header, signature checked with the
 * public key), the token request, the per-payer cache driven by the clock (no waiting), the key
 * read from a secret by its ARN, and the refusals a token endpoint can give.
 */
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  ASSERTION_LIFETIME_S,
  CLIENT_ASSERTION_TYPE,
  clientAssertion,
  createPayerTokens,
  REFRESH_MARGIN_S,
} from '#adapters/transports/smart-auth.ts';
import { PayerRejectedError, PayerUnavailableError } from '#core/errors.ts';
import type { SmartBackendAuth } from '#schemas/payer-registry.ts';
import { CLIENT_ID, fakePayer, formOf, keyPair, movableClock, TOKEN_URL } from './smart-support.ts';

const rsa = await keyPair('RS384');
const ec = await keyPair('ES384');
const NOW = new Date('2026-08-05T14:00:00.000Z');

const auth = (overrides: Partial<SmartBackendAuth> = {}): SmartBackendAuth => ({
  type: 'smart-backend',
  tokenUrl: TOKEN_URL,
  clientId: CLIENT_ID,
  privateKeyJwk: rsa.privateJwk,
  scope: 'system/Claim.write',
  ...overrides,
});

describe('the client assertion', () => {
  it.each([
    ['RS384', rsa],
    ['ES384', ec],
  ] as const)(
    'is a %s JWT with iss = sub = clientId, aud = tokenUrl, its kid, a jti and exp within 5 minutes',
    async (alg, pair) => {
      const jwt = await clientAssertion(auth(), pair.privateJwk, NOW, 'jti-1');

      expect(decodeProtectedHeader(jwt)).toEqual({ alg, kid: pair.privateJwk.kid, typ: 'JWT' });
      const { payload } = await jwtVerify(jwt, await importJWK(pair.publicJwk, alg), {
        issuer: CLIENT_ID,
        subject: CLIENT_ID,
        audience: TOKEN_URL,
        currentDate: NOW,
      });
      const iat = NOW.getTime() / 1000;
      expect(payload).toEqual({
        iss: CLIENT_ID,
        sub: CLIENT_ID,
        aud: TOKEN_URL,
        jti: 'jti-1',
        iat,
        exp: iat + 240,
      });
      expect(ASSERTION_LIFETIME_S).toBeLessThanOrEqual(300);
    },
  );

  it('is refused by the public key of another pair', async () => {
    const other = await keyPair('RS384', rsa.privateJwk.kid);
    const jwt = await clientAssertion(auth(), rsa.privateJwk, NOW);
    await expect(
      jwtVerify(jwt, await importJWK(other.publicJwk, 'RS384'), { currentDate: NOW }),
    ).rejects.toThrow(/signature/);
  });

  it('carries a new jti each time', async () => {
    const jtis = await Promise.all(
      [1, 2, 3].map(
        async () =>
          (
            await jwtVerify(
              await clientAssertion(auth(), rsa.privateJwk, NOW),
              await importJWK(rsa.publicJwk, 'RS384'),
              { currentDate: NOW },
            )
          ).payload.jti,
      ),
    );
    expect(new Set(jtis).size).toBe(3);
  });
});

describe('the token request', () => {
  it('posts client_credentials with the jwt-bearer assertion and the scope, as a form', async () => {
    const fake = fakePayer({});
    const tokens = createPayerTokens({ clock: movableClock(), fetch: fake.fetch });

    expect(await tokens.token('payer-a', auth())).toBe('access-1');

    const form = formOf(fake.tokenCalls[0]!);
    expect(Object.keys(form).sort()).toEqual([
      'client_assertion',
      'client_assertion_type',
      'grant_type',
      'scope',
    ]);
    expect(form).toMatchObject({
      grant_type: 'client_credentials',
      scope: 'system/Claim.write',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
    });
    await expect(
      jwtVerify(form.client_assertion!, await importJWK(rsa.publicJwk, 'RS384'), {
        audience: TOKEN_URL,
        issuer: CLIENT_ID,
        currentDate: new Date('2026-08-05T14:00:00.000Z'),
      }),
    ).resolves.toBeTruthy();
    expect(fake.tokenCalls[0]!.authorization).toBeNull();
  });

  it.each([
    [
      401,
      '{"error":"invalid_client","error_description":"no such key"}',
      PayerRejectedError,
      'HTTP 401 invalid_client',
    ],
    [400, '{"error":"invalid_scope"}', PayerRejectedError, 'HTTP 400 invalid_scope'],
    [400, '{"error":"patient Jane Doe"}', PayerRejectedError, /HTTP 400$/],
    [503, '', PayerUnavailableError, 'HTTP 503'],
    [429, '', PayerUnavailableError, 'HTTP 429'],
    [200, '{"token_type":"bearer"}', PayerRejectedError, 'without a bearer access_token'],
    [200, '{"access_token":"x","token_type":"mac"}', PayerRejectedError, 'without a bearer access_token'],
  ])(
    'maps a token endpoint answer %i %s to its error, naming nothing but an OAuth error code',
    async (status, body, kind, message) => {
      const fake = fakePayer({ token: () => ({ status, body }) });
      const act = createPayerTokens({ clock: movableClock(), fetch: fake.fetch }).token('payer-a', auth());
      await expect(act).rejects.toBeInstanceOf(kind);
      await expect(act).rejects.toThrow(message);
      await expect(act).rejects.toThrow(/^payer payer-a token endpoint /);
    },
  );

  it('refuses a token endpoint that is plain http off this machine', async () => {
    const fake = fakePayer({});
    const act = createPayerTokens({ clock: movableClock(), fetch: fake.fetch }).token(
      'payer-a',
      auth({ tokenUrl: 'http://auth.payer.example/token' }),
    );
    await expect(act).rejects.toThrow('payer payer-a token endpoint endpoint must be an https URL');
    expect(fake.tokenCalls).toHaveLength(0);
  });
});

describe('the token cache', () => {
  it('reuses a token until a little before it expires, then asks for a new one', async () => {
    const clock = movableClock();
    const fake = fakePayer({ expiresIn: 300 });
    const tokens = createPayerTokens({ clock, fetch: fake.fetch });

    expect(await tokens.token('payer-a', auth())).toBe('access-1');
    clock.advance(300 - REFRESH_MARGIN_S - 1);
    expect(await tokens.token('payer-a', auth())).toBe('access-1');
    clock.advance(1);
    expect(await tokens.token('payer-a', auth())).toBe('access-2');
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('keeps a short-lived token for four fifths of its life', async () => {
    const clock = movableClock();
    const tokens = createPayerTokens({ clock, fetch: fakePayer({ expiresIn: 100 }).fetch });
    await tokens.token('payer-a', auth());
    clock.advance(79);
    expect(await tokens.token('payer-a', auth())).toBe('access-1');
    clock.advance(1);
    expect(await tokens.token('payer-a', auth())).toBe('access-2');
  });

  it('does not reuse a token that came without expires_in', async () => {
    const fake = fakePayer({ expiresIn: undefined });
    const tokens = createPayerTokens({ clock: movableClock(), fetch: fake.fetch });
    expect(await tokens.token('payer-a', auth())).toBe('access-1');
    expect(await tokens.token('payer-a', auth())).toBe('access-2');
  });

  it('keeps one token per payer and client, and one request for calls made together', async () => {
    const fake = fakePayer({});
    const tokens = createPayerTokens({ clock: movableClock(), fetch: fake.fetch });

    const together = await Promise.all([1, 2, 3].map(() => tokens.token('payer-a', auth())));
    const otherPayer = await tokens.token('payer-b', auth());
    const otherClient = await tokens.token('payer-a', auth({ clientId: 'another-client' }));

    expect(together).toEqual(['access-1', 'access-1', 'access-1']);
    expect([otherPayer, otherClient]).toEqual(['access-2', 'access-3']);
    expect(fake.tokenCalls).toHaveLength(3);
  });

  it('does not keep a failure: the next call asks again', async () => {
    let failing = true;
    const fake = fakePayer({
      token: () =>
        failing
          ? { status: 503, body: '' }
          : { status: 200, body: '{"access_token":"late","token_type":"Bearer","expires_in":300}' },
    });
    const tokens = createPayerTokens({ clock: movableClock(), fetch: fake.fetch });
    await expect(tokens.token('payer-a', auth())).rejects.toBeInstanceOf(PayerUnavailableError);
    failing = false;
    expect(await tokens.token('payer-a', auth())).toBe('late');
  });

  it('drops the token the payer refused, and only that one', async () => {
    const fake = fakePayer({});
    const tokens = createPayerTokens({ clock: movableClock(), fetch: fake.fetch });
    await tokens.token('payer-a', auth());
    tokens.drop('payer-a', auth(), 'access-0');
    expect(await tokens.token('payer-a', auth())).toBe('access-1');
    tokens.drop('payer-a', auth(), 'access-1');
    expect(await tokens.token('payer-a', auth())).toBe('access-2');
  });
});

describe('a private key held in Secrets Manager', () => {
  const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:durvalumab-pa/payer-keys/payer-a-AbCdEf';

  it('is read from the secret the ARN names and signs the assertion', async () => {
    const fake = fakePayer({});
    const asked: string[] = [];
    const tokens = createPayerTokens({
      clock: movableClock(),
      fetch: fake.fetch,
      secretValue: async (arn) => {
        asked.push(arn);
        return JSON.stringify(ec.privateJwk);
      },
    });
    await tokens.token('payer-a', auth({ privateKeyJwk: ARN }));
    expect(asked).toEqual([ARN]);
    const header = decodeProtectedHeader(formOf(fake.tokenCalls[0]!).client_assertion!);
    expect(header).toMatchObject({ alg: 'ES384', kid: ec.privateJwk.kid });
  });

  it.each([
    ['no secret store wired', undefined, PayerRejectedError, 'no secret store is wired'],
    ['a secret that is not a JWK', async () => 'not json', PayerRejectedError, 'does not hold a private JWK'],
    [
      'a public key only',
      async () => JSON.stringify(rsa.publicJwk),
      PayerRejectedError,
      'does not hold a private JWK (d)',
    ],
    [
      'a missing secret',
      async () => {
        throw Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' });
      },
      PayerRejectedError,
      'could not be read',
    ],
    [
      'Secrets Manager out of reach',
      async () => {
        throw Object.assign(new Error('socket'), { name: 'TimeoutError' });
      },
      PayerUnavailableError,
      'could not be read',
    ],
  ])('refuses %s, without the secret in the message', async (_what, secretValue, kind, message) => {
    const fake = fakePayer({});
    const act = createPayerTokens({
      clock: movableClock(),
      fetch: fake.fetch,
      ...(secretValue ? { secretValue } : {}),
    }).token('payer-a', auth({ privateKeyJwk: ARN }));
    await expect(act).rejects.toBeInstanceOf(kind);
    await expect(act).rejects.toThrow(message);
    expect(fake.tokenCalls).toHaveLength(0);
  });
});
