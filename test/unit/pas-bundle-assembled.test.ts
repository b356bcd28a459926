/**
 * The PAS Bundle the packet step stores: built from the bytes the use case read, so the payer
 * gets the documents themselves (issue 12), and stored in the document store (S3), where the
 * submission step reads it: the state machine carries the case id only.
 */
import { describe, expect, it } from 'vitest';
import { documentKey, pasBundleKey } from '#core/case/storage-keys.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { packetDocumentId } from '#core/ids.ts';
import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { checkProfiles, validateR4 } from './conformance/profile-check.ts';
import { exampleRequest, world } from './use-cases/support.ts';

// biome-ignore lint/suspicious/noExplicitAny: the Bundle is FHIR JSON, walked freely in assertions
type Json = Record<string, any>;

describe('assemblePacket and the PAS Bundle', () => {
  it('stores a Bundle whose DocumentReferences carry the packet PDF and each attachment, byte for byte', async () => {
    // Prepare
    const w = world();
    const request = exampleRequest();
    const { caseId } = await receivePriorAuth({ caller: OPERATOR, request, rawBody: '{}' }, w);

    // Act
    await assemblePacket(caseId, w);

    // Assess
    const stored = w.documents.objects.get(pasBundleKey(caseId));
    expect(stored?.contentType).toBe('application/fhir+json');
    const bundle = JSON.parse(Buffer.from(stored?.body ?? []).toString()) as Json;
    const documents = bundle.entry
      .map((e: Json) => e.resource)
      .filter((r: Json) => r.resourceType === 'DocumentReference');
    const packet = w.documents.objects.get(documentKey(caseId, packetDocumentId(caseId)))?.body;
    expect(documents.map((d: Json) => d.content[0].attachment.data)).toEqual([
      Buffer.from(packet ?? []).toString('base64'),
      (request.attachments[0] as { data: string }).data,
    ]);
  });

  it('stores a Bundle that meets the PAS profiles and is valid R4', async () => {
    // Prepare
    const w = world();
    const { caseId } = await receivePriorAuth(
      { caller: OPERATOR, request: exampleRequest(), rawBody: '{}' },
      w,
    );

    // Act
    await assemblePacket(caseId, w);

    // Assess
    const bundle = JSON.parse(
      Buffer.from(w.documents.objects.get(pasBundleKey(caseId))?.body ?? []).toString(),
    );
    expect(checkProfiles(bundle)).toEqual([]);
    expect(validateR4(bundle)).toEqual([]);
  }, 60_000);
});
