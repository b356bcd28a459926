/**
 * GET /v1/documents/{documentId}: the PDF itself when it fits a Lambda's response, otherwise a
 * short-lived presigned URL that serves it (API.md part 2: a redirect whenever it is over 4 MB).
 *
 * Primary course:
 * 1. The document's metadata (404 when there is none or it is another organization's).
 * 2. Over 4 MB (or of unknown size): a presigned GET URL.
 * 3. Otherwise: its bytes.
 */
import { DOCUMENT_URL_SECONDS, documentFilename, servesInline } from '#core/documents/large-documents.ts';
import { NotFoundError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import { requireVisible } from '#core/identity/tenancy.ts';
import type { DocumentMeta, Ports } from '#core/ports.ts';

export type DocumentAnswer =
  | { kind: 'inline'; meta: DocumentMeta; filename: string; bytes: Uint8Array }
  | { kind: 'redirect'; meta: DocumentMeta; url: string; expiresAt: string };

export async function readDocument(
  caller: Principal,
  documentId: string,
  deps: Pick<Ports, 'cases' | 'documents'>,
): Promise<DocumentAnswer> {
  // 1. The metadata.
  const notFound = `document ${documentId} not found`;
  const stored = await deps.cases.getDocumentMeta(documentId);
  if (!stored) throw new NotFoundError(notFound);
  const meta = requireVisible(caller, stored, notFound, { documentId, caseId: stored.caseId });
  const filename = documentFilename(meta);
  // 2. A large document: the URL.
  if (!servesInline(meta.bytes)) {
    const { url, expiresAt } = await deps.documents.presignGet(meta.s3Key, {
      expiresInSeconds: DOCUMENT_URL_SECONDS,
      filename,
    });
    return { kind: 'redirect', meta, url, expiresAt };
  }
  // 3. A small one: the bytes.
  return { kind: 'inline', meta, filename, bytes: await deps.documents.get(meta.s3Key) };
}
