/** The identity port (organizations, clients, users, the signing key), on DynamoDB. */
import { dynamoIdentityStore } from '#adapters/identity-repository.ts';
import { once } from './compose.ts';

export const identity = once(() => dynamoIdentityStore());
