/**
 * The audit trail (API.md part 2 "Audit events", issue 13): who did what to which case or
 * document, when, and whether it was allowed. Pure: the event model, the action names and the
 * public view of an event. An event carries ids only (case, document, claim, remittance,
 * administration, the caller's id) and NEVER patient data: no names, dates of birth, member ids,
 * diagnoses or request bodies.
 *
 * Nothing changes or deletes an event: the AuditStore port (store.ts) has `append` and `list`
 * only, no route writes one, and on AWS no role is granted an update or delete on its table.
 */
import { monotonicFactory } from 'ulid';
import type { ActorType } from '../identity/claims.ts';

/** What was done. Every read and write of patient data has one (API.md lists the first nine). */
export const AUDIT_ACTIONS = [
  'case.create',
  'case.read',
  'document.read',
  'worklist.read',
  'claim.create',
  'remittance.create',
  'administration.create',
  'continuation.create',
  'webhook.apply',
  'claim.read',
  'remittance.read',
  'assessment.create',
  'upload.create',
  'organization.create',
  'client.create',
  'user.create',
  'audit.read',
  'audit.export',
  'case.assign',
  'note.create',
  'note.read',
  'user.read',
  'digest.send',
  /** A route the route → action table (routes.ts) does not name yet: recorded all the same. */
  'api.request',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditActorType = ActorType | 'payer' | 'system';

/** Who acted: a machine client (its clientId), a user (its id), a payer (its id), the operator, the system. */
export interface AuditActor {
  type: AuditActorType;
  id: string;
}

export type AuditOutcome = 'allowed' | 'denied';

/** The ids an event names, each when it applies. */
export interface AuditResource {
  caseId?: string;
  documentId?: string;
  claimId?: string;
  remittanceId?: string;
  administrationId?: string;
}

export const RESOURCE_ID_NAMES = [
  'caseId',
  'documentId',
  'claimId',
  'remittanceId',
  'administrationId',
] as const satisfies ReadonlyArray<keyof AuditResource>;

export interface AuditEvent extends AuditResource {
  /** Unique and sortable (a ULID): events of the same millisecond keep their order. */
  eventId: string;
  /** ISO 8601 in UTC (the product's clock). */
  at: string;
  /** The organization whose admins see the event: the owner of the data. */
  organizationId: string;
  actor: AuditActor;
  action: AuditAction;
  outcome: AuditOutcome;
  /** The API route (its routeKey) and the status it answered, when the event is an API call. */
  route?: string;
  status?: number;
}

/** The event as GET /v1/audit-events shows it: the contract's fields, then the other ids. */
export function auditEventView(event: AuditEvent) {
  return {
    eventId: event.eventId,
    at: event.at,
    actor: { type: event.actor.type, id: event.actor.id },
    action: event.action,
    caseId: event.caseId ?? null,
    documentId: event.documentId ?? null,
    outcome: event.outcome,
    organizationId: event.organizationId,
    ...(event.claimId ? { claimId: event.claimId } : {}),
    ...(event.remittanceId ? { remittanceId: event.remittanceId } : {}),
    ...(event.administrationId ? { administrationId: event.administrationId } : {}),
    ...(event.route ? { route: event.route } : {}),
    ...(event.status === undefined ? {} : { status: event.status }),
  };
}
export type AuditEventView = ReturnType<typeof auditEventView>;

/** Only the resource ids of `ids` that are set (an event never carries an empty id). */
export function resourceIds(ids: Partial<Record<keyof AuditResource, string | undefined>>): AuditResource {
  const out: AuditResource = {};
  for (const name of RESOURCE_ID_NAMES) {
    const value = ids[name];
    if (typeof value === 'string' && value !== '') out[name] = value;
  }
  return out;
}

const nextUlid = monotonicFactory();

/** A new event id: a ULID of the event's time (the product's clock), increasing within a millisecond. */
export const newAuditEventId = (at: Date): string => nextUlid(at.getTime());
