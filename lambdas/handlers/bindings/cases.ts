/** The cases port: the case table on DynamoDB. */
import { dynamoCaseStore } from '#adapters/case-repository.ts';
import { once } from './compose.ts';

export const cases = once(() => dynamoCaseStore());
