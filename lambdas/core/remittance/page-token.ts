/**
 * The nextToken of GET /v1/remittances/{remittanceId}: opaque to callers, it stands for the seq of
 * the last claim given. A token this API did not give out is refused as a 400 naming `nextToken`.
 */
import { ValidationError } from '../errors.ts';

const PREFIX = 'rc1:';
const MAX_SEQ = 999_999;

export function encodeClaimsToken(afterSeq: number): string {
  return Buffer.from(`${PREFIX}${afterSeq}`).toString('base64url');
}

export function decodeClaimsToken(token: string): number {
  const text = /^[A-Za-z0-9_-]{1,32}$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const seq =
    text.startsWith(PREFIX) && /^(0|[1-9]\d{0,5})$/.test(text.slice(PREFIX.length))
      ? Number(text.slice(PREFIX.length))
      : Number.NaN;
  if (!(seq >= 0 && seq <= MAX_SEQ)) {
    throw new ValidationError('invalid remittance query', [
      { path: 'nextToken', message: 'not a token this API gave out' },
    ]);
  }
  return seq;
}
