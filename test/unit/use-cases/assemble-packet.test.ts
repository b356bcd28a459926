import { describe, expect, it } from 'vitest';
import { documentKey, pasBundleKey } from '#core/case/storage-keys.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { packetDocumentId } from '#core/ids.ts';
import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { exampleRequest, historyOf, MEDICARE, type World, world } from './support.ts';

async function received(w: World, payerId?: string): Promise<string> {
  const request = exampleRequest();
  if (payerId) request.coverage = { ...request.coverage, payerId };
  return (await receivePriorAuth({ caller: OPERATOR, request, rawBody: '{}' }, w)).caseId;
}

describe('assemblePacket', () => {
  it('records the assessment, billing and packet once, from one read of each attachment', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w);
    const documentId = packetDocumentId(caseId);

    // Act
    const result = await assemblePacket(caseId, w);

    // Assess
    expect(result).toEqual({ caseId, next: 'submit' });
    const record = await w.cases.requireCase(caseId);
    expect(record.status).toBe('PACKET_READY');
    expect(record.assessment?.verdict).toEqual(expect.any(String));
    expect(record.billing?.hcpcs).toBe('J9173');
    expect(record.documents).toEqual([expect.objectContaining({ documentId, kind: 'packet' })]);
    expect(await w.cases.getDocumentMeta(documentId)).toMatchObject({
      caseId,
      s3Key: documentKey(caseId, documentId),
    });
    expect(w.documents.objects.get(documentKey(caseId, documentId))?.contentType).toBe('application/pdf');
    const bundle = JSON.parse(
      Buffer.from(w.documents.objects.get(pasBundleKey(caseId))?.body ?? []).toString(),
    );
    expect(bundle.resourceType).toBe('Bundle');
    expect(w.documents.reads.get(`attachments/${caseId}/0.pdf`)).toBe(1);
    expect(await historyOf(w, caseId)).toEqual(['prior_auth.received', 'packet.assembled']);
  });

  it('leaves a case past RECEIVED as it is and answers its next step', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w);
    await assemblePacket(caseId, w);
    const before = await w.cases.requireCase(caseId);

    // Act
    const again = await assemblePacket(caseId, w);

    // Assess
    expect(again).toEqual({ caseId, next: 'submit' });
    expect(await w.cases.requireCase(caseId)).toEqual(before);
    expect(w.documents.reads.get(`attachments/${caseId}/0.pdf`)).toBe(1);
  });

  it('closes an Original Medicare case without submitting: no prior authorization is required', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w, MEDICARE.id);

    // Act
    const result = await assemblePacket(caseId, w);

    // Assess
    expect(result).toEqual({ caseId, next: 'not_required' });
    expect((await w.cases.requireCase(caseId)).status).toBe('CLOSED');
    // Entries written at the same instant come back in either order, as from DynamoDB.
    expect((await historyOf(w, caseId)).sort()).toEqual([
      'packet.assembled',
      'prior_auth.not_required',
      'prior_auth.received',
    ]);
  });

  it('fails when an attachment is missing from the document store, and records nothing', async () => {
    // Prepare
    const w = world();
    const caseId = await received(w);
    w.documents.objects.clear();

    // Act
    const outcome = assemblePacket(caseId, w);

    // Assess
    await expect(outcome).rejects.toThrow(/not found/);
    expect((await w.cases.requireCase(caseId)).status).toBe('RECEIVED');
  });
});
