/**
 * The DocumentStore port on S3 (the local S3 server locally): generated documents and uploaded
 * attachments. The bucket encrypts with the customer-managed key by default (lib/stateful-stack.ts).
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { NotFoundError } from '#core/errors.ts';
import type { DocumentStore } from '#core/ports.ts';
import { type ClientAndName, fromEnvironment, s3Client } from './aws-clients.ts';

/** Where the documents live. */
export type S3Bucket = ClientAndName<S3Client>;

const envBucket = fromEnvironment(s3Client, 'BUCKET_NAME');

export function s3DocumentStore(bucket: S3Bucket = envBucket): DocumentStore {
  return {
    async put(key, body, contentType) {
      await bucket.client.send(
        new PutObjectCommand({ Bucket: bucket.name, Key: key, Body: body, ContentType: contentType }),
      );
    },
    async get(key) {
      try {
        const out = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
        if (!out.Body) throw new NotFoundError(`object ${key} has no body`);
        return await out.Body.transformToByteArray();
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
          throw new NotFoundError(`document object ${key} not found`, { cause: error });
        }
        throw error;
      }
    },
  };
}
