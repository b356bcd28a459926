/**
 * GET /v1/remittances/{remittanceId}: the remittance with each claim's match, status, payment,
 * lines and findings, and the claims no case knows listed for a person. The claims come a page
 * at a time (at most `limit`, after the claim a `nextToken` stands for), so a remittance of
 * thousands of claims stays inside a Lambda response; `nextToken` when more follow.
 * GET /v1/remittances: the caller's organization's remittances, newest first, a page at a time.
 */
import { NotFoundError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import { requireVisible } from '#core/identity/tenancy.ts';
import type { Ports } from '#core/ports.ts';
import { decodeClaimsToken, encodeClaimsToken } from '#core/remittance/page-token.ts';
import { toRemittanceSummary, toRemittanceView } from '#core/remittance/records.ts';
import { resolveOrganization } from './acting-organization.ts';

/** The most claims one page holds, and the page size without a `limit`. */
export const MAX_CLAIMS_PAGE = 500;

export interface RemittanceQuery {
  limit?: number;
  nextToken?: string;
}

export async function readRemittance(
  caller: Principal,
  remittanceId: string,
  ports: Pick<Ports, 'remittances'>,
  query: RemittanceQuery = {},
) {
  const afterSeq = query.nextToken === undefined ? undefined : decodeClaimsToken(query.nextToken);
  const limit = Math.min(query.limit ?? MAX_CLAIMS_PAGE, MAX_CLAIMS_PAGE);
  const notFound = `remittance ${remittanceId} not found`;
  const found = await ports.remittances.get(remittanceId, { limit, afterSeq });
  if (!found) throw new NotFoundError(notFound);
  // Another organization's remittance is a 404, as one that does not exist.
  requireVisible(caller, found.remittance, notFound, { remittanceId });
  const view = toRemittanceView(found.remittance, found.claims);
  return found.nextSeq === undefined ? view : { ...view, nextToken: encodeClaimsToken(found.nextSeq) };
}

/** The most remittances one list page holds, and the page size without a `limit`. */
export const MAX_REMITTANCES_PAGE = 100;

/** An organization's remittances (the caller's; the operator's `default` or the one it names). */
export async function listRemittances(
  caller: Principal,
  query: { organizationId?: string | undefined; limit?: number | undefined; nextToken?: string | undefined },
  ports: Pick<Ports, 'remittances' | 'identity'>,
) {
  const organizationId = await resolveOrganization(
    caller,
    query.organizationId,
    ports,
    (org) => new NotFoundError(`organization ${org} not found`),
  );
  const page = await ports.remittances.list({
    organizationId,
    limit: query.limit ?? 25,
    ...(query.nextToken === undefined ? {} : { nextToken: query.nextToken }),
  });
  return { items: page.items.map(toRemittanceSummary), nextToken: page.nextToken };
}
