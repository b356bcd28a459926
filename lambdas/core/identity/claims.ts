/**
 * The access token's claims: what the local issuer signs and what the API reads back, whichever
 * issuer made the token (the local one or Cognito). Roles travel as OAuth scopes
 * `pa-api/<role>` (what a Cognito resource server grants) and, for readability, as `roles`.
 */
import { knownRoles, type Role } from './roles.ts';

/** The resource server of the API: a scope is `<identifier>/<role>`. */
export const RESOURCE_SERVER = 'pa-api';
/** The organization a token acts for. */
export const ORGANIZATION_CLAIM = 'organizationId';
/** An access token lives one hour, as Cognito's do by default. */
export const ACCESS_TOKEN_SECONDS = 3600;
/** The organization that always exists; the bootstrap token's cases go there. */
export const DEFAULT_ORGANIZATION = 'default';

export type ActorType = 'operator' | 'client' | 'user';

/** Who calls: what the authorizer passes to the API in its context. */
export interface Principal {
  actorType: ActorType;
  actorId: string;
  /** `*` for the operator's bootstrap token: admin in every organization. */
  organizationId: string;
  roles: Role[];
}

export const scopeOf = (roles: readonly Role[]): string =>
  roles.map((r) => `${RESOURCE_SERVER}/${r}`).join(' ');

/** The roles a token's `scope` and `roles` claims grant, each once. */
export function rolesOfClaims(claims: Record<string, unknown>): Role[] {
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  const fromScope = scopes
    .filter((s) => s.startsWith(`${RESOURCE_SERVER}/`))
    .map((s) => s.slice(RESOURCE_SERVER.length + 1));
  const listed = Array.isArray(claims.roles) ? claims.roles : [];
  return knownRoles([...fromScope, ...listed]);
}

export interface TokenSubject {
  clientId: string;
  organizationId: string;
  roles: readonly Role[];
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** The product's clock: tokens are issued and checked against it (PA_CLOCK moves it). */
  now: Date;
  ttlSeconds?: number;
}

/** The claims of a client-credentials access token. */
export function accessTokenClaims(subject: TokenSubject, settings: TokenSettings) {
  const iat = Math.floor(settings.now.getTime() / 1000);
  return {
    iss: settings.issuer,
    aud: settings.audience,
    sub: subject.clientId,
    client_id: subject.clientId,
    token_use: 'access',
    iat,
    // Not before it was issued: a token from a clock ahead of this one is not valid yet.
    nbf: iat,
    exp: iat + (settings.ttlSeconds ?? ACCESS_TOKEN_SECONDS),
    scope: scopeOf(subject.roles),
    roles: [...subject.roles],
    [ORGANIZATION_CLAIM]: subject.organizationId,
  };
}

/** The caller a verified token's claims describe, or undefined when they name no subject or organization. */
export function principalOfClaims(claims: Record<string, unknown>): Principal | undefined {
  const actorId = typeof claims.sub === 'string' ? claims.sub : undefined;
  const organization = claims[ORGANIZATION_CLAIM] ?? claims[`custom:${ORGANIZATION_CLAIM}`];
  if (!actorId || typeof organization !== 'string' || organization === '') return undefined;
  const actorType: ActorType =
    typeof claims.client_id === 'string' && claims.client_id === actorId ? 'client' : 'user';
  return { actorType, actorId, organizationId: organization, roles: rolesOfClaims(claims) };
}

/** The operator's bootstrap token (PA_API_TOKEN): admin in every organization. */
export const OPERATOR: Principal = {
  actorType: 'operator',
  actorId: 'operator',
  organizationId: '*',
  roles: ['admin'],
};

/**
 * The principal as a Lambda authorizer's context carries it (flat strings, which both the HTTP
 * API and the local stack pass through unchanged) and back.
 */
export function principalToContext(principal: Principal): Record<string, string> {
  return {
    actorType: principal.actorType,
    actorId: principal.actorId,
    organizationId: principal.organizationId,
    roles: principal.roles.join(' '),
  };
}

export function principalOfContext(context: Record<string, unknown> | undefined): Principal | undefined {
  if (!context) return undefined;
  const { actorType, actorId, organizationId, roles } = context;
  if (actorType !== 'operator' && actorType !== 'client' && actorType !== 'user') return undefined;
  if (typeof actorId !== 'string' || typeof organizationId !== 'string' || typeof roles !== 'string')
    return undefined;
  return { actorType, actorId, organizationId, roles: knownRoles(roles.split(' ')) };
}
