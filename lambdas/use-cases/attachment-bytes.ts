/**
 * The bytes of a request's attachments, base64 in the body or uploaded by a presigned PUT, each
 * checked as a PDF before anything is written. An uploadId that names no upload, one larger than
 * the limit or one that is not a readable PDF is a 400 naming `attachments.<i>.uploadId`.
 *
 * Primary course:
 * 1. Each uploaded attachment exists under uploads/<organizationId>/ and is within the size limit.
 * 2. Its bytes are read; inline ones are decoded.
 * 3. Every attachment passes the renderer's PDF checks.
 */
import { organizationUploadKey } from '#core/case/storage-keys.ts';
import { UPLOAD_MAX_BYTES } from '#core/documents/large-documents.ts';
import { type FieldError, ValidationError } from '#core/errors.ts';
import type { Ports } from '#core/ports.ts';
import { isUploaded, type UploadedAttachment } from '#schemas/upload.ts';

interface InlineAttachment {
  kind: string;
  title: string;
  contentType: string;
  data: string;
}

export interface AttachmentBytes {
  kind: string;
  title: string;
  contentType: string;
  bytes: Uint8Array;
}

async function uploadedBytes(
  attachment: UploadedAttachment,
  path: string,
  organizationId: string,
  documents: Ports['documents'],
): Promise<Uint8Array | FieldError> {
  // Under the organization's own uploads: another organization's uploadId names no upload.
  const key = organizationUploadKey(organizationId, attachment.uploadId);
  const head = await documents.head(key);
  if (!head) return { path, message: 'names no upload: PUT the file to the URL POST /v1/uploads gave first' };
  if (head.bytes > UPLOAD_MAX_BYTES)
    return { path, message: `the upload must be at most ${UPLOAD_MAX_BYTES / 1024 / 1024} MB` };
  return documents.get(key);
}

export async function attachmentBytes(
  attachments: ReadonlyArray<InlineAttachment | UploadedAttachment>,
  organizationId: string,
  deps: Pick<Ports, 'documents' | 'renderer'>,
): Promise<AttachmentBytes[]> {
  const errors: FieldError[] = [];
  const resolved: AttachmentBytes[] = [];
  // 1-2. The bytes of each.
  for (const [index, attachment] of attachments.entries()) {
    const { kind, title, contentType } = attachment;
    if (!isUploaded(attachment)) {
      resolved.push({ kind, title, contentType, bytes: Buffer.from(attachment.data, 'base64') });
      continue;
    }
    const path = `attachments.${index}.uploadId`;
    const bytes = await uploadedBytes(attachment, path, organizationId, deps.documents);
    if (bytes instanceof Uint8Array) resolved.push({ kind, title, contentType, bytes });
    else errors.push(bytes);
  }
  if (errors.length > 0) throw new ValidationError('an uploaded attachment is missing or too large', errors);
  // 3. The PDF checks, with the field each came in.
  const unreadable = await deps.renderer.unreadablePdfs(
    resolved.map((a) => ({ data: Buffer.from(a.bytes).toString('base64') })),
  );
  if (unreadable.length > 0)
    throw new ValidationError(
      'an attachment is not a readable PDF',
      unreadable.map((error) => {
        const index = Number(/^attachments\.(\d+)\./.exec(error.path)?.[1]);
        const attachment = attachments[index];
        return attachment && isUploaded(attachment)
          ? { ...error, path: error.path.replace(/\.data$/, '.uploadId') }
          : error;
      }),
    );
  return resolved;
}
