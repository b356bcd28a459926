import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '#infra/local/lock.ts';
import { StackClient } from '../support/http-client.ts';
import { startStackProcess } from '../support/local-stack.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `npm start`'s entry to its end and returns what it printed. */
function runBin(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PA_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start (bin/local.ts) refusing to start', () => {
  it.each([
    {
      title: 'Java is missing',
      prepare: async (_dataDir: string) => ({ PATH: '/nonexistent-bin' }),
      message:
        /local stack failed to start: DynamoDB Local needs a Java 17\+ runtime, and no 'java' was found on PATH/,
    },
    {
      title: 'the data dir is locked by a live process',
      prepare: async (dataDir: string) => {
        await writeFile(join(dataDir, LOCK_FILE_NAME), `${process.pid}\n`);
        return {};
      },
      message: new RegExp(
        `local stack failed to start: data dir .* is in use by another local stack \\(pid ${process.pid}\\)`,
      ),
    },
    {
      title: 'PA_PORT is not a port',
      prepare: async (_dataDir: string) => ({ PA_PORT: 'eighty' }),
      message: /local stack failed to start: PA_PORT must be an integer/,
    },
  ])(
    'exits 1 with one clear line when $title',
    async ({ prepare, message }) => {
      // Prepare
      const dataDir = await mkdtemp(join(tmpdir(), 'pa-bin-'));
      const env = { PA_DATA_DIR: dataDir, ...(await prepare(dataDir)) };

      // Act
      const result = await runBin(env);

      // Assess
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).not.toContain('ready');
    },
    120_000,
  );
});

describe('npm start (bin/local.ts) running', () => {
  it('prints the token and ready lines, answers /healthz, and stops on SIGTERM with exit 0 and no JVM left', async () => {
    // Prepare
    const stack = await startStackProcess({ env: { PA_API_TOKEN: 'bin-test-token' }, timeoutMs: 120_000 });
    const javaPid = Number(await readFile(join(stack.dataDir, 'dynamodb', 'java.pid'), 'utf8'));

    // Act
    const client = new StackClient(stack.url, stack.token);
    const health = await client.api('GET', '/healthz', { auth: false });
    const unauthorized = await client.api('GET', '/v1/prior-auths', { auth: false });
    await stack.stop();

    // Assess
    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.token).toBe('bin-test-token');
    expect(health.status).toBe(200);
    expect(unauthorized.status).toBe(401);
    expect(stack.proc.exitCode).toBe(0);
    expect(() => process.kill(javaPid, 0)).toThrow();
    await expect(stat(join(stack.dataDir, LOCK_FILE_NAME))).rejects.toThrow();
  }, 180_000);
});
