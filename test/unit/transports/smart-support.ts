/**
 * What the SMART Backend Services tests share: synthetic key pairs as JWKs, a clock the test
 * moves, and a fake fetch that plays a token endpoint and a PAS payer (no network, no timers).
 */
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '#core/ports.ts';
import type { PrivateJwk } from '#schemas/payer-registry.ts';
import { fixture } from './support.ts';

export const TOKEN_URL = 'https://auth.payer.example/oauth2/token';
export const PAYER_BASE = 'https://fhir.payer.example/r4';
export const CLIENT_ID = 'durvalumab-pa-client-7';

export interface KeyPair {
  privateJwk: PrivateJwk;
  publicJwk: JWK;
}

/** A fresh synthetic key pair: RS384 (RSA 2048) or ES384 (P-384), both halves as JWKs with a kid. */
export async function keyPair(alg: 'RS384' | 'ES384', kid = `kid-${alg}`): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid } as PrivateJwk;
  return { privateJwk, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

/** A clock the test sets; nothing waits. */
export function movableClock(start = '2026-08-05T14:00:00.000Z'): Clock & { advance(seconds: number): void } {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}

export interface Seen {
  url: string;
  authorization: string | null;
  body: string;
}

export interface FakeParty {
  status: number;
  body: string;
}

/**
 * A fetch answering the token endpoint (a new token each time, `access-<n>`) and the payer
 * (status 401 while `payerRefuses` holds for the token, else the A1 ClaimResponse).
 */
export function fakePayer(options: {
  token?: () => FakeParty;
  expiresIn?: number | undefined;
  payerRefuses?: (authorization: string | null) => boolean;
}) {
  const tokenCalls: Seen[] = [];
  const payerCalls: Seen[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const seen = { url, authorization: headers.get('authorization'), body: String(init?.body ?? '') };
    if (url === TOKEN_URL) {
      tokenCalls.push(seen);
      const answer = options.token?.() ?? {
        status: 200,
        body: JSON.stringify({
          access_token: `access-${tokenCalls.length}`,
          token_type: 'bearer',
          ...('expiresIn' in options ? { expires_in: options.expiresIn } : { expires_in: 300 }),
          scope: 'system/Claim.write',
        }),
      };
      return new Response(answer.body, {
        status: answer.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    payerCalls.push(seen);
    if (options.payerRefuses?.(seen.authorization)) return new Response('', { status: 401 });
    return new Response(fixture('pas', 'response-a1-approved.json'), {
      status: 200,
      headers: { 'content-type': 'application/fhir+json' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, tokenCalls, payerCalls };
}

/** The form fields of a token request. */
export const formOf = (seen: Seen) => Object.fromEntries(new URLSearchParams(seen.body));
