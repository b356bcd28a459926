/**
 * The first person who can sign in: on the first start of a data dir, `npm start` creates one
 * admin user of organization `default` through the API (POST /v1/users with the bootstrap token)
 * and keeps its e-mail and temporary password in `<dataDir>/admin-user` (mode 0600), so it is
 * printed once and can be read again there; a later start finds the file and creates nobody.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ADMIN_USER_FILE_NAME = 'admin-user';
export const FIRST_ADMIN_EMAIL = 'admin@example.org';

export interface FirstAdmin {
  email: string;
  password: string;
}

async function recorded(path: string): Promise<boolean> {
  try {
    await readFile(path);
    await chmod(path, 0o600);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return false;
  }
}

/**
 * The admin user made now, or undefined when this data dir has had one (its file exists, or the
 * e-mail is taken already).
 */
export async function ensureFirstAdmin(
  dataDir: string,
  url: string,
  apiToken: string,
): Promise<FirstAdmin | undefined> {
  const path = join(dataDir, ADMIN_USER_FILE_NAME);
  if (await recorded(path)) return undefined;
  const res = await fetch(`${url}/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      email: FIRST_ADMIN_EMAIL,
      name: 'Local admin',
      organizationId: 'default',
      roles: ['admin'],
    }),
  });
  if (res.status === 409) return undefined;
  if (res.status !== 201) throw new Error(`the first admin user could not be created (${res.status})`);
  const { temporaryPassword } = (await res.json()) as { temporaryPassword: string };
  await writeFile(path, `email: ${FIRST_ADMIN_EMAIL}\npassword: ${temporaryPassword}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return { email: FIRST_ADMIN_EMAIL, password: temporaryPassword };
}
