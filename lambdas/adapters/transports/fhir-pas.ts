/**
 * Da Vinci PAS: POST the PAS request Bundle to `${endpoint}/Claim/$submit` and read the
 * ClaimResponse of the response Bundle (regulation.md (f); pas-claim-response.ts). A final
 * answer (or a pend that asks for documents or a person) comes back as the immediate decision; a
 * plain pend (A4) waits for the payer's later notification.
 */
import { PayerRejectedError } from '#core/errors.ts';
import type { PayerTransport, SubmissionInput, SubmissionResult } from '#core/ports.ts';
import { normalisePasClaimResponse } from './pas-claim-response.ts';
import { exchangeWithPayer } from './payer-http.ts';
import type { HttpPayer, TransportDeps } from './types.ts';

const FHIR_JSON = 'application/fhir+json';

export function createFhirPasTransport(payer: HttpPayer, deps: TransportDeps): PayerTransport {
  const url = `${payer.endpoint.replace(/\/+$/, '')}/Claim/$submit`;
  return {
    async submit(input: SubmissionInput): Promise<SubmissionResult> {
      return exchangeWithPayer(
        {
          payer,
          url,
          label: 'fhir-pas POST Claim/$submit',
          kind: 'pas_bundle',
          contentType: FHIR_JSON,
          accept: FHIR_JSON,
          body: JSON.stringify(input.pasBundle),
          read: (text, ctx) => normalisePasClaimResponse(parseJson(text, payer.id), ctx),
        },
        input,
        deps,
      );
    },
  };
}

function parseJson(text: string, payerId: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PayerRejectedError(`payer ${payerId} answered Claim/$submit with a body that is not JSON`, {
      cause: error,
    });
  }
}
