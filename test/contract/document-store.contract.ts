/**
 * The DocumentStore contract, run against S3 (s3rver) and the in-memory twin. A store that serves
 * its own presigned URLs (the twin) says so with `transfer`; the others are reached over HTTP.
 */
import { describe, expect, it } from 'vitest';
import type { PresignedAnswer } from '#adapters/in-memory/index.ts';
import { NotFoundError } from '#core/errors.ts';
import type { DocumentStore } from '#core/ports.ts';
import { freshEach } from './fresh-each.ts';

type Transfer = (
  url: string,
  init?: { method?: string; body?: Uint8Array; contentType?: string },
) => Promise<PresignedAnswer>;

async function overHttp(...[url, init = {}]: Parameters<Transfer>): Promise<PresignedAnswer> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    ...(init.body ? { body: Buffer.from(init.body) } : {}),
    headers: init.contentType ? { 'content-type': init.contentType } : {},
  });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}

const uniqueKey = (prefix: string) =>
  `${prefix}/contract/${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`;

export function documentStoreContract(
  name: string,
  makeStore: () => Promise<DocumentStore & { transfer?: Transfer }>,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    const store = freshEach(makeStore);
    const transfer: Transfer = (url, init) => (store.transfer ?? overHttp)(url, init);

    it('gives back the bytes stored under a key, the last ones written', async () => {
      // Prepare
      const key = uniqueKey('documents');
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

    it('heads an object with its size and type, and nothing for a key never written', async () => {
      // Prepare
      const key = uniqueKey('documents');
      await store.put(key, new Uint8Array(1500), 'application/pdf');

      // Act
      const [found, missing] = await Promise.all([store.head(key), store.head(uniqueKey('documents'))]);

      // Assess
      expect(found).toEqual({ bytes: 1500, contentType: 'application/pdf' });
      expect(missing).toBeUndefined();
    });

    it('serves an object at its presigned GET URL until the URL expires', async () => {
      // Prepare
      const key = uniqueKey('documents');
      await store.put(key, new Uint8Array([9, 8, 7]), 'application/pdf');
      const before = Date.now();

      // Act
      const presigned = await store.presignGet(key, { expiresInSeconds: 300, filename: 'packet.pdf' });
      const answer = await transfer(presigned.url);

      // Assess
      expect(answer.status).toBe(200);
      expect([...answer.body]).toEqual([9, 8, 7]);
      const expiresIn = Date.parse(presigned.expiresAt) - before;
      expect(expiresIn).toBeGreaterThan(290_000);
      expect(expiresIn).toBeLessThanOrEqual(310_000);
    });

    it('stores a PUT of the signed content type at a presigned PUT URL', async () => {
      // Prepare
      const key = uniqueKey('uploads');
      const presigned = await store.presignPut(key, {
        expiresInSeconds: 900,
        contentType: 'application/pdf',
      });

      // Act
      const answer = await transfer(presigned.url, {
        method: 'PUT',
        body: new Uint8Array([37, 80, 68, 70]),
        contentType: 'application/pdf',
      });

      // Assess
      expect(answer.status).toBe(200);
      expect([...(await store.get(key))]).toEqual([37, 80, 68, 70]);
      expect(await store.head(key)).toEqual({ bytes: 4, contentType: 'application/pdf' });
    });
  });
}
