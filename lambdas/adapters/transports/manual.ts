/**
 * A payer with no electronic channel: staff send the packet by portal or fax; the decision
 * arrives only as a webhook. Nothing is sent and nothing is recorded here.
 */
import type { PayerTransport, SubmissionResult } from '#core/ports.ts';

export function createManualTransport(): PayerTransport {
  return {
    async submit(): Promise<SubmissionResult> {
      return { payerReference: null, detail: 'manual: awaiting payer decision by webhook' };
    },
  };
}
