/**
 * People on AWS (POST /v1/users): Cognito makes the sign-in (it e-mails the temporary password),
 * the user is kept under its token subject, no password is answered or kept here; a taken e-mail
 * makes nobody at Cognito. The Cognito adapter's calls, against a stand-in for the SDK client
 * (there is no local Cognito to call).
 */
import { describe, expect, it } from 'vitest';
import {
  cognitoPeopleDirectory,
  localPeopleDirectory,
  peopleDirectoryFromEnv,
} from '#adapters/cognito-people.ts';
import { inMemoryIdentityStore } from '#adapters/in-memory/identity-store.ts';
import { fixedClock } from '#adapters/in-memory/index.ts';
import { inMemoryPeopleDirectory } from '#adapters/in-memory/people-directory.ts';
import type { UserRecord } from '#core/identity/records.ts';
import { createUser } from '#use-cases/identity.ts';

const input = {
  email: 'pat@example.org',
  name: 'Pat Doe',
  organizationId: 'default',
  roles: ['staff' as const, 'billing' as const],
};

describe('creating a user with Cognito as the provider', () => {
  const setUp = () => ({
    identity: inMemoryIdentityStore(),
    clock: fixedClock('2026-11-30T10:00:00.000Z'),
    people: inMemoryPeopleDirectory('cognito'),
  });

  it('makes the sign-in at Cognito and keeps the user under its subject, with no password', async () => {
    const ports = setUp();
    const made = await createUser(input, ports);
    expect(made).not.toHaveProperty('temporaryPassword');
    expect(made.userId).toBe(`sub-${ports.people.created[0]?.userId}`);
    const stored = await ports.identity.getUserByEmail('pat@example.org');
    expect(stored).toEqual({ ...input, userId: made.userId, createdAt: '2026-11-30T10:00:00.000Z' });
    expect(stored).not.toHaveProperty('passwordHash');
  });

  it('makes nobody at Cognito for an e-mail taken already (409)', async () => {
    const ports = setUp();
    await createUser(input, ports);
    await expect(createUser({ ...input, email: 'PAT@example.org' }, ports)).rejects.toMatchObject({
      statusCode: 409,
    });
    expect(ports.people.created).toHaveLength(1);
  });

  it('keeps a password hash and answers the temporary password with the local provider', async () => {
    const ports = { ...setUp(), people: inMemoryPeopleDirectory('local') };
    const made = await createUser(input, ports);
    expect(made.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await ports.identity.getUserByEmail(input.email))?.passwordHash).toMatch(/^scrypt\$/);
  });
});

describe('the Cognito adapter', () => {
  const user: UserRecord = { ...input, userId: 'usr_1', createdAt: '2026-11-30T10:00:00.000Z' };
  const recording = (sub: string | undefined) => {
    const calls: Array<{ command: string; input: unknown }> = [];
    const send = async (command: { constructor: { name: string }; input: unknown }) => {
      calls.push({ command: command.constructor.name, input: command.input });
      return command.constructor.name === 'AdminCreateUserCommand'
        ? { User: { Attributes: sub ? [{ Name: 'sub', Value: sub }] : [] } }
        : {};
    };
    return { calls, client: { send } as never };
  };

  it('creates the user with its organization, e-mailed, then adds it to one group per role', async () => {
    const { calls, client } = recording('b1f0-sub');
    expect(await cognitoPeopleDirectory('eu-west-1_pool', client).createSignIn(user)).toBe('b1f0-sub');
    expect(calls).toEqual([
      {
        command: 'AdminCreateUserCommand',
        input: {
          UserPoolId: 'eu-west-1_pool',
          Username: 'usr_1',
          UserAttributes: [
            { Name: 'email', Value: 'pat@example.org' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Pat Doe' },
            { Name: 'custom:organizationId', Value: 'default' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      },
      {
        command: 'AdminAddUserToGroupCommand',
        input: { UserPoolId: 'eu-west-1_pool', Username: 'usr_1', GroupName: 'staff' },
      },
      {
        command: 'AdminAddUserToGroupCommand',
        input: { UserPoolId: 'eu-west-1_pool', Username: 'usr_1', GroupName: 'billing' },
      },
    ]);
  });

  it('fails when Cognito answers no subject', async () => {
    await expect(cognitoPeopleDirectory('p', recording(undefined).client).createSignIn(user)).rejects.toThrow(
      /sub/,
    );
  });

  it('is chosen by PA_USER_POOL_ID; without it the local issuer is the provider', async () => {
    expect(peopleDirectoryFromEnv({ PA_USER_POOL_ID: 'eu-west-1_pool' }).provider).toBe('cognito');
    expect(peopleDirectoryFromEnv({}).provider).toBe('local');
    expect(await localPeopleDirectory().createSignIn(user)).toBe('usr_1');
  });
});
