/**
 * Signing people in (core/identity/sign-in.ts and the use cases): the authorization request's
 * checks, PKCE S256 (RFC 7636 appendix B), a code's redemption at its boundaries, the attempt
 * limit, the user's token claims, and passwords kept only as hashes.
 */
import { describe, expect, it } from 'vitest';
import { inMemoryIdentityStore } from '#adapters/in-memory/identity-store.ts';
import { fixedClock } from '#adapters/in-memory/index.ts';
import { principalOfClaims } from '#core/identity/claims.ts';
import {
  AuthorizeRequest,
  authorizationCode,
  challengeOf,
  checkAuthorizeRequest,
  codeHashOf,
  failureWindowStart,
  MAX_FAILED_SIGN_INS,
  newAuthorizationCode,
  newTemporaryPassword,
  redemptionAllowed,
  signInLocked,
  userAccessTokenClaims,
} from '#core/identity/sign-in.ts';
import { authenticateUser, createUser } from '#use-cases/identity.ts';

// RFC 7636 appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const client = { clientId: 'pa-web', redirectUris: ['http://127.0.0.1:3000/app/'] };
const params = {
  response_type: 'code',
  client_id: 'pa-web',
  redirect_uri: 'http://127.0.0.1:3000/app/',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  state: 'xyz',
  scope: 'openid',
};
const user = {
  userId: 'usr_1',
  email: 'pat@example.org',
  name: 'Pat',
  organizationId: 'org-a',
  roles: ['staff' as const],
};
const NOW = new Date('2026-11-30T10:00:00.000Z');

describe('the authorization request', () => {
  it('goes on when every parameter is right', () => {
    expect(checkAuthorizeRequest(params, client)).toMatchObject({ ok: true, request: { state: 'xyz' } });
    const { scope: _none, ...withoutScope } = params;
    expect(checkAuthorizeRequest(withoutScope, client).ok).toBe(true);
  });

  it.each([
    [{ client_id: 'another' }],
    [{ client_id: undefined }],
    [{ redirect_uri: 'https://evil.example/app/' }],
    [{ redirect_uri: 'http://127.0.0.1:3000/app/extra' }],
    [{ redirect_uri: undefined }],
  ])('is shown as an error, never redirected, for %j', (change) => {
    expect(checkAuthorizeRequest({ ...params, ...change }, client)).toMatchObject({
      ok: false,
      redirect: false,
    });
  });

  it.each([
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ code_challenge_method: 'plain' }, 'invalid_request'],
    [{ code_challenge_method: undefined }, 'invalid_request'],
    [{ code_challenge: undefined }, 'invalid_request'],
    [{ code_challenge: CHALLENGE.slice(1) }, 'invalid_request'],
    [{ code_challenge: `${CHALLENGE}A` }, 'invalid_request'],
    [{ state: undefined }, 'invalid_request'],
    [{ state: 's'.repeat(1001) }, 'invalid_request'],
  ])('redirects %j back with error %s', (change, error) => {
    expect(checkAuthorizeRequest({ ...params, ...change }, client)).toMatchObject({
      ok: false,
      redirect: true,
      redirectUri: params.redirect_uri,
      error,
    });
  });
});

describe('PKCE S256 and the code', () => {
  it('computes the challenge of RFC 7636 appendix B', () => {
    expect(challengeOf(VERIFIER)).toBe(CHALLENGE);
  });

  const code = authorizationCode('h', AuthorizeRequest.parse(params), user, NOW);
  const presented = { clientId: 'pa-web', redirectUri: params.redirect_uri, codeVerifier: VERIFIER };

  it('is good for one minute: refused from its last millisecond on', () => {
    expect(code.validUntil).toBe('2026-11-30T10:01:00.000Z');
    expect(redemptionAllowed(code, { ...presented, now: new Date('2026-11-30T10:00:59.999Z') })).toBe(true);
    expect(redemptionAllowed(code, { ...presented, now: new Date('2026-11-30T10:01:00.000Z') })).toBe(false);
  });

  it.each([
    [{ clientId: 'other' }],
    [{ redirectUri: 'http://127.0.0.1:3000/app/other' }],
    [{ codeVerifier: `${VERIFIER.slice(0, -1)}A` }],
    [{ codeVerifier: CHALLENGE }],
    [{ codeVerifier: 'short' }],
    [{ codeVerifier: `${VERIFIER} ` }],
  ])('refuses a redemption with %j', (change) => {
    expect(redemptionAllowed(code, { ...presented, ...change, now: NOW })).toBe(false);
  });

  it('keeps only the hash of a new code, and each code is new', () => {
    const a = newAuthorizationCode();
    const b = newAuthorizationCode();
    expect(a.code).not.toBe(b.code);
    expect(a.codeHash).toBe(codeHashOf(a.code));
    expect(a.codeHash).not.toContain(a.code);
  });
});

