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
    token_endpoint: `${issuer}/oauth2/token`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [TOKEN_ALGORITHM],
    scopes_supported: ROLES.map((role) => `${RESOURCE_SERVER}/${role}`),
    claims_supported: ['iss', 'aud', 'sub', 'exp', 'iat', 'client_id', 'scope', 'roles', 'organizationId'],
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
