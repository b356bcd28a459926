/**
 * The local stream poller's checkpoint file: private (0600), replaced whole, and read back only
 * when it is one; anything else makes the poller start the stream afresh.
 */
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStreamCheckpoint, SHARD_CLOSED, writeStreamCheckpoint } from '#infra/local/stream-checkpoint.ts';

const CHECKPOINT = {
  streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/pa-cases/stream/2026-11-30T18:24:51.528',
  shards: { 'shardId-1': SHARD_CLOSED, 'shardId-2': '000000000000000000042' },
};

async function checkpointFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'pa-stream-checkpoint-')), 'stream', 'checkpoint.json');
}

describe('stream checkpoint file', () => {
  it('reads back what was written, in a 0600 file, and leaves no temporary file', async () => {
    // Prepare
    const file = await checkpointFile();

    // Act
    await writeStreamCheckpoint(file, { streamArn: 'old', shards: {} });
    await writeStreamCheckpoint(file, CHECKPOINT);
    const read = await readStreamCheckpoint(file);

    // Assess
    expect(read).toEqual(CHECKPOINT);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(file, '..'))).toEqual(['checkpoint.json']);
  });

  it('makes the file private even over a leftover temporary file of another mode', async () => {
    // Prepare
    const file = await checkpointFile();
    await writeStreamCheckpoint(file, CHECKPOINT);
    await writeFile(`${file}.${process.pid}.tmp`, 'partial', { mode: 0o644 });

    // Act
    await writeStreamCheckpoint(file, CHECKPOINT);

    // Assess
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('has no checkpoint when there is no file', async () => {
    expect(await readStreamCheckpoint(await checkpointFile())).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"streamArn":'],
    ['no stream', JSON.stringify({ shards: {} })],
    ['no shards', JSON.stringify({ streamArn: CHECKPOINT.streamArn })],
    ['shards as a list', JSON.stringify({ streamArn: CHECKPOINT.streamArn, shards: [] })],
    ['a position not text', JSON.stringify({ streamArn: CHECKPOINT.streamArn, shards: { s: 42 } })],
    ['null', 'null'],
  ])('has no checkpoint when the file holds %s', async (_name, text) => {
    // Prepare
    const file = await checkpointFile();
    await writeStreamCheckpoint(file, CHECKPOINT);
    await writeFile(file, text);

    // Act
    const read = await readStreamCheckpoint(file);

    // Assess
    expect(read).toBeUndefined();
  });
});
