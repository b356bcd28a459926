/**
 * Da Vinci PAS: POST the PAS request Bundle to `${endpoint}/Claim/$submit` and read the
 * ClaimResponse of the response Bundle (regulation.md (f)). A final answer (or a pend that asks
 * for documents or a person) comes back as the immediate decision; a plain pend (A4) waits for
 * the payer's later notification.
 */
import { PayerRejectedError } from '#core/errors.ts';
import { isActionableAnswer, normalisePasClaimResponse } from '#core/payer/payer-events.ts';
import type { PayerConfig, PayerTransport, SubmissionInput, SubmissionResult } from '#core/ports.ts';
import { postToPayer } from './payer-http.ts';
import type { TransportDeps } from './types.ts';

const FHIR_JSON = 'application/fhir+json';

export function createFhirPasTransport(
  payer: PayerConfig & { endpoint: string },
  deps: TransportDeps,
): PayerTransport {
  const url = `${payer.endpoint.replace(/\/+$/, '')}/Claim/$submit`;
  return {
    async submit(input: SubmissionInput): Promise<SubmissionResult> {
      const body = JSON.stringify(input.pasBundle);
      const { status, text } = await postToPayer({
        payerId: payer.id,
        url,
        contentType: FHIR_JSON,
        accept: FHIR_JSON,
        body,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new PayerRejectedError(
          `payer ${payer.id} answered Claim/$submit with a body that is not JSON`,
          {
            cause: error,
          },
        );
      }
      const event = normalisePasClaimResponse(parsed, {
        caseId: input.caseId,
        receivedAt: deps.clock.now().toISOString(),
        requestedUnits: input.billing.unitsRequested,
      });
      return {
        payerReference: event.payerReference,
        detail: `fhir-pas POST Claim/$submit ${status}: ${event.outcome}`,
        ...(isActionableAnswer(event) ? { immediateDecision: event } : {}),
        artifacts: [
          { kind: 'pas_bundle', contentType: FHIR_JSON, body },
          { kind: 'pas_bundle', contentType: FHIR_JSON, body: text },
        ],
      };
    },
  };
}
