/**
 * The DocumentStore contract, run against S3 (s3rver) and the in-memory twin.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#core/errors.ts';
import type { DocumentStore } from '#core/ports.ts';
import { freshEach } from './fresh-each.ts';

export function documentStoreContract(name: string, makeStore: () => Promise<DocumentStore>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    const store = freshEach(makeStore);

    it('gives back the bytes stored under a key, the last ones written', async () => {
      // Prepare
      const key = `documents/contract/${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`;
      await store.put(key, new Uint8Array([1, 2, 3]), 'application/pdf');

      // Act
      await store.put(key, new Uint8Array([4, 5, 6, 7]), 'application/pdf');
      const read = await store.get(key);

      // Assess
      expect([...read]).toEqual([4, 5, 6, 7]);
    });

    it('answers NotFoundError for a key never written', async () => {
      await expect(store.get('documents/contract/never-written.pdf')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
