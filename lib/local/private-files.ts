/**
 * The data dir holds synthetic PHI: it is 0700 and its files 0600. The umask of this process is
 * set to 077 before DynamoDB Local (Java inherits it) and s3rver (which writes in this process)
 * start, so what they write later is private too; what an older version left is tightened here.
 */
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const PRIVATE_UMASK = 0o077;

/** Runs `change`; a file removed meanwhile (a pid file, an upload in flight) is no error. */
async function unlessGone(change: () => Promise<void>): Promise<void> {
  try {
    await change();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function tighten(directory: string): Promise<void> {
  await chmod(directory, 0o700);
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await unlessGone(() => tighten(path));
    else if (entry.isFile()) await unlessGone(() => chmod(path, 0o600));
  }
}

/** Sets the umask to 077, makes `dataDir` if needed, and makes it and everything in it private. */
export async function keepDataDirPrivate(dataDir: string): Promise<void> {
  try {
    process.umask(PRIVATE_UMASK);
  } catch {
    // A worker thread cannot change the umask; the files are still made private below and by mode.
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await tighten(dataDir);
}
