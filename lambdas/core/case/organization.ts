/**
 * Which organization a caller acts for when it creates or lists (API.md "Identity, roles and
 * organizations"). Pure: whether a named organization exists is the use case's question.
 */
import { DEFAULT_ORGANIZATION, type Principal } from '../identity/claims.ts';

export interface ActingOrganization {
  organizationId: string;
  /** True when the organization was named by the operator and must be checked to exist. */
  mustExist: boolean;
}

/**
 * The operator (organization `*`) acts for the organization it names, else `default`; anyone else
 * acts for its own, and naming another answers undefined (refused as if it did not exist).
 */
export function actingOrganization(
  caller: Pick<Principal, 'organizationId'>,
  requested: string | undefined,
): ActingOrganization | undefined {
  if (caller.organizationId === '*') {
    const organizationId = requested ?? DEFAULT_ORGANIZATION;
    return { organizationId, mustExist: organizationId !== DEFAULT_ORGANIZATION };
  }
  if (requested !== undefined && requested !== caller.organizationId) return undefined;
  return { organizationId: caller.organizationId, mustExist: false };
}

/**
 * An Idempotency-Key within its organization: two organizations' same key never name one case.
 * `default` keeps the key as sent (as stored before tenancy); another organization's is prefixed
 * with its id and a space, which a key (printable ASCII, no spaces) cannot hold.
 */
export function idempotencyKeyIn(organizationId: string, key: string): string {
  return organizationId === DEFAULT_ORGANIZATION ? key : `${organizationId} ${key}`;
}
