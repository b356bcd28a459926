/**
 * Tokens of the local issuer, signed and verified with jose on the product's clock: a good token
 * passes; expired, not yet valid, for another audience or issuer, signed with another key or
 * another algorithm, or unsigned, it is refused.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  discoveryDocument,
  issuerSettings,
  jwks,
  newSigningKey,
  signAccessToken,
  signingKey,
  verifyAccessToken,
} from '#adapters/identity-tokens.ts';
import { inMemoryIdentityStore } from '#adapters/in-memory/identity-store.ts';
import { accessTokenClaims, principalOfClaims } from '#core/identity/claims.ts';

const NOW = new Date('2026-11-30T10:00:00.000Z');
const settings = { issuer: 'http://127.0.0.1:3000', audience: 'pa-api' };
const subject = {
  clientId: '0123456789abcdef0123456789abcdef',
  organizationId: 'org-riverside',
  roles: ['staff' as const],
};

async function issued(overrides: { now?: Date; audience?: string; issuer?: string } = {}) {
  const key = await newSigningKey(NOW);
  const claims = accessTokenClaims(subject, { ...settings, ...overrides, now: overrides.now ?? NOW });
  return { key, token: await signAccessToken(claims, key), keys: createLocalJWKSet(jwks(key) as never) };
}

const verify = (token: string, keys: ReturnType<typeof createLocalJWKSet>, now = NOW) =>
  verifyAccessToken(token, { ...settings, now, keys });

describe('the local issuer', () => {
  it('signs a token that verifies and names its client, organization and roles', async () => {
    const { token, keys } = await issued();
    expect(token.split('.')).toHaveLength(3);
    expect(principalOfClaims(await verify(token, keys))).toEqual({
      actorType: 'client',
      actorId: subject.clientId,
      organizationId: 'org-riverside',
      roles: ['staff'],
    });
  });

  it('accepts the token until its last second on the product clock, and refuses it after', async () => {
    const { token, keys } = await issued();
    await expect(verify(token, keys, new Date(NOW.getTime() + 3599_000))).resolves.toBeDefined();
    await expect(verify(token, keys, new Date(NOW.getTime() + 3601_000))).rejects.toThrow(/exp/);
  });

  it('refuses a token issued later than the clock reads (nbf in the future)', async () => {
    const { token, keys } = await issued({ now: new Date(NOW.getTime() + 24 * 3600_000) });
    await expect(verify(token, keys)).rejects.toThrow(/nbf/);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const other = await issued({ audience: 'another-api' });
    await expect(verify(other.token, other.keys)).rejects.toThrow(/aud/);
    const foreign = await issued({ issuer: 'https://issuer.example.org' });
    await expect(verify(foreign.token, foreign.keys)).rejects.toThrow(/iss/);
  });

  it('refuses a token signed with another key', async () => {
    const { keys } = await issued();
    const { token } = await issued();
    await expect(verify(token, keys)).rejects.toThrow();
  });

  it('refuses a token of another algorithm, even with the right kid (the algorithm is pinned)', async () => {
    const { key, keys } = await issued();
    const rsa = await generateKeyPair('RS256');
    const claims = accessTokenClaims(subject, { ...settings, now: NOW });
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .sign(rsa.privateKey);
    await expect(verify(token, keys)).rejects.toThrow();
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode('a shared secret of enough length'));
    await expect(verify(hs, keys)).rejects.toThrow();
  });

  it('refuses an unsigned token (alg none)', async () => {
    const { keys } = await issued();
    const token = new UnsecuredJWT(accessTokenClaims(subject, { ...settings, now: NOW })).encode();
    await expect(verify(token, keys)).rejects.toThrow();
  });

  it('publishes the public key only, with its kid and algorithm', async () => {
    const key = await newSigningKey(NOW);
    const [published] = jwks(key).keys;
    expect(published).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256', use: 'sig' });
    expect(published).not.toHaveProperty('d');
    expect(key.privateJwk).toHaveProperty('d');
    expect(await exportJWK((await generateKeyPair('ES256')).publicKey)).not.toHaveProperty('d');
  });

  it('makes one key per store and keeps it: a second call answers the same key', async () => {
    const store = inMemoryIdentityStore();
    const [a, b] = await Promise.all([signingKey(store, NOW), signingKey(store, NOW)]);
    expect(a.kid).toBe(b.kid);
    expect((await store.currentSigningKey())?.kid).toBe(a.kid);
    const stored = await newSigningKey(NOW);
    const another = inMemoryIdentityStore();
    await another.signingKey(stored);
    expect((await signingKey(another, NOW)).kid).toBe(stored.kid);
  });

  it('describes itself: issuer, jwks_uri, token endpoint, the claims the API reads', () => {
    const document = discoveryDocument(settings);
    expect(document).toMatchObject({
      issuer: settings.issuer,
      jwks_uri: `${settings.issuer}/.well-known/jwks.json`,
      token_endpoint: `${settings.issuer}/oauth2/token`,
      grant_types_supported: ['client_credentials', 'authorization_code'],
    });
    expect(document.claims_supported).toEqual(expect.arrayContaining(['sub', 'scope', 'organizationId']));
  });

  it('takes its issuer from PA_OIDC_ISSUER, else the public URL, and refuses to run without one', () => {
    expect(issuerSettings({ PA_PUBLIC_URL: 'http://127.0.0.1:9/' })).toEqual({
      issuer: 'http://127.0.0.1:9',
      audience: 'pa-api',
    });
    expect(
      issuerSettings({
        PA_OIDC_ISSUER: 'https://cognito.example',
        PA_OIDC_AUDIENCE: 'x',
        PA_PUBLIC_URL: 'y',
      }),
    ).toEqual({ issuer: 'https://cognito.example', audience: 'x' });
    expect(() => issuerSettings({})).toThrow(/issuer/);
  });
});

describe('Cognito tokens (PA_OIDC_CLIENT_IDS)', () => {
  const cognito = {
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x',
    audience: 'pa-api',
    clientIds: ['app1'],
  };
  const sign = async (claims: Record<string, unknown>, alg = 'RS256') => {
    const pair = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg };
    const token = await new SignJWT(claims).setProtectedHeader({ alg, kid: 'k1' }).sign(pair.privateKey);
    return { token, keys: createLocalJWKSet({ keys: [jwk] } as never) };
  };
  const iat = Math.floor(NOW.getTime() / 1000);
  const claims = {
    iss: cognito.issuer,
    sub: 'app1',
    client_id: 'app1',
    iat,
    exp: iat + 3600,
    scope: 'pa-api/staff',
  };

  it('reads the settings from the environment', () => {
    expect(
      issuerSettings({ PA_OIDC_ISSUER: cognito.issuer, PA_OIDC_CLIENT_IDS: 'app1,app2' }).clientIds,
    ).toEqual(['app1', 'app2']);
  });

  it('accepts an RS256 token of one of the app clients, without aud', async () => {
    const { token, keys } = await sign(claims);
    await expect(verifyAccessToken(token, { ...cognito, now: NOW, keys })).resolves.toMatchObject({
      sub: 'app1',
    });
  });

  it('refuses another app client, and ES256 (the algorithm is pinned to what Cognito signs with)', async () => {
    const other = await sign({ ...claims, client_id: 'app9' });
    await expect(
      verifyAccessToken(other.token, { ...cognito, now: NOW, keys: other.keys }),
    ).rejects.toThrow();
    const es = await sign(claims, 'ES256');
    await expect(verifyAccessToken(es.token, { ...cognito, now: NOW, keys: es.keys })).rejects.toThrow();
  });
});
