/**
 * Roles, enforced in one place for every route: the route table (lib/routes.ts) names the role a
 * route needs; the caller is the principal the Lambda authorizer put in its context (the bootstrap
 * token or a JWT of the local issuer) or the claims API Gateway's JWT authorizer verified (Cognito).
 * No caller: 401; a caller without the role: 403 problem+json.
 */
import { type HttpEvent, type HttpResult, problem } from '#adapters/http.ts';
import { decideAccess } from '#core/identity/access.ts';
import { type Principal, principalOfClaims, principalOfContext } from '#core/identity/claims.ts';
import type { RouteAccess } from '#core/identity/roles.ts';
import { ROUTES } from '#infra/routes.ts';

const REQUIRED = new Map<string, RouteAccess>(
  ROUTES.map((route) => [`${route.method} ${route.path}`, route.role]),
);

type Authorizer =
  | { lambda?: Record<string, unknown>; jwt?: { claims?: Record<string, unknown> } }
  | undefined;

/** The caller of a request, as the authorizer in front of the route established it. */
export function principalOf(event: HttpEvent): Principal | undefined {
  const authorizer = (event.requestContext as { authorizer?: Authorizer }).authorizer;
  if (authorizer?.jwt?.claims) return principalOfClaims(authorizer.jwt.claims);
  return principalOfContext(authorizer?.lambda);
}

/** The role a route key needs; a route the table does not list needs admin (closed by default). */
export const requiredRole = (routeKey: string): RouteAccess => REQUIRED.get(routeKey) ?? 'admin';

/** The refusal of a caller without the route's role, or undefined when the call may go on. */
export function refuseWithoutRole(event: HttpEvent): HttpResult | undefined {
  const required = requiredRole(event.routeKey);
  switch (decideAccess(required, principalOf(event))) {
    case 'allowed':
      return undefined;
    case 'unauthenticated':
      return problem(401, 'a valid bearer token is required', {
        type: 'unauthorized',
        headers: { 'www-authenticate': 'Bearer' },
      });
    case 'forbidden':
      return problem(403, `this route needs the role ${required}`, { type: 'forbidden' });
  }
}
