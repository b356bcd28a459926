/** The role → role table, the one access decision, and the principal as claims and as authorizer context. */
import { describe, expect, it } from 'vitest';
import { decideAccess } from '#core/identity/access.ts';
import {
  accessTokenClaims,
  OPERATOR,
  type Principal,
  principalOfClaims,
  principalOfContext,
  principalToContext,
  rolesOfClaims,
  scopeOf,
} from '#core/identity/claims.ts';
import {
  grants,
  isRole,
  knownRoles,
  ROLE_INCLUDES,
  ROLES,
  type Role,
  type RouteAccess,
} from '#core/identity/roles.ts';

/** What API.md says each role may do, as the required role of a route. */
const EXPECTED: Record<Role, readonly Role[]> = {
  viewer: ['viewer'],
  staff: ['viewer', 'staff'],
  billing: ['viewer', 'billing'],
  admin: ['viewer', 'staff', 'billing', 'admin'],
};

describe('roles', () => {
  it.each(ROLES.flatMap((held) => ROLES.map((required) => [held, required] as const)))(
    'holding %s grants what %s routes need: as API.md says',
    (held, required) => {
      expect(grants([held], required)).toBe(EXPECTED[held].includes(required));
    },
  );

  it('grants nothing to a caller with no role', () => {
    for (const required of ROLES) expect(grants([], required)).toBe(false);
  });

  it('grants what any of several roles grants', () => {
    expect(grants(['staff', 'billing'], 'billing')).toBe(true);
    expect(grants(['staff', 'billing'], 'admin')).toBe(false);
  });

  it('includes every role in admin and each role in itself', () => {
    expect([...ROLE_INCLUDES.admin].sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(ROLE_INCLUDES[role]).toContain(role);
  });

  it('knows the four roles and nothing else', () => {
    expect(ROLES.filter(isRole)).toEqual(ROLES);
    for (const other of ['Admin', 'owner', '', undefined, 1, 'pa-api/admin'])
      expect(isRole(other)).toBe(false);
    expect(knownRoles(['admin', 'x', 'viewer', 'admin'])).toEqual(['viewer', 'admin']);
  });
});

describe('the access decision', () => {
  const caller = (roles: Role[]): Principal => ({
    actorType: 'client',
    actorId: 'c1',
    organizationId: 'o',
    roles,
  });

  it.each<[RouteAccess, Principal | undefined, string]>([
    ['public', undefined, 'allowed'],
    ['webhook', undefined, 'allowed'],
    ['viewer', undefined, 'unauthenticated'],
    ['admin', undefined, 'unauthenticated'],
    ['viewer', caller(['viewer']), 'allowed'],
    ['staff', caller(['viewer']), 'forbidden'],
    ['billing', caller(['staff']), 'forbidden'],
    ['admin', caller(['staff', 'billing']), 'forbidden'],
    ['admin', OPERATOR, 'allowed'],
    ['staff', caller([]), 'forbidden'],
  ])('a %s route, caller %j: %s', (required, principal, decision) => {
    expect(decideAccess(required, principal)).toBe(decision);
  });
});

describe('token claims', () => {
  const now = new Date('2026-11-30T10:00:00.000Z');
  const settings = { issuer: 'http://127.0.0.1:3000', audience: 'pa-api', now };
  const subject = { clientId: 'abc', organizationId: 'org-riverside', roles: ['staff', 'billing'] as Role[] };

  it('carries iss, aud, sub, the client, the organization and the roles as scopes, one hour from now', () => {
    expect(accessTokenClaims(subject, settings)).toEqual({
      iss: 'http://127.0.0.1:3000',
      aud: 'pa-api',
      sub: 'abc',
      client_id: 'abc',
      token_use: 'access',
      iat: 1_796_032_800,
      nbf: 1_796_032_800,
      exp: 1_796_036_400,
      scope: 'pa-api/staff pa-api/billing',
      roles: ['staff', 'billing'],
      organizationId: 'org-riverside',
    });
  });

  it('counts exp from the given clock and ttl', () => {
    const claims = accessTokenClaims(subject, { ...settings, ttlSeconds: 60 });
    expect(claims.exp - claims.iat).toBe(60);
    expect(claims.iat).toBe(Math.floor(now.getTime() / 1000));
  });

  it('reads back the caller the claims name: a client', () => {
    expect(principalOfClaims(accessTokenClaims(subject, settings))).toEqual({
      actorType: 'client',
      actorId: 'abc',
      organizationId: 'org-riverside',
      roles: ['staff', 'billing'],
    });
  });

  it('reads roles from Cognito-style scopes alone, and the organization from a custom claim', () => {
    const claims = { sub: 'u1', scope: 'openid pa-api/viewer other/admin', 'custom:organizationId': 'org-a' };
    expect(principalOfClaims(claims)).toEqual({
      actorType: 'user',
      actorId: 'u1',
      organizationId: 'org-a',
      roles: ['viewer'],
    });
  });

  it.each([
    ['no subject', { organizationId: 'o', scope: 'pa-api/admin' }],
    ['no organization', { sub: 's', scope: 'pa-api/admin' }],
    ['an empty organization', { sub: 's', organizationId: '', scope: 'pa-api/admin' }],
    ['a subject that is not a string', { sub: 1, organizationId: 'o' }],
  ])('names no caller with %s', (_case, claims) => {
    expect(principalOfClaims(claims)).toBeUndefined();
  });

  it('ignores roles it does not know, in scope or roles', () => {
    expect(rolesOfClaims({ scope: 'pa-api/root pa-api/viewer', roles: ['superuser', 'billing'] })).toEqual([
      'viewer',
      'billing',
    ]);
    expect(rolesOfClaims({ scope: 42, roles: 'admin' })).toEqual([]);
    expect(scopeOf(['viewer', 'admin'])).toBe('pa-api/viewer pa-api/admin');
  });
});

describe('the principal in the authorizer context', () => {
  it('survives the round trip as flat strings', () => {
    const principal: Principal = {
      actorType: 'client',
      actorId: 'c',
      organizationId: 'o',
      roles: ['staff', 'billing'],
    };
    const context = principalToContext(principal);
    expect(Object.values(context).every((v) => typeof v === 'string')).toBe(true);
    expect(principalOfContext(context)).toEqual(principal);
    expect(principalOfContext(principalToContext(OPERATOR))).toEqual(OPERATOR);
  });

  it.each([
    ['no context', undefined],
    ['an empty context', {}],
    ['an unknown actor type', { actorType: 'payer', actorId: 'p', organizationId: 'o', roles: 'admin' }],
    [
      'roles that are not a string',
      { actorType: 'client', actorId: 'c', organizationId: 'o', roles: ['admin'] },
    ],
    ['no actor id', { actorType: 'client', organizationId: 'o', roles: 'admin' }],
  ])('names no caller with %s', (_case, context) => {
    expect(principalOfContext(context as Record<string, unknown> | undefined)).toBeUndefined();
  });
});
