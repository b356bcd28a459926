/**
 * The data-dir lock: one local stack per data directory. DynamoDB Local and the S3 store keep
 * their files there, and two processes writing the same files would corrupt them. The lock is a
 * file holding the owner's pid, created exclusively; a lock left by a dead process is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'local-stack.lock';

/** Locks this process holds: its own pid in a lock file is stale only if it is not one of these. */
const heldHere = new Set<string>();

/** Another live process holds the data dir. */
export class DataDirLockedError extends Error {
  readonly ownerPid: number;
  constructor(dataDir: string, ownerPid: number) {
    super(
      `data dir ${dataDir} is in use by another local stack (pid ${ownerPid}); stop it or choose another PA_DATA_DIR`,
    );
    this.name = 'DataDirLockedError';
    this.ownerPid = ownerPid;
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Takes the lock of `dataDir` (which must exist) for this process.
 * @throws DataDirLockedError when a live process holds it.
 */
export async function acquireDataDirLock(dataDir: string, pid: number = process.pid): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const file = await open(path, 'wx', 0o600);
      await file.writeFile(`${pid}\n`);
      await file.close();
      heldHere.add(path);
      let released = false;
      return {
        path,
        async release() {
          if (released) return;
          released = true;
          heldHere.delete(path);
          if ((await readOwner(path)) === pid) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(path);
    if (owner === pid && heldHere.has(path)) throw new DataDirLockedError(dataDir, owner);
    if (owner !== undefined && owner !== pid && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    // A stale lock (dead owner, unreadable, or our pid from a previous life, e.g. pid 1 in a
    // container): take it over.
    await rm(path, { force: true });
  }
  throw new Error(`could not take the lock ${path}`);
}
