/** The 835 remittances port, on DynamoDB. */
import { dynamoRemittanceStore } from '#adapters/remittance-repository.ts';
import { once } from './compose.ts';

export const remittances = once(() => dynamoRemittanceStore());
