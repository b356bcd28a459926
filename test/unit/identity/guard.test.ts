/**
 * Every route of the route table with every kind of caller, through the one check the API makes
 * (identity-guard.ts): the role each route needs is the one API.md gives it, 401 without a caller,
 * 403 problem+json without the role. And the authorizer's answer for the bootstrap token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATOR, type Principal, principalToContext } from '#core/identity/claims.ts';
import { ROLES, type Role } from '#core/identity/roles.ts';
import { handler as authorizer } from '#handlers/api/authorizer.ts';
import { principalOf, refuseWithoutRole, requiredRole } from '#handlers/api/identity-guard.ts';
import { ROUTES } from '#infra/routes.ts';

/** API.md's roles, route by route. */
const EXPECTED: Record<string, string> = {
  'POST /v1/prior-auths': 'staff',
  'GET /v1/prior-auths': 'viewer',
  'GET /v1/prior-auths/{caseId}': 'viewer',
  'POST /v1/prior-auths/{caseId}/claims': 'billing',
  'GET /v1/claims/{claimId}/x12': 'billing',
  'POST /v1/prior-auths/{caseId}/administrations': 'staff',
  'POST /v1/prior-auths/{caseId}/administrations/{administrationId}/claim': 'billing',
  'POST /v1/prior-auths/{caseId}/continuations': 'staff',
  'POST /v1/assessments': 'staff',
  'GET /v1/documents/{documentId}': 'viewer',
  'POST /v1/uploads': 'staff',
  'POST /v1/remittances': 'billing',
  'GET /v1/remittances': 'billing',
  'GET /v1/remittances/{remittanceId}': 'billing',
  'POST /v1/webhooks/payers/{payerId}': 'webhook',
  'POST /v1/organizations': 'admin',
  'POST /v1/clients': 'admin',
  'POST /v1/users': 'admin',
  'GET /v1/audit-events': 'admin',
  'GET /v1/audit-events/export': 'admin',
  'GET /v1/users': 'viewer',
  'POST /v1/prior-auths/{caseId}/assignee': 'staff',
  'POST /v1/prior-auths/{caseId}/notes': 'staff',
  'GET /v1/prior-auths/{caseId}/notes': 'viewer',
  'POST /v1/digests': 'admin',
  'POST /oauth2/token': 'public',
  'GET /oauth2/authorize': 'public',
  'POST /oauth2/authorize': 'public',
  'GET /v1/me': 'viewer',
  'GET /.well-known/openid-configuration': 'public',
  'GET /.well-known/jwks.json': 'public',
  'GET /healthz': 'public',
  'GET /openapi.json': 'public',
  'GET /app': 'public',
  'GET /app/{proxy+}': 'public',
};
const ALLOWED: Record<Role, readonly string[]> = {
  viewer: ['viewer'],
  staff: ['viewer', 'staff'],
  billing: ['viewer', 'billing'],
  admin: ['viewer', 'staff', 'billing', 'admin'],
};

const eventFor = (routeKey: string, principal?: Principal) =>
  ({
    routeKey,
    requestContext: principal ? { authorizer: { lambda: principalToContext(principal) } } : {},
  }) as never;
const client = (roles: Role[]): Principal => ({
  actorType: 'client',
  actorId: 'c',
  organizationId: 'o',
  roles,
});
const ROUTE_KEYS = ROUTES.map((route) => `${route.method} ${route.path}`);

describe('the route table', () => {
  it('gives every route the role API.md gives it, and nothing more', () => {
    expect(Object.fromEntries(ROUTES.map((r) => [`${r.method} ${r.path}`, r.role]))).toEqual(EXPECTED);
  });

  it('guards with the authorizer exactly the routes that need a role', () => {
    for (const route of ROUTES) expect(route.auth).toBe(route.role !== 'public' && route.role !== 'webhook');
  });

  it('asks admin of a route it does not list (closed by default)', () => {
    expect(requiredRole('DELETE /v1/everything')).toBe('admin');
  });
});

describe('the role check, every route × every caller', () => {
  const cases = ROUTE_KEYS.flatMap((key) => [
    [key, 'no caller', undefined] as const,
    ...ROLES.map((role) => [key, role, client([role])] as const),
    [key, 'the operator', OPERATOR] as const,
  ]);
  it.each(cases)('%s, %s', (routeKey, _who, principal) => {
    const required = EXPECTED[routeKey]!;
    const refused = refuseWithoutRole(eventFor(routeKey, principal));
    const open = required === 'public' || required === 'webhook';
    const allowed = open || (principal?.roles.some((r) => ALLOWED[r].includes(required)) ?? false);
    if (allowed) return expect(refused).toBeUndefined();
    expect(refused?.statusCode).toBe(principal ? 403 : 401);
    expect(refused?.headers?.['content-type']).toBe('application/problem+json');
  });

  it('reads the caller from API Gateway JWT authorizer claims (Cognito) as well', () => {
    const event = {
      routeKey: 'POST /v1/prior-auths',
      requestContext: {
        authorizer: { jwt: { claims: { sub: 'u', scope: 'pa-api/staff', organizationId: 'o' } } },
      },
    } as never;
    expect(principalOf(event)).toEqual({
      actorType: 'user',
      actorId: 'u',
      organizationId: 'o',
      roles: ['staff'],
    });
    expect(refuseWithoutRole(event)).toBeUndefined();
  });
});

describe('the authorizer', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const ask = (authorization: string) =>
    authorizer({ headers: { authorization }, identitySource: [authorization] } as never);

  it('passes the bootstrap token on as the operator, admin everywhere', async () => {
    process.env.PA_API_TOKEN = 'bootstrap-token';
    expect(await ask('Bearer bootstrap-token')).toEqual({
      isAuthorized: true,
      context: principalToContext(OPERATOR),
    });
  });

  it('lets another token that is not a JWT on with no caller, without asking any issuer', async () => {
    // No caller in the context: the API answers 401 (an HTTP API would answer a refusal 403).
    process.env.PA_API_TOKEN = 'bootstrap-token';
    expect(await ask('Bearer other-token')).toEqual({ isAuthorized: true, context: {} });
    expect(await ask('Basic Ym9vdHN0cmFwLXRva2Vu')).toEqual({ isAuthorized: true, context: {} });
  });
});
