/**
 * Large documents and uploads (API.md part 2): a Lambda answers and receives at most 6 MB, and
 * a PDF crosses API Gateway base64-encoded (4 bytes for 3), so a PDF over 4 MB is served by a
 * redirect to a short-lived presigned S3 URL and attachments of any size come in by a presigned
 * PUT, never through a Lambda's payload.
 */
import { LIMITS } from '#schemas/limits.ts';

/** The largest PDF answered in the Lambda's response (base64: 5.33 MB of Lambda's 6 MB). */
export const INLINE_DOCUMENT_MAX_BYTES = 4 * 1024 * 1024;
/** How long a presigned download URL lives. */
export const DOCUMENT_URL_SECONDS = 300;
/** How long a presigned upload URL lives. */
export const UPLOAD_URL_SECONDS = 900;
/** The largest upload an attachment may reference: an attachment's limit (25 MB). */
export const UPLOAD_MAX_BYTES = LIMITS.attachmentBytes;

/** A document of unknown size is redirected: it may be too large for the response. */
export function servesInline(bytes: number | undefined): boolean {
  return bytes !== undefined && bytes <= INLINE_DOCUMENT_MAX_BYTES;
}

/** The file name a document is served under. */
export function documentFilename(document: { kind: string; documentId: string }): string {
  return `${document.kind}-${document.documentId}.pdf`;
}
