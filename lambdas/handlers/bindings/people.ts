/** The people port: Cognito when PA_USER_POOL_ID is set (AWS), else the local issuer. */
import { peopleDirectoryFromEnv } from '#adapters/cognito-people.ts';
import { once } from './compose.ts';

export const people = once(() => peopleDirectoryFromEnv());
