/**
 * The audit trail's use cases (core/audit/): record an API call as the recorder
 * (handlers/api/audit-recorder.ts) saw it, record what a payer or the system did, and read an
 * organization's events (GET /v1/audit-events and its export).
 *
 * Recording looks up only what the decision needs: the case of a document or a claim (so a case's
 * access history shows them), and, for the operator, the organization of the data it touched.
 */
import {
  type AuditAction,
  type AuditActor,
  type AuditEvent,
  type AuditResource,
  newAuditEventId,
} from '#core/audit/events.ts';
import { AUDIT_EXPORT_MAX, AUDIT_PAGE_MAX, type AuditPage, type AuditQuery } from '#core/audit/query.ts';
import { type ApiAccess, auditEventOfAccess, needsResourceOrganization } from '#core/audit/record.ts';
import { ConflictError } from '#core/errors.ts';
import { DEFAULT_ORGANIZATION } from '#core/identity/claims.ts';
import { organizationOf } from '#core/identity/tenancy.ts';
import { digest } from '#core/ids.ts';
import type { Ports } from '#core/ports.ts';

export type AuditPorts = Pick<Ports, 'audit' | 'cases' | 'remittances' | 'clock'>;

/** The case a document or a claim belongs to, when the ids name one but no case. */
async function withCaseOf(ids: AuditResource, ports: AuditPorts): Promise<AuditResource> {
  if (ids.caseId) return ids;
  if (ids.documentId) {
    const meta = await ports.cases.getDocumentMeta(ids.documentId);
    return meta ? { ...ids, caseId: meta.caseId } : ids;
  }
  if (ids.claimId) {
    const found = await ports.cases.findClaim(ids.claimId);
    return found ? { ...ids, caseId: found.caseId } : ids;
  }
  return ids;
}

/** The organization that owns what the ids name (the case's, else the remittance's). */
async function organizationOfResource(ids: AuditResource, ports: AuditPorts): Promise<string | undefined> {
  if (ids.caseId) {
    const record = await ports.cases.getCase(ids.caseId);
    return record ? organizationOf(record) : undefined;
  }
  if (ids.remittanceId) {
    const found = await ports.remittances.get(ids.remittanceId, { limit: 1 });
    return found ? organizationOf(found.remittance as { organizationId?: string }) : undefined;
  }
  return undefined;
}

export type ApiCall = Omit<ApiAccess, 'eventId' | 'at' | 'resourceOrganizationId'> & {
  /** The organization a list route read (the worklist's), when it names no resource. */
  listedOrganizationId?: string;
};

/** Records an API call; answers the event stored, or undefined when the call leaves none. */
export async function recordApiCall(call: ApiCall, ports: AuditPorts): Promise<AuditEvent | undefined> {
  const now = ports.clock.now();
  const { listedOrganizationId, ...rest } = call;
  const allowed = call.status < 400 && !call.refusal;
  const ids = allowed ? await withCaseOf(call.ids, ports) : call.ids;
  const resourceOrganizationId = needsResourceOrganization(call.principal, call.status)
    ? ((await organizationOfResource(ids, ports)) ?? listedOrganizationId)
    : undefined;
  const event = auditEventOfAccess({
    ...rest,
    ids,
    eventId: newAuditEventId(now),
    at: now.toISOString(),
    ...(resourceOrganizationId ? { resourceOrganizationId } : {}),
  });
  if (event) await ports.audit.append(event);
  return event;
}

/**
 * Records what a payer or the system did to a case (webhook.apply, remittance.create from the
 * inbox). With `once`, the event's id and time derive from what it records, so a step retried after
 * the write failed records it then, and a second record of it is a no-op.
 */
export async function recordSystemEvent(
  input: {
    actor: AuditActor;
    action: AuditAction;
    ids: AuditResource;
    organizationId?: string;
    once?: { key: string; at: string };
  },
  ports: Pick<Ports, 'audit' | 'cases' | 'clock'>,
): Promise<AuditEvent> {
  const now = ports.clock.now();
  let organizationId = input.organizationId;
  if (!organizationId && input.ids.caseId) {
    const record = await ports.cases.getCase(input.ids.caseId);
    if (record) organizationId = organizationOf(record);
  }
  const event: AuditEvent = {
    eventId: input.once ? `once_${digest(input.action, input.once.key).slice(0, 26)}` : newAuditEventId(now),
    at: input.once?.at ?? now.toISOString(),
    organizationId: organizationId ?? DEFAULT_ORGANIZATION,
    actor: input.actor,
    action: input.action,
    outcome: 'allowed',
    ...input.ids,
  };
  try {
    await ports.audit.append(event);
  } catch (error) {
    // Recorded before (a retried step): the one event stays.
    if (!(input.once && error instanceof ConflictError)) throw error;
  }
  return event;
}

/** One page of an organization's events, newest first. */
export const listAuditEvents = (query: AuditQuery, ports: Pick<Ports, 'audit'>): Promise<AuditPage> =>
  ports.audit.list({ ...query, limit: Math.min(query.limit, AUDIT_PAGE_MAX) });

/** Up to AUDIT_EXPORT_MAX events of a query (pages of 500), and the token that continues it. */
export async function exportAuditEvents(
  query: Omit<AuditQuery, 'limit'>,
  ports: Pick<Ports, 'audit'>,
  max = AUDIT_EXPORT_MAX,
): Promise<AuditPage> {
  const items: AuditEvent[] = [];
  let nextToken = query.nextToken ?? null;
  do {
    const limit = Math.min(AUDIT_PAGE_MAX, max - items.length);
    const page = await ports.audit.list({ ...query, limit, ...(nextToken ? { nextToken } : {}) });
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken && items.length < max);
  return { items, nextToken };
}
