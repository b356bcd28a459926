/**
 * A payer entry's auth through the transports: the bearer token on Claim/$submit, reused across
 * submissions, a 401 that drops it and retries once, HTTP Basic for an X12 endpoint; and the
 * registry schema that refuses a bad auth at load, naming the field.
 */
import { describe, expect, it } from 'vitest';
import { registryFromSecretText } from '#adapters/payer-registry.ts';
import { createPayerTokens, createTransport } from '#adapters/transports/index.ts';
import { PayerRejectedError } from '#core/errors.ts';
import type { PayerConfig } from '#core/ports.ts';
import { PayerEntry } from '#schemas/payer-registry.ts';
import { refusedPaths } from '../support/validation-refusal.ts';
import { CLIENT_ID, fakePayer, keyPair, movableClock, PAYER_BASE, TOKEN_URL } from './smart-support.ts';
import { deps, payer, SECRET, submission } from './support.ts';

const rsa = await keyPair('RS384');
const smart = {
  type: 'smart-backend',
  tokenUrl: TOKEN_URL,
  clientId: CLIENT_ID,
  privateKeyJwk: rsa.privateJwk,
};

/** A fhir-pas payer with SMART auth, its transport wired to the fake payer and a token cache. */
function pasWithAuth(fake: ReturnType<typeof fakePayer>, auth: unknown = smart) {
  const entry = { ...payer({ transport: 'fhir-pas', endpoint: PAYER_BASE }), auth } as PayerConfig;
  const clock = movableClock();
  const tokens = createPayerTokens({ clock, fetch: fake.fetch });
  return { entry, transport: createTransport(entry, deps({ fetch: fake.fetch, tokens })) };
}

