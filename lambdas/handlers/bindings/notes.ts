/** The team worklist's stores: notes on cases and the daily digests sent, on DynamoDB (adapters/case-notes.ts). */
import { dynamoCaseNotes, dynamoDigestLog } from '#adapters/case-notes.ts';
import { once } from './compose.ts';

export const notes = once(() => dynamoCaseNotes());
export const digests = once(() => dynamoDigestLog());
