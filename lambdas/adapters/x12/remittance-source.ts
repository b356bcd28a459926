/**
 * An 835 in the documents bucket as a stream of bytes (S3 GetObject's body), for the drop folder
 * remittances/inbox/: the reader takes it piece by piece, so the file is never held whole.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type ClientAndName, fromEnvironment } from '../aws-clients.ts';
import { s3Client } from '../aws-s3.ts';

/** The drop folder: an object created under it is an 835 to ingest. */
export const REMITTANCE_INBOX_PREFIX = 'remittances/inbox/';

const envBucket = fromEnvironment(s3Client, 'BUCKET_NAME');

export function inboxObject(
  key: string,
  bucket: ClientAndName<ReturnType<typeof s3Client>> = envBucket,
): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      const out = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
      const body = out.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) return;
      yield* body;
    },
  };
}
