/**
 * The IdentityStore contract, run against DynamoDB Local (test/integration/port-contracts.test.ts)
 * and the in-memory twin (test/unit/use-cases/port-contracts.test.ts): each organization, client
 * and user is stored once by its key, read back as stored, and the first signing key stays.
 */
import { describe, expect, it } from 'vitest';
import type { ClientRecord, Organization, UserRecord } from '#core/identity/records.ts';
import type { AuthorizationCode } from '#core/identity/sign-in.ts';
import type { IdentityStore, SigningKey } from '#core/identity/store.ts';
import { freshEach } from './fresh-each.ts';

const organization: Organization = {
  id: 'org-riverside',
  name: 'Riverside Oncology',
  createdAt: '2026-11-30T10:00:00.000Z',
};
const client: ClientRecord = {
  clientId: '0123456789abcdef0123456789abcdef',
  name: 'ehr-bridge',
  organizationId: 'org-riverside',
  roles: ['staff'],
  secretHash: 'scrypt$c2FsdA$aGFzaA',
  createdAt: '2026-11-30T10:00:00.000Z',
};
const user: UserRecord = {
  userId: 'usr_1',
  email: 'Pat.Doe@example.org',
  name: 'Pat Doe',
  organizationId: 'org-riverside',
  roles: ['viewer', 'billing'],
  createdAt: '2026-11-30T10:00:00.000Z',
};
const key = (kid: string): SigningKey => ({
  kid,
  alg: 'ES256',
  privateJwk: { kty: 'EC', crv: 'P-256', kid, d: 'secret' },
  publicJwk: { kty: 'EC', crv: 'P-256', kid },
  createdAt: '2026-11-30T10:00:00.000Z',
});

const code: AuthorizationCode = {
  codeHash: 'hash-of-a-code',
  clientId: 'pa-web',
  redirectUri: 'http://127.0.0.1:3000/app/',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  user: {
    userId: 'usr_1',
    email: 'pat@example.org',
    name: 'Pat',
    organizationId: 'default',
    roles: ['viewer'],
  },
  validUntil: '2026-11-30T10:01:00.000Z',
};

export function identityStoreContract(name: string, make: () => Promise<IdentityStore>): void {
  describe(`IdentityStore contract: ${name}`, () => {
    const store = freshEach(make);

    it('stores an organization once and reads it back', async () => {
      expect(await store.getOrganization(organization.id)).toBeUndefined();
      expect(await store.putOrganization(organization)).toBe(true);
      expect(await store.putOrganization({ ...organization, name: 'Another name' })).toBe(false);
      expect(await store.getOrganization(organization.id)).toEqual(organization);
    });

    it('stores a client once by its id, with its secret hash, and reads it back', async () => {
      expect(await store.putClient(client)).toBe(true);
      expect(await store.putClient({ ...client, name: 'other' })).toBe(false);
      expect(await store.getClient(client.clientId)).toEqual(client);
      expect(await store.getClient('fedcba9876543210fedcba9876543210')).toBeUndefined();
    });

    it('stores one user per email, whatever its case', async () => {
      expect(await store.putUser(user)).toBe(true);
      expect(await store.putUser({ ...user, userId: 'usr_2', email: 'pat.doe@EXAMPLE.org' })).toBe(false);
      expect(await store.getUserByEmail('pat.doe@example.org')).toEqual(user);
      expect(await store.getUserByEmail('someone@example.org')).toBeUndefined();
    });

    it('keeps the first signing key: a later one is answered with the stored one', async () => {
      expect(await store.currentSigningKey()).toBeUndefined();
      expect(await store.signingKey(key('first'))).toEqual(key('first'));
      expect(await store.signingKey(key('second'))).toEqual(key('first'));
      expect(await store.currentSigningKey()).toEqual(key('first'));
    });

    it('stores a user with its password hash and answers it', async () => {
      const withPassword = { ...user, passwordHash: 'scrypt$c2FsdA$aGFzaA' };
      expect(await store.putUser(withPassword)).toBe(true);
      expect(await store.getUserByEmail(user.email)).toEqual(withPassword);
    });

    it('redeems an authorization code once: a second redemption finds nothing', async () => {
      expect(await store.redeemAuthorizationCode(code.codeHash)).toBeUndefined();
      await store.putAuthorizationCode(code);
      expect(await store.redeemAuthorizationCode(code.codeHash)).toEqual(code);
      expect(await store.redeemAuthorizationCode(code.codeHash)).toBeUndefined();
      expect(await store.redeemAuthorizationCode('another-hash')).toBeUndefined();
    });

    it('counts the wrong passwords of an e-mail since a time, whatever its case', async () => {
      expect(await store.failedSignInsSince('pat@example.org', '2026-11-30T10:00:00.000Z')).toBe(0);
      await store.recordFailedSignIn('pat@example.org', '2026-11-30T09:59:00.000Z');
      await store.recordFailedSignIn('Pat@Example.org', '2026-11-30T10:00:00.000Z');
      await store.recordFailedSignIn('pat@example.org', '2026-11-30T10:00:00.000Z');
      await store.recordFailedSignIn('other@example.org', '2026-11-30T10:05:00.000Z');
      expect(await store.failedSignInsSince('PAT@example.org', '2026-11-30T10:00:00.000Z')).toBe(2);
      expect(await store.failedSignInsSince('pat@example.org', '2026-11-30T09:00:00.000Z')).toBe(3);
    });

    it('lists the users of an organization, or everyone, without secrets', async () => {
      const other = { ...user, userId: 'usr_0', email: 'lee@example.org', organizationId: 'org-lakeside' };
      const second = { ...user, userId: 'usr_2', email: 'sam@example.org' };
      expect(await store.listUsers('org-riverside')).toEqual([]);
      await store.putUser({ ...second, passwordHash: 'scrypt$c2FsdA$aGFzaA' } as UserRecord);
      await store.putUser(user);
      await store.putUser(other);
      await store.putUser({ ...user, userId: 'usr_9' });
      expect(await store.listUsers('org-riverside')).toEqual([user, second]);
      expect(await store.listUsers('org-river')).toEqual([]);
      expect((await store.listUsers()).map((u) => u.userId)).toEqual(['usr_0', 'usr_1', 'usr_2']);
    });

    it('answers copies: changing what it answered changes nothing stored', async () => {
      await store.putClient(client);
      const read = await store.getClient(client.clientId);
      read?.roles.push('admin');
      expect((await store.getClient(client.clientId))?.roles).toEqual(['staff']);
    });
  });
}
