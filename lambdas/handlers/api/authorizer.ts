/**
 * The bearer-token authorizer of the /v1 routes (all but the payer webhook). HTTP API Lambda
 * authorizer with simple responses. The token is PA_API_TOKEN locally and a Secrets Manager secret
 * on AWS; it is compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { secretsClient } from '#adapters/aws-clients.ts';

let cached: { token: string; at: number } | undefined;
const CACHE_MS = 5 * 60 * 1000;

async function expectedToken(): Promise<string> {
  const local = process.env.PA_API_TOKEN;
  if (local) return local;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.token;
  const arn = process.env.API_TOKEN_SECRET_ARN;
  if (!arn) throw new Error('no API token is configured');
  const out = await secretsClient().send(new GetSecretValueCommand({ SecretId: arn }));
  const token = (out.SecretString ?? '').trim();
  cached = { token, at: Date.now() };
  return token;
}

export function tokenMatches(header: string | undefined, expected: string): boolean {
  if (!header || !expected) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return false;
  const a = createHash('sha256').update(match[1]).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerResult> => {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? event.identitySource?.[0];
  return { isAuthorized: tokenMatches(header, await expectedToken()) };
};
