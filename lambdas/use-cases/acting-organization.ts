/**
 * The organization a request acts for (core/case/organization.ts), with the existence check of an
 * organization the operator names. Another organization, or one that does not exist, is refused
 * the same way, so the answer never tells whether it exists.
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import { actingOrganization } from '#core/case/organization.ts';
import type { Principal } from '#core/identity/claims.ts';
import { requireVisible } from '#core/identity/tenancy.ts';
import type { Ports } from '#core/ports.ts';
import { organizationExists } from './identity.ts';

export async function resolveOrganization(
  caller: Pick<Principal, 'organizationId'>,
  requested: string | undefined,
  ports: Pick<Ports, 'identity'>,
  refuse: (organizationId: string) => Error,
): Promise<string> {
  const acting = actingOrganization(caller, requested);
  if (!acting) throw refuse(requested as string);
  if (acting.mustExist && !(await organizationExists(acting.organizationId, ports)))
    throw refuse(acting.organizationId);
  return acting.organizationId;
}

/**
 * The case when the caller may see it: a case of another organization is refused as one that does
 * not exist (404, ForeignOrganizationError naming the owner for the audit trail).
 */
export async function requireVisibleCase(
  caller: Pick<Principal, 'organizationId'>,
  caseId: string,
  cases: Pick<Ports['cases'], 'requireCase'>,
): Promise<CaseRecord> {
  const record = await cases.requireCase(caseId);
  return requireVisible(caller, record, `case ${caseId} not found`, { caseId });
}
