import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditEventView, resourceIds } from '#core/audit/events.ts';
import { type ApiAccess, auditEventOfAccess, needsResourceOrganization } from '#core/audit/record.ts';
import { actionOfRoute, ROUTE_ACTIONS } from '#core/audit/routes.ts';
import { OPERATOR, type Principal } from '#core/identity/claims.ts';
import { ROUTES } from '#infra/routes.ts';

const staff: Principal = { actorType: 'user', actorId: 'usr_1', organizationId: 'org-a', roles: ['staff'] };
const access = (overrides: Partial<ApiAccess> = {}): ApiAccess => ({
  routeKey: 'GET /v1/prior-auths/{caseId}',
  status: 200,
  principal: staff,
  ids: { caseId: 'pa_1' },
  eventId: 'evt1',
  at: '2026-11-30T10:00:00.000Z',
  ...overrides,
});

describe('what an API call records', () => {
  it('an allowed call: the caller, the action of the route, the ids, under the caller organization', () => {
    expect(auditEventOfAccess(access())).toEqual({
      eventId: 'evt1',
      at: '2026-11-30T10:00:00.000Z',
      organizationId: 'org-a',
      actor: { type: 'user', id: 'usr_1' },
      action: 'case.read',
      outcome: 'allowed',
      caseId: 'pa_1',
      route: 'GET /v1/prior-auths/{caseId}',
      status: 200,
    });
  });

  it.each([200, 201, 202, 303, 399])('status %i is allowed', (status) => {
    expect(auditEventOfAccess(access({ status }))?.outcome).toBe('allowed');
  });

  it.each([199, 400, 401, 404, 409, 413, 422, 500, 503])(
    'status %i (not 403, no refusal) records nothing',
    (status) => {
      expect(auditEventOfAccess(access({ status }))).toBeUndefined();
    },
  );

  it('no caller (401): nothing, there is no one to name', () => {
    expect(auditEventOfAccess(access({ principal: undefined, status: 401 }))).toBeUndefined();
  });

  it('a 403 is denied under the caller organization', () => {
    const event = auditEventOfAccess(access({ status: 403 }));
    expect(event).toMatchObject({ outcome: 'denied', organizationId: 'org-a', caseId: 'pa_1' });
  });

  it("another organization's resource: denied under the OWNER, with the refused ids", () => {
    const event = auditEventOfAccess(
      access({
        routeKey: 'GET /v1/documents/{documentId}',
        status: 404,
        ids: { documentId: 'doc_1' },
        refusal: { ownerOrganizationId: 'org-b', resource: { documentId: 'doc_1', caseId: 'pa_9' } },
      }),
    );
    expect(event).toMatchObject({
      outcome: 'denied',
      organizationId: 'org-b',
      action: 'document.read',
      documentId: 'doc_1',
      caseId: 'pa_9',
      actor: { type: 'user', id: 'usr_1' },
    });
  });

  it("the operator's allowed call belongs to the resource's organization, else default", () => {
    expect(
      auditEventOfAccess(access({ principal: OPERATOR, resourceOrganizationId: 'org-b' })),
    ).toMatchObject({
      organizationId: 'org-b',
      actor: { type: 'operator', id: 'operator' },
    });
    expect(auditEventOfAccess(access({ principal: OPERATOR }))?.organizationId).toBe('default');
    // A non-operator's event stays in its organization whatever the lookup says.
    expect(auditEventOfAccess(access({ resourceOrganizationId: 'org-b' }))?.organizationId).toBe('org-a');
  });

  it('looks the resource organization up for the operator allowed calls only', () => {
    expect(needsResourceOrganization(OPERATOR, 200)).toBe(true);
    expect(needsResourceOrganization(OPERATOR, 399)).toBe(true);
    expect(needsResourceOrganization(OPERATOR, 400)).toBe(false);
    expect(needsResourceOrganization(staff, 200)).toBe(false);
    expect(needsResourceOrganization(undefined, 200)).toBe(false);
  });
});

describe('the route → action table', () => {
  it('names the contract actions on their routes', () => {
    expect(ROUTE_ACTIONS).toMatchObject({
      'POST /v1/prior-auths': 'case.create',
      'GET /v1/prior-auths/{caseId}': 'case.read',
      'GET /v1/documents/{documentId}': 'document.read',
      'GET /v1/prior-auths': 'worklist.read',
      'POST /v1/prior-auths/{caseId}/claims': 'claim.create',
      'POST /v1/prior-auths/{caseId}/administrations/{administrationId}/claim': 'claim.create',
      'POST /v1/remittances': 'remittance.create',
      'POST /v1/prior-auths/{caseId}/administrations': 'administration.create',
      'POST /v1/prior-auths/{caseId}/continuations': 'continuation.create',
    });
  });

  it('every route of the table is a route of lib/routes.ts behind the token, with a known action', () => {
    const guarded = new Set(ROUTES.filter((r) => r.auth).map((r) => `${r.method} ${r.path}`));
    for (const [routeKey, action] of Object.entries(ROUTE_ACTIONS)) {
      expect(guarded.has(routeKey), routeKey).toBe(true);
      expect(AUDIT_ACTIONS).toContain(action);
    }
  });

  it('a route it does not name is recorded all the same, as api.request', () => {
    expect(actionOfRoute('POST /v1/something-new')).toBe('api.request');
  });
});

describe('the event as shown', () => {
  it('has the contract fields (caseId and documentId null when absent) and the other ids when set', () => {
    const view = auditEventView({
      eventId: 'e',
      at: 't',
      organizationId: 'o',
      actor: { type: 'payer', id: 'p' },
      action: 'webhook.apply',
      outcome: 'allowed',
      remittanceId: 'r',
    });
    expect(view).toEqual({
      eventId: 'e',
      at: 't',
      actor: { type: 'payer', id: 'p' },
      action: 'webhook.apply',
      caseId: null,
      documentId: null,
      outcome: 'allowed',
      organizationId: 'o',
      remittanceId: 'r',
    });
  });

  it('keeps only the ids that are set', () => {
    expect(resourceIds({ caseId: 'a', documentId: '', claimId: undefined, remittanceId: 'r' })).toEqual({
      caseId: 'a',
      remittanceId: 'r',
    });
  });
});
