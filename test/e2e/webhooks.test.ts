/**
 * Payer webhooks of API.md, posted as a payer would: signed, redelivered, out of order.
 */
import { describe, expect, it } from 'vitest';
import {
  api,
  decision,
  expectStoresNothing,
  getCase,
  payers,
  postWebhook,
  requestFor,
  submit,
  submittedCase,
  waitForCase,
} from './client.ts';

describe('webhook signatures', () => {
  const otherSecret = payers.find((p) => p.id === 'manual-medicaid')!.webhookSecret;
  it.each([
    ['a bad signature', { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
    ["another payer's secret", { secret: otherSecret }],
    ['a tampered body', { tamper: (raw: string) => raw.replace('"denied"', '"approved"') }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['a timestamp in the future', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }],
  ])('answers 401 to %s and changes nothing', async (_label, options) => {
    const caseId = await submittedCase();
    const before = await getCase(caseId);

    const res = await postWebhook('manual-commercial', decision(caseId, 'denied'), options);
    const after = await getCase(caseId);

    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(after.status).toBe('SUBMITTED');
    expect(after.history.length).toBe(before.history.length);
  });

  it('answers 404 for a case of another payer and stores nothing', async () => {
    const caseId = await submittedCase();
    const res = await expectStoresNothing(
      () => postWebhook('manual-medicaid', decision(caseId, 'approved')),
      [caseId],
    );
    expect(res.status).toBe(404);
  });

  it('refuses a signed body with bad fields as 400 naming the field, and stores nothing', async () => {
    const caseId = await submittedCase();
    const res = await expectStoresNothing(
      () => postWebhook('manual-commercial', { ...decision(caseId, 'maybe') }),
      [caseId],
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('outcome');
  });
});

describe('webhook delivery', () => {
  it('applies a redelivery once and answers duplicate: true', async () => {
    const caseId = await submittedCase();
    const body = decision(caseId, 'approved');

    const first = await postWebhook('manual-commercial', body, { id: `msg_dup_${caseId}` });
    const second = await postWebhook('manual-commercial', body, { id: `msg_dup_${caseId}` });
    const done = await waitForCase(caseId, (c) => c.status === 'APPROVED');

    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ duplicate: true });
    expect(done.history.filter((h: any) => h.event === 'prior_auth.decision')).toHaveLength(1);
  });

  it('ends a shuffled burst of events in the state of the newest one', async () => {
    const caseId = await submittedCase();
    const t0 = Date.now() - 60_000;
    const events = [
      decision(caseId, 'pended', { requestedDocuments: [] }, new Date(t0).toISOString()),
      decision(caseId, 'denied', {}, new Date(t0 + 10_000).toISOString()),
      decision(caseId, 'approved', {}, new Date(t0 + 20_000).toISOString()),
    ];
    // newest first, then the older ones: they must never roll the case back
    for (const e of [events[2], events[0], events[1]]) {
      const res = await postWebhook('manual-commercial', e);
      expect(res.status).toBe(202);
    }
    const done = await waitForCase(
      caseId,
      (c) => c.history.filter((h: any) => h.source === 'payer').length === 3,
    );

    expect(done.status).toBe('APPROVED');
    expect(done.decision.outcome).toBe('approved');
    expect(done.history.filter((h: any) => h.source === 'payer' && h.applied === false)).toHaveLength(2);
  });

  it('moves a pended case to NEEDS_INFO when the payer asks for documents', async () => {
    const caseId = await submittedCase();
    await postWebhook(
      'manual-commercial',
      decision(caseId, 'pended', { requestedDocuments: ['PET-CT report'] }),
    );
    const done = await waitForCase(caseId, (c) => c.status === 'NEEDS_INFO' || c.status === 'PENDED');
    expect(done.decision.requestedDocuments).toEqual(['PET-CT report']);
  });
});

describe('denials', () => {
  it('produce the appeal PDF without anyone asking', async () => {
    const caseId = await submittedCase();
    await postWebhook(
      'manual-commercial',
      decision(caseId, 'denied', { note: 'Documentation does not establish no progression.' }),
    );

    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    const appeal = done.appeals[0];

    expect(appeal).toMatchObject({
      status: 'APPEAL_READY',
      remedy: 'appeal',
      subject: 'prior_auth',
      level: 1,
    });
    expect(appeal.dueAt).toBeTruthy();
    expect(done.deadlines.appealDueAt).toBe(appeal.dueAt);
    const pdf = await api('GET', `/v1/documents/${appeal.documentId}`);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(pdf.body).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('through the simulator, a denial reaches APPEAL_READY', async () => {
    const caseId = await submit(requestFor('sim-deny'));
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    expect(done.decision.outcome).toBe('denied');
    expect(done.appeals).toHaveLength(1);
  });

  it('through the simulator, a pended case is decided later', async () => {
    const caseId = await submit(requestFor('sim-pend'));
    const done = await waitForCase(
      caseId,
      (c) => c.status === 'APPROVED' && c.history.filter((h: any) => h.source === 'payer').length >= 2,
    );
    // the pend is in the history; applied, or set aside if the final answer was applied first
    expect(done.history.some((h: any) => h.source === 'payer' && /pended/.test(h.detail))).toBe(true);
    expect(done.decision.outcome).toBe('approved');
  });

  it('through the simulator, a partial approval records the approved units and dates', async () => {
    const caseId = await submit(requestFor('sim-partial'));
    const done = await waitForCase(caseId, (c) => c.status === 'PARTIALLY_APPROVED');
    expect(done.decision.outcome).toBe('partially_approved');
    expect(done.decision.approvedUnits).toBeGreaterThan(0);
    expect(done.decision.approvedUnits).toBeLessThan(done.billing.unitsRequested);
    expect(done.decision.authorizationNumber).toBeTruthy();
  });

  it('through the simulator, a pended case that is then denied gets its appeal', async () => {
    const caseId = await submit(requestFor('sim-pend-deny'));
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    expect(done.decision.outcome).toBe('denied');
    expect(done.appeals[0].remedy).toBe('appeal');
  });
});
