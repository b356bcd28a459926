/**
 * The prior-auth contract of API.md, driven over HTTP against the running local stack.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, expectStoresNothing, getCase, requestFor, submit, waitForCase } from './client.ts';

describe('the local stack', () => {
  it('answers /healthz without a token', async () => {
    const res = await api('GET', '/healthz', { auth: false });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('refuses /v1 routes with no token: 401 from API Gateway itself, as on AWS', async () => {
    const res = await api('GET', '/v1/prior-auths', { auth: false });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthorized' });
  });

  it('refuses /v1 routes with a wrong token: 401 problem+json from the API', async () => {
    const res = await api('GET', '/v1/prior-auths', {
      auth: false,
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('POST /v1/prior-auths', () => {
  it('takes the example request through the simulator to a final decision, visible in the case', async () => {
    const res = await api('POST', '/v1/prior-auths', { body: requestFor('sim-auto') });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('RECEIVED');
    expect(res.body.links.self).toBe(`/v1/prior-auths/${res.body.caseId}`);

    const done = await waitForCase(res.body.caseId, (c) => c.status === 'APPROVED');

    expect(done.assessment.verdict).toBe('meets_label');
    expect(done.assessment.indication).toContain('PACIFIC');
    expect(done.billing).toMatchObject({
      hcpcs: 'J9173',
      unitsPerAdministration: 150,
      wasteModifier: 'JZ',
      unitsRequested: 1950,
    });
    expect(done.decision.outcome).toBe('approved');
    expect(done.decision.authorizationNumber).toBeTruthy();
    expect(done.deadlines.payerDecisionDueAt).toBeTruthy();
    expect(done.history.map((h: any) => h.status)).toEqual(
      expect.arrayContaining(['RECEIVED', 'PACKET_READY', 'SUBMITTED', 'APPROVED']),
    );
    const packet = done.documents.find((d: any) => d.kind === 'packet');
    const pdf = await api('GET', `/v1/documents/${packet.documentId}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(pdf.body).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('returns the same caseId for a replayed Idempotency-Key, and 422 for another body under it', async () => {
    const key = `key-${randomUUID()}`;
    const body = requestFor('manual-commercial');
    const first = await api('POST', '/v1/prior-auths', { body, headers: { 'idempotency-key': key } });
    const again = await api('POST', '/v1/prior-auths', { body, headers: { 'idempotency-key': key } });
    const other = await api('POST', '/v1/prior-auths', {
      body: requestFor('manual-commercial', (r) => {
        r.priority = 'expedited';
      }),
      headers: { 'idempotency-key': key },
    });

    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each([
    ['patient.weightKg', (r: any) => (r.patient.weightKg = 900)],
    ['provider.npi', (r: any) => (r.provider.npi = '1234567890')],
    ['patient.birthDate', (r: any) => (r.patient.birthDate = '1957-02-30')],
    ['diagnosis.icd10.0', (r: any) => (r.diagnosis.icd10 = ['XYZ'])],
    ['coverage.memberId', (r: any) => (r.coverage.memberId = ' ')],
    ['coverage.payerId', (r: any) => (r.coverage.payerId = 'no-such-payer')],
    ['priority', (r: any) => (r.priority = 'whenever')],
    ['treatmentPlan.dose', (r: any) => (r.treatmentPlan.dose = { grams: 1 })],
  ])('refuses a bad %s with its field named and stores nothing', async (field, change) => {
    const res = await expectStoresNothing(() =>
      api('POST', '/v1/prior-auths', { body: requestFor('manual-commercial', change) }),
    );

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: any) => e.path)).toContainEqual(expect.stringContaining(field));
  });

  it('refuses malformed JSON and a wrong content type as problem+json, and stores nothing', async () => {
    const [malformed, wrongType] = await expectStoresNothing(async () => [
      await api('POST', '/v1/prior-auths', {
        raw: '{"priority":',
        headers: { 'content-type': 'application/json' },
      }),
      await api('POST', '/v1/prior-auths', {
        raw: 'priority=standard',
        headers: { 'content-type': 'text/plain' },
      }),
    ]);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 404 for an unknown case and an unknown document', async () => {
    expect((await api('GET', '/v1/prior-auths/pa_unknown')).status).toBe(404);
    expect((await api('GET', '/v1/documents/doc_unknown')).status).toBe(404);
  });

  it('closes an Original Medicare request without submitting it: no prior auth is needed for a Part B drug', async () => {
    const caseId = await submit(requestFor('demo-medicare'));
    const done = await waitForCase(caseId, (c) => c.status === 'CLOSED');
    expect(done.findings.map((f: any) => f.code)).toContain('NO_PRIOR_AUTH_REQUIRED');
    expect(done.submission).toBeNull();
  });
});

describe('POST /v1/assessments', () => {
  it('assesses without storing anything', async () => {
    const res = await expectStoresNothing(() =>
      api('POST', '/v1/assessments', { body: requestFor('sim-auto') }),
    );

    expect(res.status).toBe(200);
    expect(res.body.assessment.verdict).toBe('meets_label');
    expect(res.body.billing.vials).toEqual([{ ndc11: '00310-4611-50', strengthMg: 500, count: 3 }]);
  });

  it('flags J9376 as pozelimab-bbfg and still bills J9173', async () => {
    const res = await api('POST', '/v1/assessments', {
      body: requestFor('sim-auto', (r) => {
        r.treatmentPlan.hcpcs = 'J9376';
      }),
    });
    const finding = res.body.findings.find((f: any) => f.code === 'HCPCS_MISMATCH');
    expect(finding.severity).toBe('error');
    expect(finding.message).toMatch(/pozelimab/i);
    expect(finding.message).toContain('J9173');
    expect(res.body.billing.hcpcs).toBe('J9173');
  });
});

describe('GET /v1/prior-auths (worklist)', () => {
  it('filters by status and payer, orders by the most urgent deadline and pages with nextToken', async () => {
    const ids = [
      await submit(requestFor('manual-ma')),
      await submit(requestFor('manual-ma', (r) => (r.priority = 'expedited'))),
    ];
    for (const id of ids) await waitForCase(id, (c) => c.status === 'SUBMITTED');

    const page1 = await api('GET', '/v1/prior-auths?status=SUBMITTED&payerId=manual-ma&limit=1');
    const page2 = await api(
      'GET',
      `/v1/prior-auths?status=SUBMITTED&payerId=manual-ma&limit=1&nextToken=${page1.body.nextToken}`,
    );

    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextToken).toBeTruthy();
    expect(page2.body.items).toHaveLength(1);
    const [first, second] = [page1.body.items[0], page2.body.items[0]];
    expect(first.dueAt <= second.dueAt).toBe(true);
    expect(first.priority).toBe('expedited');
    for (const item of [first, second]) {
      expect(item.status).toBe('SUBMITTED');
      expect(item.payer.id).toBe('manual-ma');
      expect(item.patient).toEqual({ id: 'MRN-100234', name: 'Rivera, Dana' });
    }
    const c = await getCase(first.caseId);
    expect(c.deadlines.payerDecisionDueAt).toBe(first.dueAt);
  });

  it('refuses a bad filter with its field named', async () => {
    const res = await api('GET', '/v1/prior-auths?status=MAYBE&dueBefore=tomorrow');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['status', 'dueBefore']));
  });
});
