/**
 * Uploads (API.md part 2, "Large documents and uploads"): `POST /v1/uploads` asks for a
 * presigned PUT URL; an attachment then names its uploadId instead of carrying base64 data.
 */
import * as z from 'zod';
import { codeString, nameString } from './limits.ts';

/** What POST /v1/uploads gives out: up_ and a lower-case ULID. */
export const UploadId = z
  .string()
  .regex(/^up_[0-9a-z]{26}$/, { error: 'must be an uploadId that POST /v1/uploads gave out' });

export const UploadRequest = z.strictObject({
  contentType: z.literal('application/pdf', { error: 'only application/pdf is accepted' }),
  title: nameString().min(1),
});
export type UploadRequest = z.infer<typeof UploadRequest>;

/** An attachment stored by a presigned PUT: checked (exists, a PDF, the PDF checks) when the request comes. */
export const UploadedAttachment = z.strictObject({
  kind: codeString().min(1).default('clinical_document'),
  title: nameString().min(1),
  contentType: z.literal('application/pdf').default('application/pdf'),
  uploadId: UploadId,
});
export type UploadedAttachment = z.infer<typeof UploadedAttachment>;

export function isUploaded<A extends object>(
  attachment: A | UploadedAttachment,
): attachment is UploadedAttachment {
  return 'uploadId' in attachment;
}
