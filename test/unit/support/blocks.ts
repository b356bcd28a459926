/** Expected document blocks: the one key-value block a ```keyvalue fence reads as, with these rows. */
import type { Block } from '#core/documents/document-model.ts';

export const keyValueBlocks = (...rows: Array<[string, string]>): Block[] => [{ kind: 'keyValue', rows }];
