/**
 * The IdentityStore port (Ports.identity in ports.ts): organizations, machine clients and users,
 * and the local issuer's signing key. DynamoDB: adapters/identity-repository.ts; in-memory twin:
 * adapters/in-memory/identity-store.ts.
 */
import type { ClientRecord, Organization, UserRecord } from './records.ts';
import type { AuthorizationCode } from './sign-in.ts';

/** The local issuer's key pair, as JWKs (the private one holds `d`). */
export interface SigningKey {
  kid: string;
  alg: 'ES256';
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  createdAt: string;
}

export interface IdentityStore {
  /** Stores a new organization; false (nothing changed) when its id is taken. */
  putOrganization(organization: Organization): Promise<boolean>;
  getOrganization(id: string): Promise<Organization | undefined>;
  /** Stores a new client; false when its id is taken. */
  putClient(client: ClientRecord): Promise<boolean>;
  getClient(clientId: string): Promise<ClientRecord | undefined>;
  /** Stores a new user; false when a user has that email already (emails compare case-insensitively). */
  putUser(user: UserRecord): Promise<boolean>;
  getUserByEmail(email: string): Promise<UserRecord | undefined>;
  /** The users of an organization, or every user when none is named (the daily digest); no secrets. */
  listUsers(organizationId?: string): Promise<UserRecord[]>;
  /** The signing key: the stored one, or `key` stored now when there is none (the first writer wins). */
  signingKey(key: SigningKey): Promise<SigningKey>;
  /** The stored signing key, if any. */
  currentSigningKey(): Promise<SigningKey | undefined>;
  /** Stores an issued authorization code under its hash. */
  putAuthorizationCode(code: AuthorizationCode): Promise<void>;
  /** The code stored under `codeHash`, the first time it is asked for only (single use); undefined after. */
  redeemAuthorizationCode(codeHash: string): Promise<AuthorizationCode | undefined>;
  /** Records a wrong password for an e-mail at `at` (ISO). */
  recordFailedSignIn(email: string, at: string): Promise<void>;
  /** How many wrong passwords an e-mail had at or after `since` (ISO). */
  failedSignInsSince(email: string, since: string): Promise<number>;
}
