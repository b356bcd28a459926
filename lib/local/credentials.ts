/**
 * The local stack's AWS key pair: random, made on first start and kept in
 * `<dataDir>/aws-credentials.json` (mode 0600). DynamoDB Local runs without -sharedDb, so it keeps
 * one database per access key: a caller with any other key (a stranger who reaches its port,
 * which it opens on every interface) sees an empty database, not the cases.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CREDENTIALS_FILE_NAME = 'aws-credentials.json';

export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

function isCredentials(value: unknown): value is LocalCredentials {
  const candidate = value as Partial<LocalCredentials> | null;
  return (
    typeof candidate?.accessKeyId === 'string' &&
    /^[A-Z0-9]{16,128}$/.test(candidate.accessKeyId) &&
    typeof candidate.secretAccessKey === 'string' &&
    candidate.secretAccessKey.length > 0
  );
}

/** The key pair of this data dir, made (0600) when there is none yet. */
export async function localCredentials(dataDir: string): Promise<LocalCredentials> {
  const path = join(dataDir, CREDENTIALS_FILE_NAME);
  try {
    const stored: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (isCredentials(stored)) {
      await chmod(path, 0o600);
      return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
    }
  } catch (error) {
    if (!(error instanceof SyntaxError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Access key ids are upper-case letters and digits; DynamoDB Local names its file after it.
  const credentials: LocalCredentials = {
    accessKeyId: `LOCAL${randomBytes(10).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  await writeFile(path, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return credentials;
}
