/**
 * The DocumentStore port on S3 (the local S3 server locally): generated documents and uploaded
 * attachments. The bucket encrypts with the customer-managed key by default (lib/stateful-stack.ts).
 * Presigned URLs let a large document or upload bypass Lambda's 6 MB payload: locally they point
 * at the local S3 server, as the client's endpoint does.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NotFoundError } from '#core/errors.ts';
import type { DocumentStore } from '#core/ports.ts';
import { type ClientAndName, fromEnvironment } from './aws-clients.ts';
import { s3Client } from './aws-s3.ts';

/** Where the documents live. */
export type S3Bucket = ClientAndName<S3Client>;

const envBucket = fromEnvironment(s3Client, 'BUCKET_NAME');

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return (
    error instanceof NoSuchKey || error instanceof NotFound || name === 'NoSuchKey' || name === 'NotFound'
  );
}

/**
 * The SDK's default flexible checksum signs the CRC32 of an empty body into a presigned PUT,
 * which S3 then refuses for the real file: a presigned URL carries no checksum.
 */
function withoutChecksum(command: PutObjectCommand): PutObjectCommand {
  command.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      for (const name of Object.keys(headers))
        if (/^x-amz-(sdk-)?checksum-/i.test(name)) delete headers[name];
      return next(args);
    },
    { step: 'build', priority: 'low', name: 'presignWithoutChecksum' },
  );
  return command;
}

const expiry = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

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
        if (isMissing(error)) throw new NotFoundError(`document object ${key} not found`, { cause: error });
        throw error;
      }
    },
    async head(key) {
      try {
        const out = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.name, Key: key }));
        return { bytes: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async presignGet(key, { expiresInSeconds, filename }) {
      const command = new GetObjectCommand({
        Bucket: bucket.name,
        Key: key,
        ResponseContentDisposition: `inline; filename="${filename}"`,
        ResponseCacheControl: 'no-store',
      });
      const url = await getSignedUrl(bucket.client, command, { expiresIn: expiresInSeconds });
      return { url, expiresAt: expiry(expiresInSeconds) };
    },
    async presignPut(key, { expiresInSeconds, contentType }) {
      const command = withoutChecksum(
        new PutObjectCommand({ Bucket: bucket.name, Key: key, ContentType: contentType }),
      );
      // Content-Type is signed: a PUT of anything else is refused by S3.
      const url = await getSignedUrl(bucket.client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(['content-type']),
      });
      return { url, expiresAt: expiry(expiresInSeconds) };
    },
  };
}
