/**
 * The admin side of identity (API.md "Identity, roles and organizations"): organizations, machine
 * clients and users, and the client-credentials check behind POST /oauth2/token. The secret of a
 * client is returned once, here, and stored only as a hash.
 */

import { ConflictError, ValidationError } from '#core/errors.ts';
import { DEFAULT_ORGANIZATION, type TokenSubject } from '#core/identity/claims.ts';
import type {
  ClientInput,
  Organization,
  OrganizationInput,
  UserInput,
  UserRecord,
} from '#core/identity/records.ts';
import { userView } from '#core/identity/records.ts';
import { hashSecret, newClientId, newClientSecret, secretMatches } from '#core/identity/secrets.ts';
import {
  failureWindowStart,
  newTemporaryPassword,
  type SignedInUser,
  signInLocked,
} from '#core/identity/sign-in.ts';
import type { Ports } from '#core/ports.ts';

type IdentityPorts = Pick<Ports, 'identity' | 'clock'>;

/** `default` always exists; any other organization once it is created. */
export async function organizationExists(id: string, ports: Pick<Ports, 'identity'>): Promise<boolean> {
  return id === DEFAULT_ORGANIZATION || (await ports.identity.getOrganization(id)) !== undefined;
}

async function requireOrganization(id: string, ports: IdentityPorts): Promise<void> {
  if (!(await organizationExists(id, ports)))
    throw new ValidationError('unknown organization', [
      { path: 'organizationId', message: `no organization ${id}` },
    ]);
}

export async function createOrganization(
  input: OrganizationInput,
  ports: IdentityPorts,
): Promise<Organization> {
  const organization: Organization = { ...input, createdAt: ports.clock.now().toISOString() };
  if (input.id === DEFAULT_ORGANIZATION || !(await ports.identity.putOrganization(organization)))
    throw new ConflictError(`organization ${input.id} exists already`);
  return organization;
}

export async function createClient(
  input: ClientInput,
  ports: IdentityPorts,
): Promise<{ clientId: string; clientSecret: string }> {
  await requireOrganization(input.organizationId, ports);
  const clientId = newClientId();
  const clientSecret = newClientSecret();
  const createdAt = ports.clock.now().toISOString();
  if (
    !(await ports.identity.putClient({ ...input, clientId, secretHash: hashSecret(clientSecret), createdAt }))
  )
    throw new ConflictError('client id collision, retry');
  return { clientId, clientSecret };
}

/**
 * A new user. With the local issuer (`ports.people` absent or local): a temporary password,
 * answered once and stored only as a scrypt hash. With Cognito: the user is made in the user pool
 * (which e-mails the temporary password) and kept here under the subject of its tokens.
 */
export async function createUser(
  input: UserInput,
  ports: IdentityPorts & Partial<Pick<Ports, 'people'>>,
): Promise<Omit<UserRecord, 'passwordHash'> & { temporaryPassword?: string }> {
  await requireOrganization(input.organizationId, ports);
  const conflict = () => new ConflictError(`a user with email ${input.email} exists already`);
  const made: UserRecord = {
    ...input,
    userId: `usr_${newClientId()}`,
    createdAt: ports.clock.now().toISOString(),
  };
  if (ports.people && ports.people.provider !== 'local') {
    // Checked first so that a taken e-mail makes no user at the provider.
    if (await ports.identity.getUserByEmail(input.email)) throw conflict();
    const user = { ...made, userId: await ports.people.createSignIn(made) };
    if (!(await ports.identity.putUser(user))) throw conflict();
    return user;
  }
  const temporaryPassword = newTemporaryPassword();
  const user: UserRecord = { ...made, passwordHash: hashSecret(temporaryPassword) };
  if (!(await ports.identity.putUser(user))) throw conflict();
  return { ...userView(user), temporaryPassword };
}

/** Compared against when the e-mail is unknown, so that an unknown e-mail takes as long as a wrong password. */
const NO_USER_HASH = hashSecret(newClientSecret());

/**
 * The person an e-mail and password sign in, or why not: one answer for an unknown e-mail and a
 * wrong password (`invalid`), and `locked` after too many wrong passwords lately (each recorded).
 */
export async function authenticateUser(
  email: string,
  password: string,
  ports: IdentityPorts,
): Promise<SignedInUser | 'invalid' | 'locked'> {
  const now = ports.clock.now();
  if (signInLocked(await ports.identity.failedSignInsSince(email, failureWindowStart(now)))) return 'locked';
  const user = email.length <= 200 ? await ports.identity.getUserByEmail(email) : undefined;
  const matches = secretMatches(password.slice(0, 1000), user?.passwordHash ?? NO_USER_HASH);
  if (!user?.passwordHash || !matches) {
    await ports.identity.recordFailedSignIn(email.slice(0, 200), now.toISOString());
    return 'invalid';
  }
  const { userId, name, organizationId, roles } = user;
  return { userId, email: user.email, name, organizationId, roles };
}

/**
 * The client a client-credentials request names, when its secret is right; undefined otherwise
 * (an unknown client and a wrong secret are one answer: invalid_client).
 */
export async function authenticateClient(
  clientId: string,
  clientSecret: string,
  ports: Pick<Ports, 'identity'>,
): Promise<TokenSubject | undefined> {
  if (!/^[0-9a-f]{32}$/.test(clientId) || clientSecret.length > 200) return undefined;
  const client = await ports.identity.getClient(clientId);
  if (!client || !secretMatches(clientSecret, client.secretHash)) return undefined;
  return { clientId, organizationId: client.organizationId, roles: client.roles };
}
