/**
 * The S3 client, created once per process, in a module of its own so that a function that never
 * touches S3 (the webhook, most steps) does not bundle it (issue 15's cold starts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { withLocalIamCheck } from './aws-local-iam.ts';

let s3: S3Client | undefined;

export function s3Client(): S3Client {
  // The SDK's default flexible checksums stay on for AWS: the local stack, whose S3 server does
  // not speak them, turns them off through AWS_REQUEST_CHECKSUM_CALCULATION (and the response
  // twin) in its own environment only.
  s3 ??= withLocalIamCheck(new S3Client({ forcePathStyle: process.env.PA_S3_FORCE_PATH_STYLE === '1' }));
  return s3;
}
