/**
 * The organization a request acts for (core/case/organization.ts), with the existence check of an
 * organization the operator names. Another organization, or one that does not exist, is refused
 * the same way, so the answer never tells whether it exists.
 */
import { actingOrganization } from '#core/case/organization.ts';
import type { Principal } from '#core/identity/claims.ts';
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
