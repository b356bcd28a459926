/**
 * GET /v1/remittances/{remittanceId}: the remittance with each claim's match, status, payment,
 * lines and findings, and the claims no case knows listed for a person.
 */
import { NotFoundError } from '#core/errors.ts';
import type { Ports } from '#core/ports.ts';
import { toRemittanceView } from '#core/remittance/records.ts';

export async function readRemittance(remittanceId: string, ports: Pick<Ports, 'remittances'>) {
  const found = await ports.remittances.get(remittanceId);
  if (!found) throw new NotFoundError(`remittance ${remittanceId} not found`);
  return toRemittanceView(found.remittance, found.claims);
}
