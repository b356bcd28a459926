/**
 * Tenancy (API.md "Identity, roles and organizations"): every case, claim, remittance and document
 * belongs to one organization, and a caller sees only its own. The one decision on whether a caller
 * may see a resource is here; a resource of another organization answers 404 (never 403, which would
 * confirm it exists), and the refusal names the owner so the owner's admins see it in their audit trail.
 */
import { NotFoundError } from '../errors.ts';
import { DEFAULT_ORGANIZATION, type Principal } from './claims.ts';

/** What a refused resource was: at least one id, for the audit event of the refusal. */
export interface RefusedResource {
  caseId?: string;
  documentId?: string;
  claimId?: string;
  remittanceId?: string;
}

/**
 * A resource of another organization than the caller's. A 404 to the caller, with the same message
 * as a resource that does not exist; the owner organization travels along for the audit trail only.
 */
export class ForeignOrganizationError extends NotFoundError {
  override name = 'ForeignOrganizationError';
  readonly ownerOrganizationId: string;
  readonly resource: RefusedResource;
  constructor(message: string, ownerOrganizationId: string, resource: RefusedResource) {
    super(message);
    this.ownerOrganizationId = ownerOrganizationId;
    this.resource = resource;
  }
}

/** The organization of a stored item; items from before tenancy belong to `default`. */
export const organizationOf = (item: { organizationId?: string | undefined }): string =>
  item.organizationId ?? DEFAULT_ORGANIZATION;

/** True when the caller may see what belongs to `organizationId` (the operator sees every organization). */
export const canSee = (caller: Pick<Principal, 'organizationId'>, organizationId: string): boolean =>
  caller.organizationId === '*' || caller.organizationId === organizationId;

/**
 * The item when the caller may see it; otherwise a ForeignOrganizationError that reads as the
 * `notFound` message a missing item would get.
 */
export function requireVisible<T extends { organizationId?: string | undefined }>(
  caller: Pick<Principal, 'organizationId'>,
  item: T,
  notFound: string,
  resource: RefusedResource,
): T {
  const owner = organizationOf(item);
  if (!canSee(caller, owner)) throw new ForeignOrganizationError(notFound, owner, resource);
  return item;
}
