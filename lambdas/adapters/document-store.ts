/**
 * Generated documents and uploaded attachments in S3 (the local S3 server locally). The bucket
 * encrypts with the customer-managed key by default (lib/stateful-stack.ts).
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { NotFoundError } from '#core/errors.ts';
import { requiredEnv, s3Client } from './aws-clients.ts';

function bucket(): string {
  return requiredEnv('BUCKET_NAME');
}

export function documentKey(caseId: string, documentId: string): string {
  return `documents/${caseId}/${documentId}.pdf`;
}

export function attachmentKey(caseId: string, index: number): string {
  return `attachments/${caseId}/${index}.pdf`;
}

export async function putObject(key: string, body: Uint8Array, contentType: string): Promise<void> {
  await s3Client().send(
    new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }),
  );
}

export async function getObject(key: string): Promise<Uint8Array> {
  try {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    if (!out.Body) throw new NotFoundError(`object ${key} has no body`);
    return await out.Body.transformToByteArray();
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
      throw new NotFoundError(`document object ${key} not found`, { cause: error });
    }
    throw error;
  }
}
