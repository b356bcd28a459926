/**
 * SMART Backend Services (API.md part 2, "Payer transports: authentication"): the access token
 * a payer entry's `auth` of type `smart-backend` asks for. The product signs a client assertion
 * (a JWT: iss = sub = clientId, aud = tokenUrl, a unique jti, exp at most 5 minutes ahead, header
 * alg RS384 or ES384 and the key's kid) with jose, posts it to tokenUrl as `client_credentials`
 * with `client_assertion_type` jwt-bearer, and keeps the token per payer until a little before
 * it expires. The private key is the entry's JWK or, on AWS, read from the Secrets Manager secret
 * its ARN names. Nothing of the key, the assertion or the token reaches a log or an error message.
 */
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import * as z from 'zod';
import { PayerRejectedError, PayerUnavailableError } from '#core/errors.ts';
import type { Clock } from '#core/ports.ts';
import { PrivateJwk, type SmartBackendAuth, signingAlg } from '#schemas/payer-registry.ts';
import { sendToPayer } from './payer-http.ts';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The assertion's lifetime: under SMART's 5-minute ceiling, leaving room for clock skew. */
export const ASSERTION_LIFETIME_S = 240;
/** A token is renewed this long before it expires (at most a fifth of its lifetime). */
export const REFRESH_MARGIN_S = 60;

export interface TokenDeps {
  /** The wall clock (the token server's time), not PA_CLOCK. */
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Reads a Secrets Manager secret's string (on AWS: the private key of an ARN privateKeyJwk). */
  secretValue?: (secretArn: string) => Promise<string | undefined>;
  /** A unique jti per assertion (tests fix it). */
  jti?: () => string;
}

/** The access tokens of the payers, one per payer and client, reused until they expire. */
export interface PayerTokens {
  /** The payer's current token, or a new one when there is none or it is about to expire. */
  token(payerId: string, auth: SmartBackendAuth): Promise<string>;
  /** Forgets the payer's token `token` (the payer answered 401 with it). */
  drop(payerId: string, auth: SmartBackendAuth, token: string): void;
}

/** The signed client assertion (private_key_jwt) of one token request. */
export async function clientAssertion(
  auth: Pick<SmartBackendAuth, 'clientId' | 'tokenUrl'>,
  jwk: PrivateJwk,
  now: Date,
  jti: string = randomUUID(),
): Promise<string> {
  const alg = signingAlg(jwk.kty);
  const key = await importJWK({ ...jwk, alg }, alg);
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg, kid: jwk.kid, typ: 'JWT' })
    .setIssuer(auth.clientId)
    .setSubject(auth.clientId)
    .setAudience(auth.tokenUrl)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_S)
    .sign(key);
}

/** The private key of an entry: its JWK, or the JWK the secret its ARN names holds. */
async function privateKey(payerId: string, auth: SmartBackendAuth, deps: TokenDeps): Promise<PrivateJwk> {
  if (typeof auth.privateKeyJwk !== 'string') return auth.privateKeyJwk;
  if (!deps.secretValue) {
    throw new PayerRejectedError(
      `payer ${payerId}: auth.privateKeyJwk names a secret, and no secret store is wired`,
    );
  }
  let text: string | undefined;
  try {
    text = await deps.secretValue(auth.privateKeyJwk);
  } catch (error) {
    const refused = error instanceof Error && /NotFound|AccessDenied/.test(error.name);
    const Failure = refused ? PayerRejectedError : PayerUnavailableError;
    throw new Failure(`payer ${payerId}: the private key secret of auth.privateKeyJwk could not be read`, {
      cause: error,
    });
  }
  const parsed = PrivateJwk.safeParse(parseJsonOrNull(text ?? ''));
  if (!parsed.success) {
    throw new PayerRejectedError(
      `payer ${payerId}: the secret of auth.privateKeyJwk does not hold a private JWK (${parsed.error.issues
        .map((i) => i.path.join('.') || 'value')
        .join(', ')})`,
    );
  }
  return parsed.data;
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const TokenResponse = z.object({
  access_token: z.string().min(1).max(8_192),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().nonnegative().optional(),
});

/** An OAuth error code (RFC 6749 5.2) is safe to name; anything else in the body is not read. */
function oauthError(text: string | null): string {
  const code = (parseJsonOrNull(text ?? '') as { error?: unknown } | null)?.error;
  return typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? ` ${code}` : '';
}

interface IssuedToken {
  accessToken: string;
  /** When to stop using it (epoch ms): its expiry less the refresh margin; now for no expires_in. */
  renewAt: number;
}

/** One token request: client_credentials with the signed assertion. */
export async function requestToken(
  payerId: string,
  auth: SmartBackendAuth,
  deps: TokenDeps,
): Promise<IssuedToken> {
  const jwk = await privateKey(payerId, auth, deps);
  const now = deps.clock.now();
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: auth.scope,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: await clientAssertion(auth, jwk, now, deps.jti?.()),
  });
  const target = `payer ${payerId} token endpoint`;
  const { status, text } = await sendToPayer({
    payerId,
    target,
    url: auth.tokenUrl,
    contentType: 'application/x-www-form-urlencoded',
    accept: 'application/json',
    body: form.toString(),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
  });
  if (status >= 500 || status === 408 || status === 429) {
    throw new PayerUnavailableError(`${target} answered HTTP ${status}`);
  }
  if (status < 200 || status >= 300) {
    throw new PayerRejectedError(
      `${target} refused the client assertion with HTTP ${status}${oauthError(text)}`,
    );
  }
  const parsed = TokenResponse.safeParse(parseJsonOrNull(text ?? ''));
  if (!parsed.success) {
    throw new PayerRejectedError(`${target} answered without a bearer access_token`);
  }
  const { access_token, expires_in } = parsed.data;
  const lifetimeS = expires_in ?? 0;
  const marginS = Math.min(REFRESH_MARGIN_S, lifetimeS / 5);
  return { accessToken: access_token, renewAt: now.getTime() + (lifetimeS - marginS) * 1000 };
}

/**
 * The token cache of one process (a Lambda container, the local stack): per payer and client,
 * one request in flight at a time, a token reused until its renewal time by the clock.
 */
export function createPayerTokens(deps: TokenDeps): PayerTokens {
  interface Entry {
    pending: Promise<IssuedToken>;
    issued?: IssuedToken;
  }
  const cache = new Map<string, Entry>();
  const keyOf = (payerId: string, auth: SmartBackendAuth) =>
    JSON.stringify([payerId, auth.tokenUrl, auth.clientId, auth.scope]);
  return {
    async token(payerId, auth) {
      const key = keyOf(payerId, auth);
      const entry = cache.get(key);
      if (entry && (!entry.issued || deps.clock.now().getTime() < entry.issued.renewAt)) {
        return (await entry.pending).accessToken;
      }
      const fresh: Entry = { pending: requestToken(payerId, auth, deps) };
      cache.set(key, fresh);
      fresh.pending.then(
        (issued) => {
          fresh.issued = issued;
        },
        () => {
          if (cache.get(key) === fresh) cache.delete(key);
        },
      );
      return (await fresh.pending).accessToken;
    },
    drop(payerId, auth, token) {
      const key = keyOf(payerId, auth);
      // Only the token the payer refused: a newer one another call already got is kept.
      if (cache.get(key)?.issued?.accessToken === token) cache.delete(key);
    },
  };
}
