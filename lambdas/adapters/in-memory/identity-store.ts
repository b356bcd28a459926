/** The IdentityStore port in maps: the in-memory twin of adapters/identity-repository.ts. */
import type { ClientRecord, Organization, UserRecord } from '#core/identity/records.ts';
import type { AuthorizationCode } from '#core/identity/sign-in.ts';
import type { IdentityStore, SigningKey } from '#core/identity/store.ts';
import { listedUser } from '../user-directory.ts';

export function inMemoryIdentityStore(): IdentityStore {
  const organizations = new Map<string, Organization>();
  const clients = new Map<string, ClientRecord>();
  const users = new Map<string, UserRecord>();
  let stored: SigningKey | undefined;
  const codes = new Map<string, AuthorizationCode>();
  const redeemed = new Set<string>();
  const failures = new Map<string, string[]>();
  const putOnce = <T>(map: Map<string, T>, key: string, value: T): boolean => {
    if (map.has(key)) return false;
    map.set(key, structuredClone(value));
    return true;
  };
  const copy = <T>(value: T | undefined): T | undefined =>
    value === undefined ? undefined : structuredClone(value);
  return {
    putOrganization: async (organization) => putOnce(organizations, organization.id, organization),
    getOrganization: async (id) => copy(organizations.get(id)),
    putClient: async (client) => putOnce(clients, client.clientId, client),
    getClient: async (clientId) => copy(clients.get(clientId)),
    putUser: async (user) => putOnce(users, user.email.toLowerCase(), user),
    getUserByEmail: async (email) => copy(users.get(email.toLowerCase())),
    listUsers: async (organizationId) =>
      [...users.values()]
        .filter((u) => organizationId === undefined || u.organizationId === organizationId)
        // As the table's sort key orders them: by organization, then id (code units, not locale).
        .sort((a, b) => (`${a.organizationId}#${a.userId}` < `${b.organizationId}#${b.userId}` ? -1 : 1))
        .map(listedUser),
    currentSigningKey: async () => copy(stored),
    signingKey: async (key) => {
      stored ??= structuredClone(key);
      return structuredClone(stored);
    },
    putAuthorizationCode: async (code) => {
      putOnce(codes, code.codeHash, code);
    },
    redeemAuthorizationCode: async (codeHash) => {
      if (redeemed.has(codeHash)) return undefined;
      const code = codes.get(codeHash);
      if (code) redeemed.add(codeHash);
      return copy(code);
    },
    recordFailedSignIn: async (email, at) => {
      const key = email.toLowerCase();
      failures.set(key, [...(failures.get(key) ?? []), at]);
    },
    failedSignInsSince: async (email, since) =>
      (failures.get(email.toLowerCase()) ?? []).filter((at) => at >= since).length,
  };
}
