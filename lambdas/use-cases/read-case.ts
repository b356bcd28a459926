/**
 * GET /v1/prior-auths/{caseId}: the case with its history, claims and their payments, when the
 * caller may see it (another organization's case is a 404, as one that does not exist).
 */
import { toCaseView } from '#core/case/case-record.ts';
import { NotFoundError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import { requireVisible } from '#core/identity/tenancy.ts';
import type { Ports } from '#core/ports.ts';
import { withClaimPayments } from '#core/remittance/records.ts';

export async function readCase(
  caller: Principal,
  caseId: string,
  ports: Pick<Ports, 'cases' | 'remittances'>,
) {
  const notFound = `case ${caseId} not found`;
  const found = await ports.cases.getCaseWithChildren(caseId);
  if (!found) throw new NotFoundError(notFound);
  const record = requireVisible(caller, found.record, notFound, { caseId });
  const payments = await ports.remittances.claimPayments(caseId);
  return withClaimPayments(toCaseView(record, found.history, found.claims), payments);
}
