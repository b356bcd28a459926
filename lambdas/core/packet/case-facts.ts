/**
 * The case facts embedded in the packet PDF (a JSON file attachment): what a payer's reviewer
 * may read, and nothing the letter withholds. The request as submitted (without the attachments'
 * data), the payer, the billing, the indication as the letter states it, and only the findings
 * the letter discloses: no internal verdict, no billing-scrub or unverified-reference findings.
 */
import type { PacketInput } from './letter.ts';

/** The parts of the letter's view the facts repeat: the letter decides what is payer-facing. */
export interface PayerFacingView {
  indication: unknown;
  disclosures: string[];
}

export function packetCaseFacts(input: PacketInput, view: PayerFacingView): Uint8Array {
  const { request, payer } = input;
  const facts = {
    caseId: input.caseId,
    createdAt: input.createdAt.toISOString(),
    payer: { id: payer.id, name: payer.name, planType: payer.planType },
    request: {
      ...request,
      attachments: request.attachments.map(({ kind, title, contentType }) => ({ kind, title, contentType })),
    },
    indication: view.indication,
    billing: input.billing,
    disclosures: view.disclosures,
  };
  return new TextEncoder().encode(`${JSON.stringify(facts, null, 2)}\n`);
}
