/**
 * Where the local stream poller (dynamodb-stream.ts) has got to in the cases table's stream, kept
 * in a file so a restarted stack neither redelivers handled records nor loses the ones written
 * while it was stopped: the last handled sequence number of each shard, or CLOSED once a shard is
 * finished. Written 0600 through a temporary file and a rename, so a crash leaves the old or the
 * new checkpoint, never half of one. It holds stream and shard ids only, never item contents.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A shard finished: every record of it handled, and its children may start. */
export const SHARD_CLOSED = 'CLOSED';

export interface StreamCheckpoint {
  readonly streamArn: string;
  /** shard id → the sequence number of its last handled record, or SHARD_CLOSED. */
  readonly shards: Record<string, string>;
}

function isCheckpoint(value: unknown): value is StreamCheckpoint {
  const candidate = value as Partial<StreamCheckpoint> | null;
  return (
    typeof candidate?.streamArn === 'string' &&
    typeof candidate.shards === 'object' &&
    candidate.shards !== null &&
    !Array.isArray(candidate.shards) &&
    Object.values(candidate.shards).every((position) => typeof position === 'string')
  );
}

/** The checkpoint in `file`; undefined when there is none (or it is unreadable: start afresh). */
export async function readStreamCheckpoint(file: string): Promise<StreamCheckpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stored: unknown = JSON.parse(text);
    return isCheckpoint(stored) ? { streamArn: stored.streamArn, shards: { ...stored.shards } } : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the checkpoint in `file` at once (temporary file + rename), mode 0600. */
export async function writeStreamCheckpoint(file: string, checkpoint: StreamCheckpoint): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  // A leftover temporary file of a crash keeps its old mode: set it before the rename.
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
