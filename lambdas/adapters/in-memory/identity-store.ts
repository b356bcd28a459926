/** The IdentityStore port in maps: the in-memory twin of adapters/identity-repository.ts. */
import type { ClientRecord, Organization, UserRecord } from '#core/identity/records.ts';
import type { IdentityStore, SigningKey } from '#core/identity/store.ts';

export function inMemoryIdentityStore(): IdentityStore {
  const organizations = new Map<string, Organization>();
  const clients = new Map<string, ClientRecord>();
  const users = new Map<string, UserRecord>();
  let stored: SigningKey | undefined;
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
    currentSigningKey: async () => copy(stored),
    signingKey: async (key) => {
      stored ??= structuredClone(key);
      return structuredClone(stored);
    },
  };
}
