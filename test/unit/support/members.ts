/** A client of `organizationId` with one role (cli_<organization> as its id), for the tenancy tests. */
import type { Principal } from '#core/identity/claims.ts';
import type { Role } from '#core/identity/roles.ts';

export const member = (organizationId: string, role: Role): Principal => ({
  actorType: 'client',
  actorId: `cli_${organizationId}`,
  organizationId,
  roles: [role],
});
