/**
 * A local S3 API (s3rver) on a free port, storing objects under `<dataDir>/s3`, with the
 * documents bucket created. Clients need path-style addressing and
 * `requestChecksumCalculation: 'WHEN_REQUIRED'` against it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver from 's3rver';
import { type LocalLog, silentLog } from './log.ts';
import { LOCAL_HOST } from './network.ts';

export interface LocalS3 {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startLocalS3(options: {
  dataDir: string;
  bucketName: string;
  port?: number;
  log?: LocalLog;
}): Promise<LocalS3> {
  const log = options.log ?? silentLog;
  const directory = join(options.dataDir, 's3');
  await mkdir(directory, { recursive: true });
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
