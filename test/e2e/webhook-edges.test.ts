/**
 * The webhook and document edges of issue 11, through the running stack: an unknown payer gets
 * the 401 of a bad signature, a body that is not UTF-8 verifies over its bytes, an oversized body
 * is a 413 that stores nothing, and PDFs are never cached.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { MAX_WEBHOOK_BODY_BYTES } from '#use-cases/receive-webhook.ts';
import { e2eSecret } from '../support/examples.ts';
import { api, decision, expectStoresNothing, postWebhook, submittedCase, waitForCase } from './client.ts';

const PAYER = 'manual-commercial';

/** Bytes posted as they are, signed over those bytes with the payer's secret. */
async function postBytes(payerId: string, path: string, body: Uint8Array, contentType: string) {
  const headers = webhookHeaders({
    id: `msg_${randomUUID()}`,
    timestamp: Math.floor(Date.now() / 1000),
    body,
    secret: e2eSecret(PAYER) as string,
  });
  return api('POST', `/v1/webhooks/payers/${payerId}${path}`, {
    raw: body,
    headers: { ...headers, 'content-type': contentType },
    auth: false,
  });
}

describe('webhook edges', () => {
  it('answers an unknown payer with the same 401 as a bad signature, and stores nothing', async () => {
    // Prepare
    const caseId = await submittedCase();
    const body = decision(caseId, 'approved');
    // Act
    const unknown = await expectStoresNothing(
      () => postWebhook('no-such-payer', body, { secret: e2eSecret(PAYER) as string }),
      [caseId],
    );
    const badSignature = await postWebhook(PAYER, body, {
      secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    // Assess
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(badSignature.body);
  });

  it('verifies an X12 278 that is not UTF-8 over its raw bytes and applies it', async () => {
    // Prepare
    const caseId = await submittedCase();
    const text = readFileSync(new URL('../fixtures/x12/response-a1-approved.x12', import.meta.url), 'utf8');
    // A Latin-1 É (0xC9) in the payer's name: not valid UTF-8.
    const bytes = Buffer.from(
      text.replace('SYNTHETIC PAYER', 'SYNTH\u00c9TIC PAYER').replaceAll('CASE-0001', caseId),
      'latin1',
    );
    // Act
    const res = await postBytes(PAYER, `?caseId=${caseId}`, bytes, 'application/edi-x12');
    const done = await waitForCase(caseId, (c) => c.status === 'APPROVED');
    // Assess
    expect(res.status).toBe(202);
    expect(done.decision.authorizationNumber).toBe('AUTH-A1-77001');
  });

  it('answers a signed body over the limit with 413 problem+json within 10 s, and stores nothing', async () => {
    // Prepare
    const caseId = await submittedCase();
    const padded = { ...decision(caseId, 'denied'), padding: 'x'.repeat(MAX_WEBHOOK_BODY_BYTES) };
    const bytes = new TextEncoder().encode(JSON.stringify(padded));
    const started = Date.now();
    // Act
    const res = await expectStoresNothing(() => postBytes(PAYER, '', bytes, 'application/json'), [caseId]);
    // Assess
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('document edges', () => {
  it('serves a PDF with cache-control: no-store', async () => {
    // Prepare
    const caseId = await submittedCase();
    type DocumentRef = { kind: string; documentId: string };
    const isPacket = (d: DocumentRef) => d.kind === 'packet';
    const done = await waitForCase(caseId, (c) => c.documents.some(isPacket));
    const packet = (done.documents as DocumentRef[]).find(isPacket) as DocumentRef;
    // Act
    const res = await api('GET', `/v1/documents/${packet.documentId}`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
