/**
 * The bearer-token authorizer of the /v1 routes (all but the payer webhook). HTTP API Lambda
 * authorizer with simple responses. The token is PA_API_TOKEN locally and a Secrets Manager secret
 * on AWS; it is compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { secretString } from '#adapters/aws-clients.ts';

async function expectedToken(): Promise<string> {
  const local = process.env.PA_API_TOKEN;
  if (local) return local;
  const arn = process.env.API_TOKEN_SECRET_ARN;
  if (!arn) throw new Error('no API token is configured');
  return ((await secretString(arn)) ?? '').trim();
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
