/**
 * The recorder around the API handler (handlers/api/audit-recorder.ts) with the in-memory twins:
 * each contract action recorded with the caller, the ids and the outcome; a created resource's id
 * from the answer; a document's case looked up; the operator's event under the data's
 * organization; another organization's refusal under the owner; nothing for 401 and plain 4xx;
 * an access that cannot be recorded answers 503.
 */
import { describe, expect, it } from 'vitest';
import type { HttpEvent, HttpResult } from '#adapters/http.ts';
import { json, problem } from '#adapters/http.ts';
import { OPERATOR, type Principal, principalToContext } from '#core/identity/claims.ts';
import { ForeignOrganizationError } from '#core/identity/tenancy.ts';
import { packetDocumentId } from '#core/ids.ts';
import { noteRefusal, recordingAccess } from '#handlers/api/audit-recorder.ts';
import { packetReady, type World, world } from '../use-cases/support.ts';

const user: Principal = { actorType: 'user', actorId: 'usr_1', organizationId: 'default', roles: ['admin'] };
const client: Principal = {
  actorType: 'client',
  actorId: 'cli_1',
  organizationId: 'org-a',
  roles: ['staff'],
};

function event(
  routeKey: string,
  principal: Principal | undefined,
  pathParameters: Record<string, string> = {},
): HttpEvent {
  const method = routeKey.split(' ')[0];
  return {
    routeKey,
    pathParameters,
    queryStringParameters: {},
    requestContext: {
      http: { method },
      requestId: 'r1',
      ...(principal ? { authorizer: { lambda: principalToContext(principal) } } : {}),
    },
  } as unknown as HttpEvent;
}

const answering = (result: HttpResult) => async () => result;

async function call(w: World, e: HttpEvent, result: HttpResult) {
  return recordingAccess(answering(result), () => w)(e);
}

describe('the audit recorder', () => {
  it.each([
    ['GET /v1/prior-auths/{caseId}', 'case.read', { caseId: 'pa_1' }, 200],
    ['GET /v1/prior-auths', 'worklist.read', {}, 200],
    ['POST /v1/prior-auths/{caseId}/administrations', 'administration.create', { caseId: 'pa_1' }, 201],
    ['GET /v1/remittances/{remittanceId}', 'remittance.read', { remittanceId: 'rmt_1' }, 200],
  ])('%s records %s allowed with the caller and the path ids', async (routeKey, action, ids, status) => {
    const w = world();
    await call(w, event(routeKey, client, ids), json(status, {}));
    expect(w.audit.events).toEqual([
      expect.objectContaining({
        action,
        outcome: 'allowed',
        organizationId: 'org-a',
        actor: { type: 'client', id: 'cli_1' },
        route: routeKey,
        status,
        ...ids,
      }),
    ]);
  });

  it.each([
    ['POST /v1/prior-auths', 'case.create', {}, { caseId: 'pa_new' }, { caseId: 'pa_new' }],
    [
      'POST /v1/prior-auths/{caseId}/continuations',
      'continuation.create',
      { caseId: 'pa_old' },
      { caseId: 'pa_new', previousCaseId: 'pa_old' },
      { caseId: 'pa_new' },
    ],
    [
      'POST /v1/prior-auths/{caseId}/claims',
      'claim.create',
      { caseId: 'pa_1' },
      { claimId: 'clm_1' },
      { caseId: 'pa_1', claimId: 'clm_1' },
    ],
    ['POST /v1/remittances', 'remittance.create', {}, { remittanceId: 'rmt_1' }, { remittanceId: 'rmt_1' }],
  ])('%s records %s with the id of what it created', async (routeKey, action, path, answer, ids) => {
    const w = world();
    await call(w, event(routeKey, client, path), json(201, answer));
    expect(w.audit.events[0]).toMatchObject({ action, outcome: 'allowed', ...ids });
  });

  it("document.read names the document's case", async () => {
    const w = world();
    const caseId = await packetReady(w);
    const documentId = packetDocumentId(caseId);
    await call(w, event('GET /v1/documents/{documentId}', user, { documentId }), {
      statusCode: 200,
      body: '',
    });
    expect(w.audit.events[0]).toMatchObject({
      action: 'document.read',
      documentId,
      caseId,
      organizationId: 'default',
    });
  });

  it("the operator's access is recorded under the organization that owns the case", async () => {
    const w = world();
    const caseId = await packetReady(w);
    const record = await w.cases.requireCase(caseId);
    await w.cases.createCase({ ...record, caseId: 'pa_b', organizationId: 'org-b' }, []);
    await call(w, event('GET /v1/prior-auths/{caseId}', OPERATOR, { caseId: 'pa_b' }), json(200, {}));
    await call(w, event('GET /v1/prior-auths/{caseId}', OPERATOR, { caseId }), json(200, {}));
    expect(w.audit.events.map((e) => [e.organizationId, e.actor.type])).toEqual([
      ['org-b', 'operator'],
      ['default', 'operator'],
    ]);
  });

  it("another organization's resource: denied under the owner, with the refused ids", async () => {
    const w = world();
    const e = event('GET /v1/prior-auths/{caseId}', client, { caseId: 'pa_b' });
    const refused = recordingAccess(
      async (ev) => {
        noteRefusal(ev, new ForeignOrganizationError('case pa_b not found', 'org-b', { caseId: 'pa_b' }));
        return problem(404, 'case pa_b not found');
      },
      () => w,
    );
    expect((await refused(e)).statusCode).toBe(404);
    expect(w.audit.events).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        organizationId: 'org-b',
        caseId: 'pa_b',
        actor: { type: 'client', id: 'cli_1' },
      }),
    ]);
  });

  it('a 403 is denied under the caller organization; 401 and plain 400/404 record nothing', async () => {
    const w = world();
    await call(w, event('GET /v1/audit-events', client), problem(403, 'needs admin'));
    await call(
      w,
      event('GET /v1/prior-auths/{caseId}', undefined, { caseId: 'pa_1' }),
      problem(401, 'no token'),
    );
    await call(
      w,
      event('GET /v1/prior-auths/{caseId}', client, { caseId: 'pa_x' }),
      problem(404, 'not found'),
    );
    await call(w, event('POST /v1/prior-auths', client), problem(400, 'bad'));
    expect(w.audit.events).toEqual([
      expect.objectContaining({
        action: 'audit.read',
        outcome: 'denied',
        organizationId: 'org-a',
        status: 403,
      }),
    ]);
  });

  it('an access that cannot be recorded answers 503 instead of its data, and logs no PHI', async () => {
    const w = world();
    w.audit.failWith(new Error('table unavailable'));
    const answer = await call(
      w,
      event('GET /v1/prior-auths/{caseId}', client, { caseId: 'pa_1' }),
      json(200, { patient: 'x' }),
    );
    expect(answer.statusCode).toBe(503);
    expect(answer.body).not.toContain('patient');
    expect(w.log.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        attributes: { routeKey: 'GET /v1/prior-auths/{caseId}', status: 200, errorName: 'Error' },
      }),
    ]);
  });

  it('PA_AUDIT=off (the bench only) records nothing', async () => {
    const w = world();
    process.env.PA_AUDIT = 'off';
    try {
      await call(w, event('GET /v1/prior-auths', client), json(200, {}));
    } finally {
      delete process.env.PA_AUDIT;
    }
    expect(w.audit.events).toEqual([]);
  });
});
