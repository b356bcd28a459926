/**
 * The stored request in the shape the domain takes. A module of its own so that the steps that
 * render nothing (SubmitToPayer, MarkSubmissionFailed) do not bundle pdf-lib through
 * assemble-packet.ts.
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';

/** The stored request in the shape the domain takes (attachments are in S3). */
export function domainRequest(record: CaseRecord): PriorAuthRequest {
  return { ...record.request, attachments: [] } as PriorAuthRequest;
}
