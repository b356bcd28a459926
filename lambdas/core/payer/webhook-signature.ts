/**
 * Standard Webhooks 1.0.0 signatures (regulation.md (f)): HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${raw body}`, keyed with the base64-decoded secret less its
 * `whsec_` prefix, sent as `webhook-signature: v1,<base64>` (a space-delimited list, so that keys
 * can rotate). The reference library (standardwebhooks 1.1.1) reads `Date.now()` for the
 * timestamp check and cannot take the product's configurable clock (PA_CLOCK), so the check is
 * written here with node:crypto; the unit test proves byte-for-byte agreement with the library.
 *
 * Errors name the header that is missing or bad, never an expected value.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignatureError } from '../errors.ts';

export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;
const SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION = 'v1';
/** More signatures than this in one header is not key rotation: refuse instead of hashing on. */
const MAX_SIGNATURES = 16;
const SHA256_BYTES = 32;

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** The HMAC key of a `whsec_` secret. A bad secret is a configuration error, not the caller's. */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) {
    throw new Error('the payer webhook secret is empty or not base64 (expected whsec_<base64>)');
  }
  return key;
}

/**
 * The key a delivery with no secret (an unknown payer) is checked against: random, held by nobody,
 * so it fails on the same path and with the same 401 as a bad signature.
 */
const NOBODYS_KEY = randomBytes(32);

/** A body as sent: its raw bytes, or text (taken as UTF-8). */
export type WebhookBody = string | Uint8Array;

/** Over the body's bytes as received: a body that is not UTF-8 (an X12 278) verifies as sent. */
function digest(key: Buffer, id: string, timestamp: number, body: WebhookBody): Buffer {
  return createHmac('sha256', key)
    .update(`${id}.${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
}

function header(headers: Record<string, string | undefined>, name: keyof WebhookHeaders): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  if (value === undefined || value.trim() === '') {
    throw new SignatureError(`missing ${name} header`);
  }
  return value.trim();
}

/**
 * A body's text: UTF-8 when it is valid UTF-8, otherwise Latin-1, byte for byte (an X12 278 in
 * another 8-bit character set), so that the reader and the stored copy see every byte as sent.
 */
export function webhookBodyText(body: WebhookBody): string {
  if (typeof body === 'string') return body;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return Buffer.from(body).toString('latin1');
  }
}

/** `v1,<base64 HMAC>` of a message, as the sender puts it in `webhook-signature`. */
export function signWebhook(input: {
  id: string;
  timestamp: number;
  body: WebhookBody;
  secret: string;
}): string {
  const mac = digest(secretKey(input.secret), input.id, input.timestamp, input.body);
  return `${SIGNATURE_VERSION},${mac.toString('base64')}`;
}

/** The three headers of a signed delivery (for the simulator, the CLI and tests). */
export function webhookHeaders(input: {
  id: string;
  timestamp: number;
  body: WebhookBody;
  secret: string;
}): WebhookHeaders {
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': signWebhook(input),
  };
}

/**
 * Verifies a delivery against one payer's secret at the injected `now`. Returns the webhook id
 * (the idempotency key) and the timestamp; throws SignatureError otherwise. Without a secret (a
 * payer not in the registry) it fails exactly as a bad signature does: payer ids cannot be
 * enumerated. During a rotation the previous secret is accepted too (a payer may sign with
 * either, or both: Standard Webhooks allows several signatures).
 */
export function verifyWebhook(input: {
  headers: Record<string, string | undefined>;
  rawBody: WebhookBody;
  secret: string | undefined;
  previousSecret?: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): { webhookId: string; timestamp: number } {
  const key = input.secret === undefined ? NOBODYS_KEY : secretKey(input.secret);
  const keys =
    input.secret !== undefined && input.previousSecret ? [key, secretKey(input.previousSecret)] : [key];
  const webhookId = header(input.headers, 'webhook-id');
  const timestampText = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');

  if (!/^\d{1,12}$/.test(timestampText)) {
    throw new SignatureError('invalid webhook-timestamp header');
  }
  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new SignatureError('webhook-timestamp header is outside the allowed tolerance');
  }

  const entries = signatures.split(' ').filter((entry) => entry !== '');
  if (entries.length > MAX_SIGNATURES) {
    throw new SignatureError('invalid webhook-signature header');
  }
  const expected = keys.map((k) => digest(k, webhookId, timestamp, input.rawBody));
  let matched = false;
  for (const entry of entries) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== SIGNATURE_VERSION) continue;
    const candidate = Buffer.from(entry.slice(comma + 1), 'base64');
    // Every entry is compared (no early exit), each in constant time.
    for (const mac of expected) {
      if (candidate.length === SHA256_BYTES && timingSafeEqual(candidate, mac)) matched = true;
    }
  }
  if (!matched || input.secret === undefined) {
    throw new SignatureError('webhook-signature header does not match');
  }
  return { webhookId, timestamp };
}
