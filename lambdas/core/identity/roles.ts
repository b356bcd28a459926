/**
 * Roles and what each may do (API.md "Identity, roles and organizations"). A route names the role
 * it needs (lib/routes.ts); a caller holding any role that includes it may call the route.
 */
export const ROLES = ['viewer', 'staff', 'billing', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a route asks of its caller: one of the roles, `public` (no token: /healthz, the token and
 * discovery endpoints, the web app's files) or `webhook` (a payer's signature, checked by the
 * webhook function itself).
 */
export type RouteAccess = Role | 'public' | 'webhook';

/**
 * The role → permission table: the roles each role includes. viewer reads cases, documents and
 * the worklist; staff and billing add their writes to viewer's reads; admin holds every role and,
 * alone, manages organizations, clients and users.
 */
export const ROLE_INCLUDES: Readonly<Record<Role, readonly Role[]>> = {
  viewer: ['viewer'],
  staff: ['staff', 'viewer'],
  billing: ['billing', 'viewer'],
  admin: ['admin', 'staff', 'billing', 'viewer'],
};

/** True when one of `held` includes `required`. */
export function grants(held: readonly Role[], required: Role): boolean {
  return held.some((role) => ROLE_INCLUDES[role].includes(required));
}

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** The known roles of a list, each once, in ROLES order; anything else is dropped. */
export function knownRoles(values: readonly unknown[]): Role[] {
  return ROLES.filter((role) => values.includes(role));
}
