/**
 * POST /v1/uploads: a presigned PUT URL for one PDF, so that attachments of any size reach the
 * document store without crossing a Lambda's 6 MB payload.
 *
 * Primary course:
 * 1. A new upload id, and its key under uploads/.
 * 2. A short-lived URL that stores a PUT of a PDF under that key.
 * Nothing is written: an upload exists once its PUT arrives, and is checked when a request names it.
 */
import { UPLOAD_URL_SECONDS, uploadKey } from '#core/documents/large-documents.ts';
import type { Ports } from '#core/ports.ts';
import type { UploadRequest } from '#schemas/upload.ts';

export async function createUpload(
  request: UploadRequest,
  deps: Pick<Ports, 'documents' | 'ids'>,
): Promise<{ uploadId: string; url: string; expiresAt: string }> {
  // 1. The id and its key.
  const uploadId = deps.ids.uploadId();
  // 2. The URL.
  const { url, expiresAt } = await deps.documents.presignPut(uploadKey(uploadId), {
    expiresInSeconds: UPLOAD_URL_SECONDS,
    contentType: request.contentType,
  });
  return { uploadId, url, expiresAt };
}
