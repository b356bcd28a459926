import { describe, expect, it } from 'vitest';
import { documentKey } from '#core/case/storage-keys.ts';
import { NotFoundError } from '#core/errors.ts';
import { packetDocumentId, remedyIds, sha256Hex } from '#core/ids.ts';
import type { Appeal } from '#core/model.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { composeRemedy } from '#use-cases/compose-remedy.ts';
import { alkPositiveAegean, claimWithDrugLine } from '../support/appeal-case.ts';
import { CASE_ID, EVENT_ID, givenEvent, payerEvent } from '../support/payer-case.ts';
import { deniedCase, historyOf, type World, world } from './support.ts';

const { appealId, documentId } = remedyIds(CASE_ID, EVENT_ID);
const PACKET_ID = packetDocumentId(CASE_ID);
/** The spec the JSON renderer of the in-memory ports wrote for the remedy. */
const renderedSpec = (w: World) => {
  const stored = w.documents.objects.get(documentKey(CASE_ID, documentId));
  return stored ? JSON.parse(new TextDecoder().decode(stored.body)) : undefined;
};

describe('composeRemedy', () => {
  it('writes the appeal of a denied prior auth with the packet enclosed, and records it once', async () => {
    // Prepare
    const w = world();
    w.clock.set('2026-11-21T09:00:00.000Z');
    await deniedCase(w);
    const receipt = await givenEvent(w, payerEvent());
    // Act
    const result = await composeRemedy(CASE_ID, EVENT_ID, w);
    // Assess
    expect(result).toEqual({ caseId: CASE_ID, eventId: EVENT_ID, appealId });
    const record = await w.cases.requireCase(CASE_ID);
    expect(record).toMatchObject({ status: 'APPEAL_READY', pendingRemedyEventId: null, flags: [] });
    expect(record.appeals).toEqual([
      expect.objectContaining({ appealId, status: 'APPEAL_READY', remedy: 'appeal', level: 1, documentId }),
    ]);
    expect(record.deadlines.appealDueAt).toBe(record.appeals[0]?.dueAt);
    const stored = w.documents.objects.get(documentKey(CASE_ID, documentId))!;
    expect(record.documents.at(-1)).toEqual({
      documentId,
      kind: 'appeal',
      contentType: 'application/pdf',
      createdAt: '2026-11-21T09:00:00.000Z',
      bytes: stored.body.length,
      sha256: sha256Hex(stored.body),
      templateVersion: w.templates.version,
    });
    expect(await w.cases.getDocumentMeta(documentId)).toMatchObject({
      caseId: CASE_ID,
      s3Key: documentKey(CASE_ID, documentId),
    });
    const spec = renderedSpec(w);
    expect(spec.enclosures.map((e: { title: string }) => e.title)).toEqual([
      'Original prior-authorization packet',
    ]);
    expect(spec.createdAt).toBe(receipt.receivedAt);
    expect(await historyOf(w, CASE_ID)).toEqual(['appeal.ready']);
  });

  it('does nothing the second time: same appeal, no new document or history', async () => {
    const w = world();
    await deniedCase(w);
    await givenEvent(w, payerEvent());
    await composeRemedy(CASE_ID, EVENT_ID, w);
    const before = { record: await w.cases.requireCase(CASE_ID), reads: w.documents.reads.size };
    const again = await composeRemedy(CASE_ID, EVENT_ID, w);
    expect(again.appealId).toBe(appealId);
    expect(await w.cases.requireCase(CASE_ID)).toEqual(before.record);
    expect(w.documents.reads.size).toBe(before.reads);
    expect(await historyOf(w, CASE_ID)).toEqual(['appeal.ready']);
  });

  it('asks for good cause past the deadline and flags the case APPEAL_UNTIMELY', async () => {
    const w = world();
    w.clock.set('2027-03-01T00:00:00.000Z');
    await deniedCase(w);
    await givenEvent(w, payerEvent());
    await composeRemedy(CASE_ID, EVENT_ID, w);
    const record = await w.cases.requireCase(CASE_ID);
    expect(record.findings.map((f) => f.code)).toEqual(['APPEAL_UNTIMELY']);
    expect(JSON.stringify(renderedSpec(w))).toContain('good cause');
  });

  it('records no appeal for an ALK-positive AEGEAN request and writes no document', async () => {
    const w = world();
    await deniedCase(w, { assessment: alkPositiveAegean });
    await givenEvent(w, payerEvent());
    await composeRemedy(CASE_ID, EVENT_ID, w);
    const record = await w.cases.requireCase(CASE_ID);
    expect(record.status).toBe('DENIED');
    expect(record.appeals).toEqual([expect.objectContaining({ status: 'NOT_APPEALED', documentId: null })]);
    expect(w.documents.objects.size).toBe(1);
    expect(await historyOf(w, CASE_ID)).toEqual(['appeal.not_recommended']);
  });

  it('answers a J9376 claim denial with a corrected-claim instruction, without the packet', async () => {
    // Prepare
    const w = world();
    await deniedCase(w);
    const claim = claimWithDrugLine({ hcpcs: 'J9376', units: 1500 });
    await w.cases.putClaimOnce(CASE_ID, {
      claimId: claim.claimId,
      receivedAt: '2026-12-01T10:00:00Z',
      findings: [],
      claim,
    });
    const denial = payerEvent({
      type: 'claim.denied',
      claimId: claim.claimId,
      reasons: [{ system: 'CARC', code: '181' }],
    });
    await givenEvent(w, denial);
    // Act
    await composeRemedy(CASE_ID, EVENT_ID, w);
    // Assess
    const record = await w.cases.requireCase(CASE_ID);
    expect(record.appeals).toEqual([
      expect.objectContaining({ remedy: 'corrected_claim', subject: 'claim', claimId: claim.claimId }),
    ]);
    expect(record.documents.at(-1)?.kind).toBe('corrected_claim');
    expect(renderedSpec(w).enclosures).toBeUndefined();
    expect(w.documents.reads.get(documentKey(CASE_ID, PACKET_ID))).toBeUndefined();
    expect(await historyOf(w, CASE_ID)).toEqual(['corrected_claim.ready']);
  });

  it('records that no level is left after the last appeal is upheld', async () => {
    // Prepare
    const w = world();
    const last: Appeal = {
      appealId: 'apl_last',
      status: 'APPEAL_DENIED',
      remedy: 'appeal',
      subject: 'prior_auth',
      level: 5,
      documentId: null,
      dueAt: null,
      createdAt: '2026-11-20T16:00:00.000Z',
    };
    await deniedCase(w, { status: 'APPEAL_DENIED', appeals: [last] });
    const upheld: NormalisedPayerEvent = payerEvent({
      type: 'appeal.decision',
      outcome: 'upheld',
      appealId: 'apl_last',
    });
    await givenEvent(w, upheld);
    // Act
    const result = await composeRemedy(CASE_ID, EVENT_ID, w);
    // Assess
    expect(result.appealId).toBeNull();
    expect(await w.cases.requireCase(CASE_ID)).toMatchObject({
      status: 'APPEAL_DENIED',
      pendingRemedyEventId: null,
    });
    expect(await historyOf(w, CASE_ID)).toEqual(['appeal.no_further_level']);
    expect(w.documents.objects.size).toBe(1);
  });

  it('refuses an event it does not know', async () => {
    const w = world();
    await deniedCase(w);
    await expect(composeRemedy(CASE_ID, EVENT_ID, w)).rejects.toBeInstanceOf(NotFoundError);
  });
});
