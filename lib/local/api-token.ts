/**
 * The bearer token of the local API (API.md): PA_API_TOKEN when given, else a random token made
 * on first start and kept in `<dataDir>/api-token` (mode 0600), so restarts keep it.
 *
 * The file takes the API token secret's two forms (lambdas/handlers/api/authorizer.ts): the token
 * alone, or during a rotation `{"current": "<new>", "previous": "<old>"}` (`pa rotate api-token`).
 * The local stack's authorizer reads the file at each request (PA_API_TOKEN_FILE), so a rotation
 * takes effect without a restart.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const API_TOKEN_FILE_NAME = 'api-token';

/** The variable that points the local authorizer at the data dir's token file. */
export const API_TOKEN_FILE_ENV = 'PA_API_TOKEN_FILE';

/** The token(s) a token file or secret holds: the current one, and the previous during a rotation. */
export interface TokenPair {
  current: string;
  previous?: string;
}

/** A token file's or secret's text as its tokens (`undefined`: empty or unreadable). */
export function parseTokenText(text: string): TokenPair | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  if (!value.startsWith('{')) return { current: value };
  try {
    const { current, previous } = JSON.parse(value) as { current?: unknown; previous?: unknown };
    if (typeof current !== 'string' || current.trim() === '') return undefined;
    return typeof previous === 'string' && previous.trim() !== ''
      ? { current: current.trim(), previous: previous.trim() }
      : { current: current.trim() };
  } catch {
    return undefined;
  }
}

/** The text of a token file or secret: the token alone, or the rotation's JSON form. */
export function tokenText(pair: TokenPair): string {
  return pair.previous === undefined
    ? pair.current
    : JSON.stringify({ current: pair.current, previous: pair.previous });
}

/** A new random token (32 bytes, base64url). */
export const newApiToken = (): string => randomBytes(32).toString('base64url');

export const apiTokenPath = (dataDir: string): string => join(dataDir, API_TOKEN_FILE_NAME);

/** The data dir's tokens, or undefined when there is no token file yet. */
export async function readApiTokenFile(dataDir: string): Promise<TokenPair | undefined> {
  try {
    return parseTokenText(await readFile(apiTokenPath(dataDir), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return undefined;
  }
}

/** Writes the data dir's token file (mode 0600). */
export async function writeApiTokenFile(dataDir: string, pair: TokenPair): Promise<void> {
  const path = apiTokenPath(dataDir);
  await writeFile(path, `${tokenText(pair)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** The token clients use: the given one, else the data dir's current token (made on first start). */
export async function resolveApiToken(dataDir: string, given?: string): Promise<string> {
  if (given !== undefined && given.trim() !== '') return given.trim();
  const stored = await readApiTokenFile(dataDir);
  if (stored) {
    await chmod(apiTokenPath(dataDir), 0o600);
    return stored.current;
  }
  const token = newApiToken();
  await writeApiTokenFile(dataDir, { current: token });
  return token;
}

/** The token file the local authorizer reads, unless the token was given (PA_API_TOKEN). */
export function apiTokenFileEnv(dataDir: string, given?: string): string | undefined {
  return given !== undefined && given.trim() !== '' ? undefined : apiTokenPath(dataDir);
}
