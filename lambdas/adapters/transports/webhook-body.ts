/**
 * The body a payer posts to its webhook, read by its content type: the webhook JSON of API.md
 * (application/json), a Da Vinci PAS ClaimResponse (application/fhir+json) or an X12 278
 * response (application/EDI-X12, text/plain); the last two name the case by `?caseId=`. Another
 * type is a 415, a body that is not JSON or has bad fields a 400, a PAS or X12 body that cannot
 * be read a 422: the sender's fault, not a payer outage.
 */
import { parseJsonText, zodIssues } from '#adapters/http.ts';
import { PayerRejectedError, ValidationError } from '#core/errors.ts';
import { normaliseWebhook } from '#core/payer/payer-events.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';
import { normalisePasClaimResponse } from './pas-claim-response.ts';
import { normaliseX12_278Response } from './x12-278-response.ts';

export interface PayerBody {
  rawBody: string;
  contentType: string;
  /** For PAS ClaimResponse and X12 278 bodies, which do not carry our case id. */
  caseIdHint?: string | undefined;
}

export interface ReadPayerBody {
  event: NormalisedPayerEvent;
  channel: 'webhook' | 'fhir-pas' | 'x12-278';
}

/** The body as a NormalisedPayerEvent; `receivedAt` stands in for a PAS or X12 event time. */
export function readPayerBody(body: PayerBody, receivedAt: string): ReadPayerBody {
  try {
    return readByContentType(body, receivedAt);
  } catch (error) {
    if (!(error instanceof PayerRejectedError)) throw error;
    throw new ValidationError(
      'the payer response could not be read',
      [{ path: '(body)', message: error.message }],
      { statusCode: 422 },
    );
  }
}

function readByContentType(body: PayerBody, receivedAt: string): ReadPayerBody {
  const mediaType = body.contentType.toLowerCase().split(';')[0]!.trim();
  const isJson = /^application\/([a-z0-9.+-]*\+)?json$/.test(mediaType);
  const isX12 = mediaType.includes('x12') || mediaType === 'text/plain';
  if (!isJson && !isX12) {
    throw new ValidationError(
      'the body must be application/json (or a PAS ClaimResponse, or an X12 278 response)',
      [{ path: '(body)', message: `content-type ${mediaType || 'missing'}` }],
      { statusCode: 415 },
    );
  }
  if (isX12) {
    const caseId = requireCaseIdHint(body, 'an X12 278 response', 'X12');
    return { event: normaliseX12_278Response(body.rawBody, { caseId, receivedAt }), channel: 'x12-278' };
  }
  const json = parseJsonText(body.rawBody);
  if (mediaType.includes('fhir+json')) {
    const caseId = requireCaseIdHint(body, 'a PAS ClaimResponse', 'FHIR');
    return { event: normalisePasClaimResponse(json, { caseId, receivedAt }), channel: 'fhir-pas' };
  }
  const parsed = PayerWebhookBody.safeParse(json);
  if (!parsed.success)
    throw new ValidationError('the webhook body has invalid fields', zodIssues(parsed.error));
  return { event: normaliseWebhook(parsed.data), channel: 'webhook' };
}

function requireCaseIdHint(body: PayerBody, what: string, kind: string): string {
  if (body.caseIdHint) return body.caseIdHint;
  throw new ValidationError(`${what} needs ?caseId=`, [
    { path: 'caseId', message: `required for ${kind} bodies` },
  ]);
}
