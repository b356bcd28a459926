/** `pa login` keeps its token where later commands find it; the admin commands' role lists. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRoles, storeLoginToken } from '../../../bin/cli/commands/identity.ts';
import { resolveToken } from '../../../bin/cli/config.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-cli-login-'));
  dirs.push(dir);
  return dir;
};

describe('pa login', () => {
  it('keeps the token 0600 in the data dir, where later commands find it before the bootstrap token', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'api-token'), 'bootstrap\n');
    expect(resolveToken(undefined, { PA_DATA_DIR: dir })).toBe('bootstrap');
    const path = storeLoginToken('eyJ.a.b', { PA_DATA_DIR: dir });
    expect(readFileSync(path, 'utf8')).toBe('eyJ.a.b\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(resolveToken(undefined, { PA_DATA_DIR: dir })).toBe('eyJ.a.b');
    expect(resolveToken('given', { PA_DATA_DIR: dir })).toBe('given');
    expect(resolveToken(undefined, { PA_DATA_DIR: dir, PA_API_TOKEN: 'env' })).toBe('env');
  });

  it('falls back to the bootstrap token when the login token is empty, and to nothing', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'login-token'), '\n');
    expect(resolveToken(undefined, { PA_DATA_DIR: dir })).toBeUndefined();
    writeFileSync(join(dir, 'api-token'), 'bootstrap');
    expect(resolveToken(undefined, { PA_DATA_DIR: dir })).toBe('bootstrap');
  });
});

describe('--roles', () => {
  it('takes a comma-separated list of the four roles', () => {
    expect(parseRoles('staff, billing')).toEqual(['staff', 'billing']);
    expect(parseRoles('admin')).toEqual(['admin']);
  });

  it.each(['', ',', 'root', 'staff,owner'])('refuses %j as a usage error', (value) => {
    expect(() => parseRoles(value)).toThrow(/--roles/);
  });
});
