/**
 * The bearer-token authorizer of the /v1 routes (all but the payer webhook). HTTP API Lambda
 * authorizer with simple responses. The token is PA_API_TOKEN locally (or the data dir's token
 * file, PA_API_TOKEN_FILE, which `pa rotate api-token` rewrites: read at each request, so a local
 * rotation needs no restart) and a Secrets Manager secret on AWS; it is compared in constant time.
 *
 * Rotation without downtime: the secret holds either the token alone or, while clients move to a
 * new token, `{"current": "<new>", "previous": "<old>"}`, and both are accepted; once every client
 * sends the new one, the secret goes back to the new token alone (README, "Rotating secrets").
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { secretString } from '#adapters/aws-secrets.ts';
import { OPERATOR, principalToContext } from '#core/identity/claims.ts';

/** The tokens a secret's value allows: one, or the current and the previous one during a rotation. */
export function acceptedTokens(secretValue: string | undefined): string[] {
  const value = (secretValue ?? '').trim();
  if (!value.startsWith('{')) return value ? [value] : [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  const { current, previous } = (parsed ?? {}) as { current?: unknown; previous?: unknown };
  return [current, previous].flatMap((token) =>
    typeof token === 'string' && token.trim() ? [token.trim()] : [],
  );
}

/** The local stack's token file (`<dataDir>/api-token`), read at each request: a rotation needs no restart. */
async function localTokenFile(file: string): Promise<string[]> {
  try {
    return acceptedTokens(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
}

async function expectedTokens(): Promise<string[]> {
  const file = process.env.PA_API_TOKEN_FILE;
  const fromFile = file ? await localTokenFile(file) : [];
  if (fromFile.length > 0) return fromFile;
  const local = process.env.PA_API_TOKEN;
  if (local) return [local, ...acceptedTokens(process.env.PA_API_TOKEN_PREVIOUS)];
  const arn = process.env.API_TOKEN_SECRET_ARN;
  if (!arn) throw new Error('no API token is configured');
  return acceptedTokens(await secretString(arn));
}

const digest = (token: string) => createHash('sha256').update(token).digest();

/** True when the header carries one of the expected tokens; every token is compared, in constant time. */
export function tokenMatches(header: string | undefined, expected: string | readonly string[]): boolean {
  const tokens = (typeof expected === 'string' ? [expected] : expected).filter(Boolean);
  if (!header || tokens.length === 0) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return false;
  const presented = digest(match[1]);
  let matched = false;
  for (const token of tokens) matched = timingSafeEqual(presented, digest(token)) || matched;
  return matched;
}

/** The bearer token when it has a JWT's shape (three base64url parts). */
const bearerJwt = (header: string | undefined) =>
  /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)\s*$/i.exec(header ?? '')?.[1];

/**
 * The bootstrap token (the operator: admin in every organization) or an access token of the
 * issuer (identity-authorizer.ts, loaded only then); the caller goes to the API in the context.
 *
 * A token it does not recognise goes on with no caller in the context, and the API answers it
 * 401 problem+json (identity-guard.ts: every route but the public ones needs a caller), as the
 * contract says of a bad token. A refusal here would be API Gateway's 403 `{"message":"Forbidden"}`:
 * an HTTP API answers `isAuthorized: false` so and cannot be told otherwise (it has no gateway
 * responses), and the web app signs in again on a 401 only. No Authorization header at all is
 * API Gateway's own 401, before this function runs.
 */
export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>> => {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? event.identitySource?.[0];
  const noCaller = { isAuthorized: true, context: {} };
  if (tokenMatches(header, await expectedTokens()))
    return { isAuthorized: true, context: principalToContext(OPERATOR) };
  const jwt = bearerJwt(header);
  if (!jwt) return noCaller;
  const principal = await (await import('./identity-authorizer.ts')).verifiedPrincipal(jwt);
  return principal ? { isAuthorized: true, context: principalToContext(principal) } : noCaller;
};
