/**
 * Organizations, clients and users through the in-memory ports: the client's secret is shown once
 * and stored only as a hash; the client-credentials check takes the right secret only.
 */
import { describe, expect, it } from 'vitest';
import { inMemoryIdentityStore } from '#adapters/in-memory/identity-store.ts';
import { fixedClock } from '#adapters/in-memory/index.ts';
import { ClientInput, clientView, OrganizationInput, UserInput } from '#core/identity/records.ts';
import { hashSecret, secretMatches } from '#core/identity/secrets.ts';
import {
  authenticateClient,
  createClient,
  createOrganization,
  createUser,
  organizationExists,
} from '#use-cases/identity.ts';

const ports = () => ({ identity: inMemoryIdentityStore(), clock: fixedClock('2026-11-30T10:00:00.000Z') });
const riverside = { id: 'org-riverside', name: 'Riverside Oncology' };

describe('organizations', () => {
  it('creates one, stamped with the clock; the same id again is a conflict', async () => {
    const p = ports();
    expect(await createOrganization(riverside, p)).toEqual({
      ...riverside,
      createdAt: '2026-11-30T10:00:00.000Z',
    });
    await expect(createOrganization(riverside, p)).rejects.toMatchObject({ statusCode: 409 });
  });

  it('always has default, which cannot be created again', async () => {
    const p = ports();
    expect(await organizationExists('default', p)).toBe(true);
    expect(await organizationExists('org-riverside', p)).toBe(false);
    await expect(createOrganization({ id: 'default', name: 'x' }, p)).rejects.toMatchObject({
      statusCode: 409,
    });
  });

  it.each([
    [{ id: 'Org Riverside', name: 'x' }, 'id'],
    [{ id: 'a'.repeat(201), name: 'x' }, 'id'],
    [{ id: 'org', name: '' }, 'name'],
    [{ id: 'org', name: 'x'.repeat(201) }, 'name'],
    [{ id: 'org', name: 'x', extra: 1 }, ''],
  ])('refuses %j naming the field %s', (body, field) => {
    const parsed = OrganizationInput.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe(field);
  });
});

describe('clients', () => {
  it('answers the secret once and keeps only its hash', async () => {
    const p = ports();
    await createOrganization(riverside, p);
    const { clientId, clientSecret } = await createClient(
      { name: 'ehr-bridge', organizationId: 'org-riverside', roles: ['staff'] },
      p,
    );
    expect(clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(clientSecret.length).toBeGreaterThanOrEqual(43);
    const stored = await p.identity.getClient(clientId);
    expect(JSON.stringify(stored)).not.toContain(clientSecret);
    expect(stored?.secretHash).toMatch(/^scrypt\$/);
    expect(clientView(stored!)).not.toHaveProperty('secretHash');
  });

  it('refuses an organization that does not exist, naming organizationId', async () => {
    await expect(
      createClient({ name: 'x', organizationId: 'org-nowhere', roles: ['viewer'] }, ports()),
    ).rejects.toMatchObject({ statusCode: 400, errors: [{ path: 'organizationId' }] });
  });

  it('authenticates the right secret only', async () => {
    const p = ports();
    const { clientId, clientSecret } = await createClient(
      { name: 'biller', organizationId: 'default', roles: ['billing', 'viewer'] },
      p,
    );
    expect(await authenticateClient(clientId, clientSecret, p)).toEqual({
      clientId,
      organizationId: 'default',
      roles: ['billing', 'viewer'],
    });
    expect(await authenticateClient(clientId, `${clientSecret}x`, p)).toBeUndefined();
    expect(await authenticateClient(clientId, '', p)).toBeUndefined();
    expect(await authenticateClient('ffffffffffffffffffffffffffffffff', clientSecret, p)).toBeUndefined();
    expect(await authenticateClient('not-an-id', clientSecret, p)).toBeUndefined();
    expect(await authenticateClient(clientId, 'x'.repeat(201), p)).toBeUndefined();
  });

  it.each([
    [{ name: 'x', organizationId: 'default', roles: [] }, 'roles'],
    [{ name: 'x', organizationId: 'default', roles: ['root'] }, 'roles.0'],
    [{ name: 'x', roles: ['viewer'] }, 'organizationId'],
  ])('refuses %j naming %s', (body, field) => {
    expect(ClientInput.safeParse(body).error?.issues[0]?.path.join('.')).toBe(field);
  });
});

describe('users', () => {
  it('creates one per email, whatever its case', async () => {
    const p = ports();
    const user = {
      email: 'pat@example.org',
      name: 'Pat',
      organizationId: 'default',
      roles: ['viewer' as const],
    };
    expect(await createUser(user, p)).toMatchObject({ ...user, userId: expect.stringMatching(/^usr_/) });
    await expect(createUser({ ...user, email: 'PAT@example.org' }, p)).rejects.toMatchObject({
      statusCode: 409,
    });
    await expect(createUser({ ...user, organizationId: 'org-none' }, p)).rejects.toMatchObject({
      statusCode: 400,
    });
    expect(UserInput.safeParse({ ...user, email: 'not an email' }).error?.issues[0]?.path).toEqual(['email']);
  });
});

describe('client secrets', () => {
  it('hash with a fresh salt each time and match only the secret', () => {
    const a = hashSecret('s3cret');
    expect(a).not.toBe(hashSecret('s3cret'));
    expect(secretMatches('s3cret', a)).toBe(true);
    expect(secretMatches('s3cret ', a)).toBe(false);
  });

  it.each(['', 'plain', 'bcrypt$a$b', 'scrypt$$', 'scrypt$c2FsdA$c2hvcnQ'])(
    'matches nothing against %j',
    (stored) => {
      expect(secretMatches('s3cret', stored)).toBe(false);
    },
  );
});
