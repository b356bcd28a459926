/** The documents port: S3 and its presigner, loaded on first use. */
import { lazyDocumentStore } from '../lazy-adapters.ts';
import { once } from './compose.ts';

export const documents = once(() => lazyDocumentStore());
