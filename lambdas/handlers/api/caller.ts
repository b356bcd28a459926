/**
 * The caller of a route behind the role guard, as the use cases take it: every read and create of
 * an organization's data is passed its caller (tenancy), never left to a default.
 */
import type { HttpEvent } from '#adapters/http.ts';
import { UnauthorizedError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import { principalOf } from './identity-guard.ts';

/** The route's caller; refuseWithoutRole answered 401 before a route ran without one. */
export function callerOf(event: HttpEvent): Principal {
  const caller = principalOf(event);
  if (!caller) throw new UnauthorizedError('a valid bearer token is required');
  return caller;
}
