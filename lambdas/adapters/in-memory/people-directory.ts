/** The PeopleDirectory port in memory: the in-memory twin of adapters/cognito-people.ts (and its local twin). */
import type { PeopleDirectory } from '#core/identity/people.ts';
import type { UserRecord } from '#core/identity/records.ts';

/** A directory of `provider`; a Cognito-like one answers `sub-<userId>` and keeps who it made. */
export function inMemoryPeopleDirectory(
  provider: PeopleDirectory['provider'] = 'local',
): PeopleDirectory & { created: UserRecord[] } {
  const created: UserRecord[] = [];
  return {
    provider,
    created,
    async createSignIn(user) {
      created.push(structuredClone(user));
      return provider === 'local' ? user.userId : `sub-${user.userId}`;
    },
  };
}
