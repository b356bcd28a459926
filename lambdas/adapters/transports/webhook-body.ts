/**
 * The body a payer posts to its webhook, read by its content type: the webhook JSON of API.md
 * (application/json), a Da Vinci PAS ClaimResponse (application/fhir+json) or an X12 278
 * response (application/EDI-X12, text/plain). The last two name the case in the signed body (the
 * PAS Claim identifier, the 278's trace or BHT03); an unsigned `?caseId=` that disagrees is a 422
 * and nothing is applied. Another type is a 415, a body that is not JSON or has bad fields a 400,
 * a PAS or X12 body that cannot be read (or names no case) a 422: the sender's fault, not a payer
 * outage.
 */
import { parseJsonText } from '#adapters/http.ts';
import { PayerRejectedError, ValidationError } from '#core/errors.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { normalisePasClaimResponse, pasCaseReference } from './pas-claim-response.ts';
import { isJsonMediaType, mediaTypeOf, webhookJsonEvent } from './webhook-json.ts';
import { normaliseX12_278Response, x12CaseReference } from './x12-278-response.ts';

export interface PayerBody {
  rawBody: string;
  contentType: string;
  /** `?caseId=`: unsigned, so only checked against the case the body names. */
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
  const mediaType = mediaTypeOf(body.contentType);
  const isJson = isJsonMediaType(mediaType);
  const isX12 = mediaType.includes('x12') || mediaType === 'text/plain';
  if (!isJson && !isX12) {
    throw new ValidationError(
      'the body must be application/json (or a PAS ClaimResponse, or an X12 278 response)',
      [{ path: '(body)', message: `content-type ${mediaType || 'missing'}` }],
      { statusCode: 415 },
    );
  }
  if (isX12) {
    const event = normaliseX12_278Response(body.rawBody, { caseId: '', receivedAt });
    const caseId = caseOfBody(
      x12CaseReference(body.rawBody),
      body.caseIdHint,
      'the 278 trace (TRN) or BHT03',
    );
    return { event: { ...event, caseId }, channel: 'x12-278' };
  }
  const json = parseJsonText(body.rawBody);
  if (mediaType.includes('fhir+json')) {
    const event = normalisePasClaimResponse(json, { caseId: '', receivedAt });
    const caseId = caseOfBody(pasCaseReference(json), body.caseIdHint, 'the PAS Claim identifier');
    return { event: { ...event, caseId }, channel: 'fhir-pas' };
  }
  return { event: webhookJsonEvent(json), channel: 'webhook' };
}

/** The case the signed body names; the unsigned `?caseId=` may only agree with it. */
function caseOfBody(named: string | undefined, hint: string | undefined, where: string): string {
  if (named === undefined) {
    throw new PayerRejectedError(`the body names no case in ${where}`);
  }
  if (hint && hint !== named) {
    throw new ValidationError(
      '?caseId= disagrees with the case the signed body names',
      [{ path: 'caseId', message: `the body names another case in ${where}` }],
      { statusCode: 422 },
    );
  }
  return named;
}
