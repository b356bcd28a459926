/**
 * Large documents and uploads (API.md part 2): an upload URL that stores a PDF, an attachment
 * that names it, and documents over 4 MB served by a presigned URL instead of the response.
 */
import { describe, expect, it } from 'vitest';
import { jsonRenderer } from '#adapters/in-memory/index.ts';
import { organizationUploadKey } from '#core/case/storage-keys.ts';
import {
  INLINE_DOCUMENT_MAX_BYTES,
  servesInline,
  UPLOAD_MAX_BYTES,
} from '#core/documents/large-documents.ts';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import type { DocumentMeta } from '#core/ports.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { createUpload } from '#use-cases/create-upload.ts';
import { readDocument } from '#use-cases/read-document.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { exampleRequest, type World, world } from './support.ts';

const PDF = new Uint8Array(Buffer.from('%PDF-1.7 uploaded scan'));

const newUpload = (w: World) =>
  createUpload(OPERATOR, { contentType: 'application/pdf', title: 'CT scan' }, w);
const putPdf = (w: World, url: string, contentType = 'application/pdf') =>
  w.documents.transfer(url, { method: 'PUT', body: PDF, contentType });

async function uploaded(w: World): Promise<string> {
  const upload = await newUpload(w);
  expect((await putPdf(w, upload.url)).status).toBe(200);
  return upload.uploadId;
}

function requestWithUpload(uploadId: string): PriorAuthRequest {
  const base = exampleRequest();
  return PriorAuthRequest.parse({
    ...base,
    attachments: [...base.attachments, { uploadId, title: 'CT scan 2026-02-20' }],
  });
}

/** A case received through the use case, with a generated document of `bytes` (or of unknown size). */
async function documentOfSize(w: World, bytes: number | undefined): Promise<DocumentMeta> {
  const { caseId } = await receivePriorAuth(
    { caller: OPERATOR, request: exampleRequest(), rawBody: '{}' },
    w,
  );
  const meta: DocumentMeta = {
    documentId: 'doc_large',
    kind: 'packet',
    contentType: 'application/pdf',
    caseId,
    s3Key: `documents/${caseId}/doc_large.pdf`,
    ...(bytes === undefined ? {} : { bytes }),
  };
  await w.documents.put(meta.s3Key, new Uint8Array(bytes ?? 10), 'application/pdf');
  await w.cases.updateCase(caseId, (current) => ({ next: current, history: [], documents: [meta] }));
  return meta;
}

describe('servesInline', () => {
  it.each([
    [0, true],
    [INLINE_DOCUMENT_MAX_BYTES - 1, true],
    [INLINE_DOCUMENT_MAX_BYTES, true],
    [INLINE_DOCUMENT_MAX_BYTES + 1, false],
    [20 * 1024 * 1024, false],
    [undefined, false],
  ])('a document of %s bytes inline: %s', (bytes, inline) => {
    expect(servesInline(bytes)).toBe(inline);
  });
});

describe('createUpload', () => {
  it('gives an upload id and a 15-minute URL that stores a PDF under uploads/', async () => {
    // Prepare
    const w = world();

    // Act
    const upload = await newUpload(w);
    const put = await putPdf(w, upload.url);

    // Assess
    expect(upload.uploadId).toMatch(/^up_[0-9a-z]{26}$/);
    expect(upload.expiresAt).toBe('2026-03-02T15:15:00.000Z');
    expect(put.status).toBe(200);
    expect(w.documents.objects.get(organizationUploadKey('default', upload.uploadId))?.body).toEqual(PDF);
  });

  it('gives a URL that refuses another content type and stops working when it expires', async () => {
    // Prepare
    const w = world();
    const upload = await newUpload(w);

    // Act
    const html = await putPdf(w, upload.url, 'text/html');
    w.clock.advance(15 * 60 * 1000 + 1);
    const late = await putPdf(w, upload.url);

    // Assess
    expect([html.status, late.status]).toEqual([403, 403]);
    expect(w.documents.objects.size).toBe(0);
  });
});

