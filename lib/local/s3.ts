/**
 * A local S3 API (s3rver) on a free port of 127.0.0.1, storing objects under `<dataDir>/s3`
 * (private: umask 077 before it starts), with the documents bucket created. Clients need
 * path-style addressing and `requestChecksumCalculation: 'WHEN_REQUIRED'` against it (the local
 * stack sets AWS_REQUEST_CHECKSUM_CALCULATION / AWS_RESPONSE_CHECKSUM_VALIDATION for them).
 * Presigned URLs (large documents, uploads) point at this loopback address, as the clients'
 * endpoint does; s3rver accepts their SigV4 query, refuses them once X-Amz-Expires has passed,
 * and does not check the signature itself (the contract suite proves GET and PUT through them).
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { LocalCredentials } from './credentials.ts';
import { type LocalLog, silentLog } from './log.ts';
import { LOCAL_HOST } from './network.ts';
import { keepDataDirPrivate } from './private-files.ts';

/** s3rver knows one key pair of its own; the data dir's key pair is added to its account. */
function acceptKeyPair(credentials: LocalCredentials): void {
  const account = createRequire(import.meta.url)('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
  };
  account.DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
}

export interface LocalS3 {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startLocalS3(options: {
  dataDir: string;
  bucketName: string;
  port?: number;
  /** A key pair to accept besides s3rver's own (the data dir's, credentials.ts). */
  credentials?: LocalCredentials;
  log?: LocalLog;
}): Promise<LocalS3> {
  const log = options.log ?? silentLog;
  const directory = join(options.dataDir, 's3');
  await keepDataDirPrivate(options.dataDir);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  if (options.credentials) acceptKeyPair(options.credentials);
  const server = new S3rver({
    address: LOCAL_HOST,
    port: options.port ?? 0,
    directory,
    silent: true,
    vhostBuckets: false,
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: options.bucketName, configs: [] }],
  });
  const address = await server.run();
  const endpoint = `http://${LOCAL_HOST}:${address.port}`;
  log('info', 'local s3 ready', { port: address.port });
  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port: address.port,
    stop() {
      stopping ??= (async () => {
        const closed = server.close();
        // Keep-alive sockets of SDK clients would hold close() open.
        server.httpServer?.closeAllConnections();
        await closed;
        log('info', 'local s3 stopped');
      })();
      return stopping;
    },
  };
}
