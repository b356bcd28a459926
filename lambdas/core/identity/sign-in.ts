/**
 * People signing in to the web app (API.md "Identity, roles and organizations": the
 * authorization-code flow with PKCE, RFC 6749 §4.1 and RFC 7636): what an authorization request
 * must carry, the single-use code and what its redemption must match, the attempt limit, and the
 * claims of a user's access token (the ones Cognito's pre-token trigger adds on AWS).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { accessTokenClaims, type TokenSettings } from './claims.ts';
import type { UserRecord } from './records.ts';

/** The local web app's client id (PA_WEB_CLIENT_ID overrides it); a public client, no secret. */
export const LOCAL_WEB_CLIENT_ID = 'pa-web';
/** A code is good for one minute (RFC 6749 §4.1.2 recommends at most ten). */
export const CODE_TTL_SECONDS = 60;
/** A signed pending sign-in (the form's hidden field) is good for ten minutes. */
export const PENDING_TTL_SECONDS = 600;
/** At most this many wrong passwords per e-mail within the window; then every attempt fails until it passes. */
export const MAX_FAILED_SIGN_INS = 5;
export const FAILED_SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** The S256 challenge: base64url of a SHA-256, 43 characters. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The query of GET /oauth2/authorize (and the fields the form carries back). */
export const AuthorizeRequest = z.object({
  response_type: z.literal('code'),
  client_id: z.string().min(1).max(200),
  redirect_uri: z.url().max(2000),
  code_challenge: z.string().regex(CHALLENGE, { error: 'an S256 challenge (43 base64url characters)' }),
  code_challenge_method: z.literal('S256'),
  state: z.string().min(1).max(1000),
  scope: z.string().max(1000).optional(),
});
export type AuthorizeRequest = z.infer<typeof AuthorizeRequest>;

/** A web client the issuer knows: its id and the redirect URIs registered for it. */
export interface WebClient {
  clientId: string;
  redirectUris: readonly string[];
}

export type AuthorizeCheck =
  | { ok: true; request: AuthorizeRequest }
  /** Unknown client or unregistered redirect URI: shown to the person, never redirected (RFC 6749 §4.1.2.1). */
  | { ok: false; redirect: false; reason: string }
  /** Anything else: back to the (registered) redirect URI with `error`. */
  | { ok: false; redirect: true; redirectUri: string; error: string; state?: string };

/** Whether an authorization request may go on to the sign-in form. */
export function checkAuthorizeRequest(
  params: Record<string, string | undefined>,
  client: WebClient,
): AuthorizeCheck {
  if (params.client_id !== client.clientId)
    return { ok: false, redirect: false, reason: 'This application is not known to the sign-in service.' };
  if (!params.redirect_uri || !client.redirectUris.includes(params.redirect_uri))
    return {
      ok: false,
      redirect: false,
      reason: 'This return address is not registered for the application.',
    };
  const parsed = AuthorizeRequest.safeParse(params);
  if (parsed.success) return { ok: true, request: parsed.data };
  const field = String(parsed.error.issues[0]?.path[0] ?? '');
  return {
    ok: false,
    redirect: true,
    redirectUri: params.redirect_uri,
    error: field === 'response_type' ? 'unsupported_response_type' : 'invalid_request',
    ...(params.state ? { state: params.state.slice(0, 1000) } : {}),
  };
}

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
export const challengeOf = (verifier: string): string =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** True when `verifier` is well formed and its S256 challenge is `challenge` (compared in constant time). */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier) || !CHALLENGE.test(challenge)) return false;
  return timingSafeEqual(Buffer.from(challengeOf(verifier)), Buffer.from(challenge));
}

/** A new authorization code (32 random bytes) and the hash it is stored under: the code itself is never stored. */
export function newAuthorizationCode(): { code: string; codeHash: string } {
  const code = randomBytes(32).toString('base64url');
  return { code, codeHash: codeHashOf(code) };
}
export const codeHashOf = (code: string): string => createHash('sha256').update(code).digest('base64url');

/** Who signed in, as the code carries it to the token endpoint. */
export interface SignedInUser {
  userId: string;
  email: string;
  name: string;
  organizationId: string;
  roles: UserRecord['roles'];
}

/** An issued authorization code, stored under its hash until redeemed once or expired. */
export interface AuthorizationCode {
  codeHash: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: SignedInUser;
  /** ISO time from which it is refused. */
  validUntil: string;
}

export function authorizationCode(
  codeHash: string,
  request: AuthorizeRequest,
  user: SignedInUser,
  now: Date,
): AuthorizationCode {
  return {
    codeHash,
    clientId: request.client_id,
    redirectUri: request.redirect_uri,
    codeChallenge: request.code_challenge,
    user,
    validUntil: new Date(now.getTime() + CODE_TTL_SECONDS * 1000).toISOString(),
  };
}

/** What the token request presents with the code. */
export interface CodeRedemption {
  clientId: string;
  redirectUri: string;
  codeVerifier: string;
  now: Date;
}

/**
 * True when the code may be exchanged: not expired, for the same client and redirect URI, and the
 * verifier's challenge is the one of the authorization request. (That it is unused is the store's
 * single-use redemption.)
 */
export function redemptionAllowed(code: AuthorizationCode, presented: CodeRedemption): boolean {
  if (presented.now.getTime() >= Date.parse(code.validUntil)) return false;
  if (presented.clientId !== code.clientId || presented.redirectUri !== code.redirectUri) return false;
  return verifierMatches(presented.codeVerifier, code.codeChallenge);
}

/** True when an e-mail has had too many wrong passwords lately to try again now. */
export const signInLocked = (recentFailures: number): boolean => recentFailures >= MAX_FAILED_SIGN_INS;

/** The start of the window the failures are counted in. */
export const failureWindowStart = (now: Date): string =>
  new Date(now.getTime() - FAILED_SIGN_IN_WINDOW_SECONDS * 1000).toISOString();

/**
 * A person's access token: the claims of a client's (organization, roles as scopes and `roles`)
 * with `sub` the user's id, `client_id` the web client's, and the person's e-mail and name.
 */
export function userAccessTokenClaims(user: SignedInUser, clientId: string, settings: TokenSettings) {
  return {
    ...accessTokenClaims({ clientId, organizationId: user.organizationId, roles: user.roles }, settings),
    sub: user.userId,
    username: user.email,
    email: user.email,
    name: user.name,
  };
}

/** A temporary password shown once at the user's creation: 24 characters of base64url (144 bits). */
export const newTemporaryPassword = (): string => randomBytes(18).toString('base64url');