describe('receivePriorAuth with an uploaded attachment', () => {
  it('stores the upload as the case attachment, as a base64 one is', async () => {
    // Prepare
    const w = world();
    const uploadId = await uploaded(w);

    // Act
    const { caseId } = await receivePriorAuth(
      { caller: OPERATOR, request: requestWithUpload(uploadId), rawBody: '{}' },
      w,
    );

    // Assess
    const record = await w.cases.requireCase(caseId);
    expect(record.request.attachments.at(-1)).toEqual({
      kind: 'clinical_document',
      title: 'CT scan 2026-02-20',
      contentType: 'application/pdf',
      s3Key: `attachments/${caseId}/1.pdf`,
      bytes: PDF.length,
    });
    expect(w.documents.objects.get(`attachments/${caseId}/1.pdf`)?.body).toEqual(PDF);
  });

  it('refuses an uploadId with no upload behind it, naming the field, and writes nothing', async () => {
    // Prepare
    const w = world();
    const request = requestWithUpload('up_01jz0000000000000000000000');

    // Act
    const refused = receivePriorAuth({ caller: OPERATOR, request, rawBody: '{}' }, w);

    // Assess
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({
      errors: [{ path: 'attachments.1.uploadId', message: expect.stringContaining('names no upload') }],
    });
    expect(w.documents.objects.size).toBe(0);
    expect(w.workflows.starts).toEqual([]);
  });

  it('refuses an upload over the size limit before reading it', async () => {
    // Prepare
    const w = world();
    const uploadId = await uploaded(w);
    w.documents.objects.set(organizationUploadKey('default', uploadId), {
      body: new Uint8Array(UPLOAD_MAX_BYTES + 1),
      contentType: 'application/pdf',
    });

    // Act
    const refused = receivePriorAuth(
      { caller: OPERATOR, request: requestWithUpload(uploadId), rawBody: '{}' },
      w,
    );

    // Assess
    await expect(refused).rejects.toMatchObject({
      errors: [{ path: 'attachments.1.uploadId', message: 'the upload must be at most 25 MB' }],
    });
    expect(w.documents.reads.get(organizationUploadKey('default', uploadId))).toBeUndefined();
  });

  it('refuses an upload that fails the PDF checks, naming its uploadId', async () => {
    // Prepare
    const w = world({ renderer: jsonRenderer([1]) });
    const uploadId = await uploaded(w);

    // Act
    const refused = receivePriorAuth(
      { caller: OPERATOR, request: requestWithUpload(uploadId), rawBody: '{}' },
      w,
    );

    // Assess
    await expect(refused).rejects.toMatchObject({
      errors: [{ path: 'attachments.1.uploadId', message: expect.any(String) }],
    });
    expect([...w.documents.objects.keys()]).toEqual([organizationUploadKey('default', uploadId)]);
  });
});

describe('readDocument', () => {
  it('answers a document of 4 MB with its bytes', async () => {
    // Prepare
    const w = world();
    const meta = await documentOfSize(w, INLINE_DOCUMENT_MAX_BYTES);

    // Act
    const answer = await readDocument(OPERATOR, meta.documentId, w);

    // Assess
    expect(answer).toMatchObject({ kind: 'inline', filename: 'packet-doc_large.pdf' });
    expect(answer.kind === 'inline' && answer.bytes.length).toBe(INLINE_DOCUMENT_MAX_BYTES);
  });

  it.each([INLINE_DOCUMENT_MAX_BYTES + 1, undefined])(
    'answers a document of %s bytes with a 5-minute URL that serves it, without reading it',
    async (bytes) => {
      // Prepare
      const w = world();
      const meta = await documentOfSize(w, bytes);

      // Act
      const answer = await readDocument(OPERATOR, meta.documentId, w);

      // Assess
      expect(answer).toMatchObject({ kind: 'redirect', expiresAt: '2026-03-02T15:05:00.000Z' });
      const served = answer.kind === 'redirect' ? await w.documents.transfer(answer.url) : undefined;
      expect(served?.status).toBe(200);
      expect(w.documents.reads.get(meta.s3Key)).toBeUndefined();
    },
  );

  it('answers NotFoundError for an unknown document', async () => {
    await expect(readDocument(OPERATOR, 'doc_unknown', world())).rejects.toBeInstanceOf(NotFoundError);
  });
});
