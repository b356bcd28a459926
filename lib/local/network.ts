/** Small networking facts the local servers share. */
import { createServer } from 'node:net';

export const LOCAL_HOST = '127.0.0.1';

/** A TCP port on 127.0.0.1 that nothing listens on right now (for child processes such as Java). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOCAL_HOST, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** Polls `probe` until it resolves, or rejects with the last error after `timeoutMs`. */
export async function waitUntil(
  probe: () => Promise<unknown>,
  options: { timeoutMs: number; intervalMs?: number; what: string; abort?: () => Error | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const aborted = options.abort?.();
    if (aborted) throw aborted;
    try {
      await probe();
      return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  throw new Error(`${options.what} did not answer within ${options.timeoutMs} ms`, { cause: last });
}
