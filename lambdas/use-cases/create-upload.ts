/**
 * POST /v1/uploads: a presigned PUT URL for one PDF, so that attachments of any size reach the
 * document store without crossing a Lambda's 6 MB payload.
 *
 * Primary course:
 * 1. A new upload id, and its key under uploads/<organizationId>/ (the organization the caller
 *    acts for: its own; the operator's `default` or the one it names).
 * 2. A short-lived URL that stores a PUT of a PDF under that key.
 * Nothing is written: an upload exists once its PUT arrives, and is checked when a request names it.
 */
import { organizationUploadKey } from '#core/case/storage-keys.ts';
import { UPLOAD_URL_SECONDS } from '#core/documents/large-documents.ts';
import { NotFoundError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import type { Ports } from '#core/ports.ts';
import type { UploadRequest } from '#schemas/upload.ts';
import { resolveOrganization } from './acting-organization.ts';

export async function createUpload(
  caller: Principal,
  request: UploadRequest,
  deps: Pick<Ports, 'documents' | 'ids' | 'identity'>,
  requestedOrganization?: string,
): Promise<{ uploadId: string; url: string; expiresAt: string }> {
  // 1. The id and its key, in the caller's organization.
  const organizationId = await resolveOrganization(
    caller,
    requestedOrganization,
    deps,
    (org) => new NotFoundError(`organization ${org} not found`),
  );
  const uploadId = deps.ids.uploadId();
  // 2. The URL.
  const { url, expiresAt } = await deps.documents.presignPut(
    organizationUploadKey(organizationId, uploadId),
    {
      expiresInSeconds: UPLOAD_URL_SECONDS,
      contentType: request.contentType,
    },
  );
  return { uploadId, url, expiresAt };
}
