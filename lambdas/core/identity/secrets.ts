/**
 * Client secrets: random, shown once, kept only as a salted scrypt hash and compared in constant
 * time.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
/** scrypt's cost: N = 2^14, r = 8, p = 1 (16 MB, about 50 ms), the OWASP floor for scrypt. */
const COST = { N: 16_384, r: 8, p: 1 } as const;

export const newClientSecret = (): string => randomBytes(32).toString('base64url');
export const newClientId = (): string => randomBytes(16).toString('hex');

export function hashSecret(secret: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(secret, salt, KEY_LENGTH, COST);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** True when `secret` is the one `stored` was made from. A malformed hash matches nothing. */
export function secretMatches(secret: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const presented = scryptSync(secret, Buffer.from(salt, 'base64url'), KEY_LENGTH, COST);
  return timingSafeEqual(presented, expected);
}
