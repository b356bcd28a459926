/**
 * The local issuer's tokens and the check every issuer's tokens go through, with `jose`: ES256
 * access tokens signed with the key the IdentityStore keeps (made on first use, so it outlives
 * restarts), its JWKS and discovery document, and the verification of a bearer JWT against an
 * issuer's JWKS (iss, aud, exp and nbf against the product's clock, the algorithm pinned).
 */
import {
  calculateJwkThumbprint,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { RESOURCE_SERVER } from '#core/identity/claims.ts';
import { ROLES } from '#core/identity/roles.ts';
import {
  AuthorizeRequest,
  LOCAL_WEB_CLIENT_ID,
  PENDING_TTL_SECONDS,
  type WebClient,
} from '#core/identity/sign-in.ts';
import type { IdentityStore, SigningKey } from '#core/identity/store.ts';

export const TOKEN_ALGORITHM = 'ES256';
export const JWKS_PATH = '/.well-known/jwks.json';

export interface IssuerSettings {
  issuer: string;
  audience: string;
  /**
   * Cognito (PA_OIDC_CLIENT_IDS): its access tokens carry `client_id` instead of `aud`, and are
   * RS256; the app clients' ids are the audience check.
   */
  clientIds?: string[];
}

/** PA_OIDC_ISSUER (on AWS: the Cognito user pool's issuer URL), else the local stack's own URL. */
export function issuerSettings(env: NodeJS.ProcessEnv = process.env): IssuerSettings {
  const issuer = (env.PA_OIDC_ISSUER ?? env.PA_PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (!issuer) throw new Error('no token issuer is configured (PA_OIDC_ISSUER or PA_PUBLIC_URL)');
  const clientIds = env.PA_OIDC_CLIENT_IDS?.split(',').filter(Boolean);
  return {
    issuer,
    audience: env.PA_OIDC_AUDIENCE ?? RESOURCE_SERVER,
    ...(clientIds?.length ? { clientIds } : {}),
  };
}

/**
 * The web app's client at the local issuer: PA_WEB_CLIENT_ID (default `pa-web`), its redirect URIs
 * PA_WEB_REDIRECT_URIS (comma-separated), else the web app the stack serves, `<issuer>/app/`.
 */
export function webClientSettings(env: NodeJS.ProcessEnv = process.env): WebClient {
  const { issuer } = issuerSettings(env);
  const listed = env.PA_WEB_REDIRECT_URIS?.split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);
  return {
    clientId: env.PA_WEB_CLIENT_ID || LOCAL_WEB_CLIENT_ID,
    redirectUris: listed?.length ? listed : [`${issuer}/app/`],
  };
}

const PENDING_TYPE = 'pa-sign-in+jwt';
const pendingAudience = (issuer: string) => `${issuer}/oauth2/authorize`;

/**
 * The authorization request the sign-in form carries back, signed with the issuer's key for ten
 * minutes: what comes back with the password is what was checked, unchanged.
 */
export async function signPendingRequest(
  request: AuthorizeRequest,
  key: SigningKey,
  settings: { issuer: string; now: Date },
): Promise<string> {
  const iat = Math.floor(settings.now.getTime() / 1000);
  return new SignJWT({ request })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: PENDING_TYPE })
    .setIssuer(settings.issuer)
    .setAudience(pendingAudience(settings.issuer))
    .setIssuedAt(iat)
    .setExpirationTime(iat + PENDING_TTL_SECONDS)
    .sign(await importJWK(key.privateJwk, TOKEN_ALGORITHM));
}

/** The authorization request a signed form field carries, or undefined when it is not ours, altered or stale. */
export async function verifyPendingRequest(
  pending: string,
  key: SigningKey,
  settings: { issuer: string; now: Date },
): Promise<AuthorizeRequest | undefined> {
  try {
    const { payload } = await jwtVerify(pending, await importJWK(key.publicJwk, TOKEN_ALGORITHM), {
      issuer: settings.issuer,
      audience: pendingAudience(settings.issuer),
      algorithms: [TOKEN_ALGORITHM],
      typ: PENDING_TYPE,
      currentDate: settings.now,
    });
    const parsed = AuthorizeRequest.safeParse(payload.request);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function newSigningKey(now: Date): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const stamp = { kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  return {
    kid,
    alg: TOKEN_ALGORITHM,
    privateJwk: { ...(await exportJWK(privateKey)), ...stamp },
    publicJwk: { ...publicJwk, ...stamp },
    createdAt: now.toISOString(),
  };
}

const cachedKeys = new WeakMap<IdentityStore, Promise<SigningKey>>();

/** The issuer's key: the stored one, or a new one stored now (the first writer wins); read once per store. */
export function signingKey(store: IdentityStore, now: Date): Promise<SigningKey> {
  let key = cachedKeys.get(store);
  if (!key) {
    key = (async () => (await store.currentSigningKey()) ?? store.signingKey(await newSigningKey(now)))();
    cachedKeys.set(store, key);
    key.catch(() => cachedKeys.delete(store));
  }
  return key;
}

export async function signAccessToken(claims: JWTPayload, key: SigningKey): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, TOKEN_ALGORITHM);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: 'at+jwt' })
    .sign(privateKey);
}

export const jwks = (key: SigningKey) => ({ keys: [key.publicJwk] });

/** The discovery document: the claims the API reads are the ones Cognito's access tokens carry. */
export function discoveryDocument({ issuer }: IssuerSettings) {
  return {
    issuer,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    grant_types_supported: ['client_credentials', 'authorization_code'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [TOKEN_ALGORITHM],
    scopes_supported: ROLES.map((role) => `${RESOURCE_SERVER}/${role}`),
    claims_supported: [
      'iss',
      'aud',
      'sub',
      'exp',
      'iat',
      'client_id',
      'scope',
      'roles',
      'organizationId',
      'email',
      'name',
    ],
  };
}

const remoteSets = new Map<string, JWTVerifyGetKey>();

/** The issuer's JWKS, fetched from its jwks_uri and cached by jose (a new kid refetches it). */
export function remoteJwks(issuer: string): JWTVerifyGetKey {
  let set = remoteSets.get(issuer);
  if (!set) {
    set = createRemoteJWKSet(new URL(`${issuer}${JWKS_PATH}`), { timeoutDuration: 3000 });
    remoteSets.set(issuer, set);
  }
  return set;
}

/** The token's claims when it is the issuer's, for the audience, and valid at `now`; throws otherwise. */
export async function verifyAccessToken(
  token: string,
  settings: IssuerSettings & { now: Date; keys: JWTVerifyGetKey },
): Promise<JWTPayload> {
  const cognito = settings.clientIds !== undefined;
  const { payload } = await jwtVerify(token, settings.keys, {
    issuer: settings.issuer,
    ...(cognito ? {} : { audience: settings.audience }),
    algorithms: [cognito ? 'RS256' : TOKEN_ALGORITHM],
    currentDate: settings.now,
    requiredClaims: ['exp', 'iat', 'sub'],
  });
  if (cognito && !settings.clientIds?.includes(String(payload.client_id)))
    throw new Error('a token of another app client');
  return payload;
}
