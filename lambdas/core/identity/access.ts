/** The one decision on a route's caller: allowed, not authenticated (401) or without the role (403). */
import type { Principal } from './claims.ts';
import { grants, type RouteAccess } from './roles.ts';

export type AccessDecision = 'allowed' | 'unauthenticated' | 'forbidden';

export function decideAccess(required: RouteAccess, principal: Principal | undefined): AccessDecision {
  if (required === 'public' || required === 'webhook') return 'allowed';
  if (!principal) return 'unauthenticated';
  return grants(principal.roles, required) ? 'allowed' : 'forbidden';
}