describe('the user access token', () => {
  it('carries the user as subject, the web client, the organization and roles the API reads', () => {
    const claims = userAccessTokenClaims(user, 'pa-web', {
      issuer: 'http://x',
      audience: 'pa-api',
      now: NOW,
    });
    expect(claims).toMatchObject({
      sub: 'usr_1',
      client_id: 'pa-web',
      email: 'pat@example.org',
      name: 'Pat',
    });
    expect(principalOfClaims(claims)).toEqual({
      actorType: 'user',
      actorId: 'usr_1',
      organizationId: 'org-a',
      roles: ['staff'],
    });
  });
});

describe('the attempt limit', () => {
  it(`locks at ${MAX_FAILED_SIGN_INS} recent failures, not before`, () => {
    expect(signInLocked(MAX_FAILED_SIGN_INS - 1)).toBe(false);
    expect(signInLocked(MAX_FAILED_SIGN_INS)).toBe(true);
    expect(failureWindowStart(NOW)).toBe('2026-11-30T09:45:00.000Z');
  });
});

describe('users sign in with their password', () => {
  const setUp = async () => {
    const ports = { identity: inMemoryIdentityStore(), clock: fixedClock(NOW.toISOString()) };
    const made = await createUser(
      { email: 'Pat@Example.org', name: 'Pat', organizationId: 'default', roles: ['viewer'] },
      ports,
    );
    return { ports, made, password: made.temporaryPassword ?? '' };
  };

  it('answers a temporary password once and stores only its hash', async () => {
    const { ports, made, password } = await setUp();
    expect(made.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(made).not.toHaveProperty('passwordHash');
    const stored = await ports.identity.getUserByEmail('pat@example.org');
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(stored)).not.toContain(password);
    expect(newTemporaryPassword()).not.toBe(password);
  });

  it('signs in with the right password, whatever the e-mail case', async () => {
    const { ports, made, password } = await setUp();
    expect(await authenticateUser('pat@example.org', password, ports)).toEqual({
      userId: made.userId,
      email: 'Pat@Example.org',
      name: 'Pat',
      organizationId: 'default',
      roles: ['viewer'],
    });
  });

  it('answers a wrong password and an unknown e-mail alike, and records both', async () => {
    const { ports, password } = await setUp();
    expect(await authenticateUser('pat@example.org', `${password}x`, ports)).toBe('invalid');
    expect(await authenticateUser('nobody@example.org', password, ports)).toBe('invalid');
    const since = failureWindowStart(NOW);
    expect(await ports.identity.failedSignInsSince('pat@example.org', since)).toBe(1);
    expect(await ports.identity.failedSignInsSince('nobody@example.org', since)).toBe(1);
  });

  it('refuses even the right password after too many wrong ones', async () => {
    const { ports, made, password } = await setUp();
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++)
      await authenticateUser('pat@example.org', 'wrong', ports);
    expect(await authenticateUser('pat@example.org', password, ports)).toMatchObject({
      userId: made.userId,
    });
    await authenticateUser('pat@example.org', 'wrong', ports);
    expect(await authenticateUser('pat@example.org', password, ports)).toBe('locked');
  });

  it('refuses a user without a password (made on AWS, where Cognito keeps it)', async () => {
    const { ports } = await setUp();
    await ports.identity.putUser({ ...user, email: 'cognito@example.org', createdAt: NOW.toISOString() });
    expect(await authenticateUser('cognito@example.org', '', ports)).toBe('invalid');
  });
});
