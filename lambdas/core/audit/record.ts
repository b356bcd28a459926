/**
 * The one decision on what an API call leaves in the audit trail (API.md part 2 "Audit events"):
 *
 * - 2xx and 3xx: `allowed`, under the caller's organization; for the operator (organization `*`)
 *   under the organization that owns the data (`default` when nothing names one).
 * - 403 (the caller lacks the route's role): `denied`, under the caller's organization.
 * - 404 of another organization's resource (ForeignOrganizationError): `denied`, under the OWNER's
 *   organization, so its admins see who tried, with the ids refused.
 * - Nothing else is recorded: a 401 has no caller to name; a 400, a plain 404 (an id that does not
 *   exist), a 409/422 or a 5xx neither read nor wrote anyone's data (the request was refused or
 *   failed before), and the organization a missing id "belongs" to cannot be known.
 */
import { DEFAULT_ORGANIZATION, type Principal } from '../identity/claims.ts';
import type { RefusedResource } from '../identity/tenancy.ts';
import { type AuditEvent, type AuditResource, resourceIds } from './events.ts';
import { actionOfRoute } from './routes.ts';

export interface ApiAccess {
  routeKey: string;
  status: number;
  principal: Principal | undefined;
  /** The ids the request and its answer name (path parameters, a created case's id, ...). */
  ids: AuditResource;
  /** A refusal of another organization's resource: its owner and the ids refused. */
  refusal?: { ownerOrganizationId: string; resource: RefusedResource };
  /** The organization of the resource the ids name, when looked up (only needed for the operator). */
  resourceOrganizationId?: string;
  eventId: string;
  at: string;
}

/** The organization an allowed event of `caller` belongs to. */
export function allowedOrganization(caller: Principal, resourceOrganizationId: string | undefined): string {
  if (caller.organizationId !== '*') return caller.organizationId;
  return resourceOrganizationId ?? DEFAULT_ORGANIZATION;
}

/** Whether the recorder must look the resource's organization up: only for the operator's allowed calls. */
export const needsResourceOrganization = (caller: Principal | undefined, status: number): boolean =>
  caller?.organizationId === '*' && status < 400;

/** The event an API call leaves, or undefined when it leaves none. */
export function auditEventOfAccess(access: ApiAccess): AuditEvent | undefined {
  const { principal, status } = access;
  if (!principal) return undefined;
  const base = {
    eventId: access.eventId,
    at: access.at,
    actor: { type: principal.actorType, id: principal.actorId },
    action: actionOfRoute(access.routeKey),
    route: access.routeKey,
    status,
  };
  if (access.refusal) {
    return {
      ...base,
      ...resourceIds({ ...access.ids, ...access.refusal.resource }),
      organizationId: access.refusal.ownerOrganizationId,
      outcome: 'denied',
    };
  }
  if (status === 403) {
    const organizationId = principal.organizationId === '*' ? DEFAULT_ORGANIZATION : principal.organizationId;
    return { ...base, ...resourceIds(access.ids), organizationId, outcome: 'denied' };
  }
  if (status >= 200 && status < 400) {
    const organizationId = allowedOrganization(principal, access.resourceOrganizationId);
    return { ...base, ...resourceIds(access.ids), organizationId, outcome: 'allowed' };
  }
  return undefined;
}