describe('fhir-pas with smart-backend auth', () => {
  it('sends the bearer token to Claim/$submit and asks for one token for several submissions', async () => {
    const fake = fakePayer({});
    const { entry, transport } = pasWithAuth(fake);

    for (let i = 0; i < 3; i++) await transport.submit(submission(entry));

    expect(fake.tokenCalls).toHaveLength(1);
    expect(fake.payerCalls.map((c) => [c.url, c.authorization])).toEqual(
      Array(3).fill([`${PAYER_BASE}/Claim/$submit`, 'Bearer access-1']),
    );
  });

  it('on a 401, drops the token, gets a new one and sends the request once more', async () => {
    const fake = fakePayer({ payerRefuses: (authorization) => authorization === 'Bearer access-1' });
    const { entry, transport } = pasWithAuth(fake);

    const result = await transport.submit(submission(entry));

    expect(result.immediateDecision?.outcome).toBe('approved');
    expect(fake.payerCalls.map((c) => c.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(fake.payerCalls[0]!.body).toBe(fake.payerCalls[1]!.body);
  });

  it('retries a 401 once only: a second 401 is the payer refusing the submission', async () => {
    const fake = fakePayer({ payerRefuses: () => true });
    const { entry, transport } = pasWithAuth(fake);

    const act = transport.submit(submission(entry));

    await expect(act).rejects.toBeInstanceOf(PayerRejectedError);
    await expect(act).rejects.toThrow('HTTP 401');
    expect(fake.payerCalls).toHaveLength(2);
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('sends nothing to the payer when the token endpoint refuses the client', async () => {
    const fake = fakePayer({ token: () => ({ status: 401, body: '{"error":"invalid_client"}' }) });
    const { entry, transport } = pasWithAuth(fake);

    await expect(transport.submit(submission(entry))).rejects.toThrow(
      'payer demo-medicare-advantage token endpoint refused the client assertion with HTTP 401 invalid_client',
    );
    expect(fake.payerCalls).toHaveLength(0);
  });

  it('refuses to submit when no token source is wired', async () => {
    const fake = fakePayer({});
    const entry = { ...payer({ transport: 'fhir-pas', endpoint: PAYER_BASE }), auth: smart } as PayerConfig;
    const act = createTransport(entry, deps({ fetch: fake.fetch })).submit(submission(entry));
    await expect(act).rejects.toThrow('needs a token source');
    expect(fake.payerCalls).toHaveLength(0);
  });

  it('sends no Authorization header for an entry without auth', async () => {
    const fake = fakePayer({});
    const entry = payer({ transport: 'fhir-pas', endpoint: PAYER_BASE });
    await createTransport(entry, deps({ fetch: fake.fetch })).submit(submission(entry));
    expect(fake.payerCalls[0]!.authorization).toBeNull();
  });

  it('refuses an entry whose auth is malformed, naming the field', () => {
    expect(refusedPaths(() => pasWithAuth(fakePayer({}), { ...smart, tokenUrl: 'not a url' }))).toEqual([
      'auth.tokenUrl',
    ]);
  });
});

describe('x12-278 with basic auth', () => {
  it('sends HTTP Basic with the user id and password, on every request, and no 401 retry', async () => {
    const fake = fakePayer({ payerRefuses: () => true });
    const entry = {
      ...payer({
        transport: 'x12-278',
        endpoint: 'https://x12.payer.example/278',
        x12: { receiverId: 'PAYER01' },
      }),
      auth: { type: 'basic', username: 'practice-17', password: 'synthetic-password' },
    } as PayerConfig;

    await expect(
      createTransport(entry, deps({ fetch: fake.fetch })).submit(submission(entry)),
    ).rejects.toThrow('HTTP 401');

    expect(fake.payerCalls.map((c) => c.authorization)).toEqual([
      `Basic ${Buffer.from('practice-17:synthetic-password').toString('base64')}`,
    ]);
    expect(fake.tokenCalls).toHaveLength(0);
  });
});

describe('the registry schema of auth', () => {
  const base = {
    id: 'pas-payer',
    name: 'A PAS payer',
    planType: 'commercial',
    transport: 'fhir-pas',
    endpoint: PAYER_BASE,
    webhookSecret: SECRET,
  };
  const ARN =
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:durvalumab-pa/payer-keys/pas-payer-AbCdEf';

  it('accepts a JWK or a payer-keys secret ARN, and defaults the scope to system/Claim.write', () => {
    expect(PayerEntry.parse({ ...base, auth: smart }).auth).toMatchObject({ scope: 'system/Claim.write' });
    expect(PayerEntry.parse({ ...base, auth: { ...smart, privateKeyJwk: ARN } }).auth).toMatchObject({
      privateKeyJwk: ARN,
    });
    const basic = { type: 'basic', username: 'u', password: 'p' };
    expect(PayerEntry.parse({ ...base, transport: 'x12-278', id: 'x12p', auth: basic }).auth).toEqual(basic);
  });

  it.each([
    ['no tokenUrl', { ...smart, tokenUrl: undefined }, 'auth.tokenUrl'],
    [
      'a plain http tokenUrl off this machine',
      { ...smart, tokenUrl: 'http://auth.payer.example/t' },
      'auth.tokenUrl',
    ],
    ['no clientId', { ...smart, clientId: '' }, 'auth.clientId'],
    ['an unknown type', { ...smart, type: 'oauth-magic' }, 'auth.type'],
    [
      'a key without kid',
      { ...smart, privateKeyJwk: { ...rsa.privateJwk, kid: undefined } },
      'auth.privateKeyJwk',
    ],
    ['a public key', { ...smart, privateKeyJwk: { ...rsa.privateJwk, d: undefined } }, 'auth.privateKeyJwk'],
    [
      'an EC key on P-256',
      { ...smart, privateKeyJwk: { ...rsa.privateJwk, kty: 'EC', crv: 'P-256' } },
      'auth.privateKeyJwk.crv',
    ],
    [
      'an RSA key marked ES384',
      { ...smart, privateKeyJwk: { ...rsa.privateJwk, alg: 'ES384' } },
      'auth.privateKeyJwk.alg',
    ],
    [
      'a secret outside durvalumab-pa/payer-keys/',
      { ...smart, privateKeyJwk: ARN.replace('payer-keys', 'other') },
      'auth.privateKeyJwk',
    ],
    ['a basic username with a colon', { type: 'basic', username: 'a:b', password: 'p' }, 'auth.username'],
  ])('refuses %s', (_what, auth, field) => {
    const parsed = PayerEntry.safeParse({ ...base, auth });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('refuses auth on a payer that is not called over HTTP', () => {
    const parsed = PayerEntry.safeParse({ ...base, transport: 'manual', auth: smart });
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['auth', 'auth is for the fhir-pas and x12-278 transports (they call the payer)'],
    ]);
  });

  it('refuses a registry holding a bad auth at load, naming the field and not the key', () => {
    const text = JSON.stringify([{ ...base, auth: { ...smart, clientId: '' } }]);
    expect(() => registryFromSecretText(text)).toThrow(/\[0\.auth\.clientId\]/);
    try {
      registryFromSecretText(text);
    } catch (error) {
      expect(String(error)).not.toContain(rsa.privateJwk.d);
    }
  });
});
