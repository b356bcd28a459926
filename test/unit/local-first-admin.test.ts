/**
 * The first admin user of `npm start` (lib/local/first-admin.ts), against a small HTTP server
 * standing in for the API: made once per data dir through POST /v1/users with the bootstrap token,
 * its e-mail and password kept 0600 in the data dir; a later start makes nobody.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_USER_FILE_NAME, ensureFirstAdmin } from '../../lib/local/first-admin.ts';

const calls: Array<{ auth?: string; body: Record<string, unknown> }> = [];
let status = 201;
const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', () => {
    calls.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ temporaryPassword: 'Temp-Password-123' }));
  });
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('the first admin user of a data dir', () => {
  it('is made once, as admin of default, and kept 0600 in the data dir', async () => {
    calls.length = 0;
    status = 201;
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-admin-'));
    expect(await ensureFirstAdmin(dataDir, url, 'boot')).toEqual({
      email: 'admin@example.org',
      password: 'Temp-Password-123',
    });
    expect(calls).toEqual([
      {
        auth: 'Bearer boot',
        body: {
          email: 'admin@example.org',
          name: 'Local admin',
          organizationId: 'default',
          roles: ['admin'],
        },
      },
    ]);
    const file = join(dataDir, ADMIN_USER_FILE_NAME);
    expect(readFileSync(file, 'utf8')).toBe('email: admin@example.org\npassword: Temp-Password-123\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await ensureFirstAdmin(dataDir, url, 'boot')).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('makes nobody when the e-mail is taken (409), and fails on another answer', async () => {
    status = 409;
    expect(await ensureFirstAdmin(mkdtempSync(join(tmpdir(), 'pa-admin-')), url, 'boot')).toBeUndefined();
    status = 500;
    await expect(ensureFirstAdmin(mkdtempSync(join(tmpdir(), 'pa-admin-')), url, 'boot')).rejects.toThrow(
      /could not be created \(500\)/,
    );
  });
});
