/**
 * The bearer token of the local API (API.md): PA_API_TOKEN when given, else a random token made
 * on first start and kept in `<dataDir>/api-token` (mode 0600), so restarts keep it.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const API_TOKEN_FILE_NAME = 'api-token';

export async function resolveApiToken(dataDir: string, given?: string): Promise<string> {
  if (given !== undefined && given.trim() !== '') return given.trim();
  const path = join(dataDir, API_TOKEN_FILE_NAME);
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (stored !== '') {
      await chmod(path, 0o600);
      return stored;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return token;
}
