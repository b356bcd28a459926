import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_TOKEN_FILE_NAME, resolveApiToken } from '#infra/local/api-token.ts';
import { localStackOptionsFromEnv } from '#infra/local/config.ts';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from '#infra/local/lock.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'pa-lock-'));

/** The pid of a process that has ended (so it is certainly not alive). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('data-dir lock', () => {
  it('refuses a second holder and names the live pid', async () => {
    // Prepare
    const dir = await tempDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    const first = await acquireDataDirLock(dir, sleeper.pid!);

    // Act
    const second = acquireDataDirLock(dir);

    // Assess
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(acquireDataDirLock(dir)).rejects.toThrow(String(sleeper.pid));
    sleeper.kill('SIGKILL');
    await first.release();
  });

  it.each([
    { title: 'a dead pid', content: async () => `${await deadPid()}\n` },
    { title: 'garbage', content: async () => 'not a pid' },
  ])('takes over a stale lock holding $title', async ({ content }) => {
    // Prepare
    const dir = await tempDir();
    await writeFile(join(dir, LOCK_FILE_NAME), await content());

    // Act
    const lock = await acquireDataDirLock(dir);

    // Assess
    expect((await readFile(join(dir, LOCK_FILE_NAME), 'utf8')).trim()).toBe(String(process.pid));
    await lock.release();
    await expect(stat(join(dir, LOCK_FILE_NAME))).rejects.toThrow();
  });

  it('refuses a second holder in the same process', async () => {
    // Prepare
    const dir = await tempDir();
    const first = await acquireDataDirLock(dir);

    // Act
    const second = acquireDataDirLock(dir);

    // Assess
    await expect(second).rejects.toThrow(String(process.pid));
    await first.release();
  });

  it('can be taken again after release', async () => {
    // Prepare
    const dir = await tempDir();
    const first = await acquireDataDirLock(dir);
    await first.release();

    // Act
    const again = await acquireDataDirLock(dir);

    // Assess
    expect(again.path).toBe(join(dir, LOCK_FILE_NAME));
    await again.release();
  });
});

describe('API token', () => {
  it('creates a random token with mode 0600 on first start and reuses it', async () => {
    // Prepare
    const dir = await tempDir();

    // Act
    const first = await resolveApiToken(dir);
    const second = await resolveApiToken(dir);

    // Assess
    expect(first).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(second).toBe(first);
    expect((await stat(join(dir, API_TOKEN_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('prefers PA_API_TOKEN and writes no file', async () => {
    // Prepare
    const dir = await tempDir();

    // Act
    const token = await resolveApiToken(dir, 'given-token');

    // Assess
    expect(token).toBe('given-token');
    await expect(stat(join(dir, API_TOKEN_FILE_NAME))).rejects.toThrow();
  });
});

describe('local stack configuration', () => {
  it('applies the defaults of API.md', () => {
    // Act
    const options = localStackOptionsFromEnv({});

    // Assess
    expect(options).toEqual({
      port: 3000,
      dataDir: '.local',
      apiToken: undefined,
      payersFile: undefined,
      clock: undefined,
      sweepIntervalMs: 60_000,
    });
  });

  it.each([
    { env: { PA_PORT: '70000' }, message: /PA_PORT/ },
    { env: { PA_PORT: 'abc' }, message: /PA_PORT/ },
    { env: { PA_CLOCK: 'yesterday' }, message: /PA_CLOCK/ },
    { env: { PA_SWEEP_INTERVAL_MS: '-1' }, message: /PA_SWEEP_INTERVAL_MS/ },
  ])('refuses $env with a message naming the variable', ({ env, message }) => {
    // Act
    const read = () => localStackOptionsFromEnv(env);

    // Assess
    expect(read).toThrow(message);
  });

  it('reads every variable', () => {
    // Act
    const options = localStackOptionsFromEnv({
      PA_PORT: '0',
      PA_DATA_DIR: '/tmp/x',
      PA_API_TOKEN: 't',
      PA_PAYERS_FILE: 'p.json',
      PA_CLOCK: '2026-11-20T15:04:05Z',
      PA_SWEEP_INTERVAL_MS: '500',
    });

    // Assess
    expect(options).toEqual({
      port: 0,
      dataDir: '/tmp/x',
      apiToken: 't',
      payersFile: 'p.json',
      clock: '2026-11-20T15:04:05Z',
      sweepIntervalMs: 500,
    });
  });
});
