/**
 * The organization of an 835 dropped in the documents bucket's inbox: the folder under the inbox
 * (`remittances/inbox/<organizationId>/<file>`); a file directly under the inbox goes to `default`.
 * Pure.
 */
import { DEFAULT_ORGANIZATION } from '../identity/claims.ts';

const ORGANIZATION_ID = /^[a-z0-9][a-z0-9-]{0,199}$/;

/** The organization a key under `prefix` names, or undefined when its folder is no organization id. */
export function inboxOrganization(key: string, prefix: string): string | undefined {
  const rest = key.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return DEFAULT_ORGANIZATION;
  const folder = rest.slice(0, slash);
  return ORGANIZATION_ID.test(folder) ? folder : undefined;
}
