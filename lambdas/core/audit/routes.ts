/**
 * Which API route records what (the recorder of lambdas/handlers/api/audit-recorder.ts reads this
 * table): every route behind the bearer token, list and read routes too. A route missing here is
 * still recorded, as `api.request` with its routeKey, so a new route can never escape the trail.
 */
import type { AuditAction } from './events.ts';

export const ROUTE_ACTIONS: Readonly<Record<string, AuditAction>> = {
  'POST /v1/prior-auths': 'case.create',
  'GET /v1/prior-auths': 'worklist.read',
  'GET /v1/prior-auths/{caseId}': 'case.read',
  'POST /v1/prior-auths/{caseId}/claims': 'claim.create',
  'GET /v1/claims/{claimId}/x12': 'claim.read',
  'POST /v1/prior-auths/{caseId}/administrations': 'administration.create',
  'POST /v1/prior-auths/{caseId}/administrations/{administrationId}/claim': 'claim.create',
  'POST /v1/prior-auths/{caseId}/continuations': 'continuation.create',
  'POST /v1/assessments': 'assessment.create',
  'GET /v1/documents/{documentId}': 'document.read',
  'POST /v1/uploads': 'upload.create',
  'POST /v1/remittances': 'remittance.create',
  'GET /v1/remittances/{remittanceId}': 'remittance.read',
  'POST /v1/organizations': 'organization.create',
  'POST /v1/clients': 'client.create',
  'POST /v1/users': 'user.create',
  'GET /v1/audit-events': 'audit.read',
  'GET /v1/audit-events/export': 'audit.export',
  'POST /v1/prior-auths/{caseId}/assignee': 'case.assign',
  'POST /v1/prior-auths/{caseId}/notes': 'note.create',
  'GET /v1/prior-auths/{caseId}/notes': 'note.read',
  'GET /v1/users': 'user.read',
  'POST /v1/digests': 'digest.send',
};

export const actionOfRoute = (routeKey: string): AuditAction => ROUTE_ACTIONS[routeKey] ?? 'api.request';

/**
 * The routes that create a case (its id comes from the answer, not the path): the event is about
 * the new case. A continuation's path names the earlier case; the event names the new one.
 */
export const CREATES_CASE: ReadonlySet<string> = new Set([
  'POST /v1/prior-auths',
  'POST /v1/prior-auths/{caseId}/continuations',
]);
