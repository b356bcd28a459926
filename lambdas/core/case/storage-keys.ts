/**
 * Where a case's files live in the document store: one place for the layout, so the step that
 * writes a file and the step that reads it agree.
 */

export function documentKey(caseId: string, documentId: string): string {
  return `documents/${caseId}/${documentId}.pdf`;
}

/**
 * Where an upload of an organization lands (POST /v1/uploads): under uploads/ (the bucket's
 * lifecycle rule), in the organization's own folder, so an uploadId of another organization
 * names no upload of the caller's.
 */
export function organizationUploadKey(organizationId: string, uploadId: string): string {
  return `uploads/${organizationId}/${uploadId}.pdf`;
}

export function attachmentKey(caseId: string, index: number): string {
  return `attachments/${caseId}/${index}.pdf`;
}

/** The Da Vinci PAS request Bundle of the packet, built once with the packet for the submission. */
export function pasBundleKey(caseId: string): string {
  return `submissions/${caseId}/pas-bundle.json`;
}
