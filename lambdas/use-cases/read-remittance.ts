/**
 * GET /v1/remittances/{remittanceId}: the remittance with each claim's match, status, payment,
 * lines and findings, and the claims no case knows listed for a person. The claims come a page
 * at a time (at most `limit`, after the claim a `nextToken` stands for), so a remittance of
 * thousands of claims stays inside a Lambda response; `nextToken` when more follow.
 */
import { NotFoundError } from '#core/errors.ts';
import type { Ports } from '#core/ports.ts';
import { decodeClaimsToken, encodeClaimsToken } from '#core/remittance/page-token.ts';
import { toRemittanceView } from '#core/remittance/records.ts';

/** The most claims one page holds, and the page size without a `limit`. */
export const MAX_CLAIMS_PAGE = 500;

export interface RemittanceQuery {
  limit?: number;
  nextToken?: string;
}

export async function readRemittance(
  remittanceId: string,
  ports: Pick<Ports, 'remittances'>,
  query: RemittanceQuery = {},
) {
  const afterSeq = query.nextToken === undefined ? undefined : decodeClaimsToken(query.nextToken);
  const limit = Math.min(query.limit ?? MAX_CLAIMS_PAGE, MAX_CLAIMS_PAGE);
  const found = await ports.remittances.get(remittanceId, { limit, afterSeq });
  if (!found) throw new NotFoundError(`remittance ${remittanceId} not found`);
  const view = toRemittanceView(found.remittance, found.claims);
  return found.nextSeq === undefined ? view : { ...view, nextToken: encodeClaimsToken(found.nextSeq) };
}
