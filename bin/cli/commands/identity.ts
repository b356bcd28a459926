/**
 * Identity from the command line: `pa login` signs in as a machine client (client credentials at
 * POST /oauth2/token) and keeps the access token in <PA_DATA_DIR or .local>/login-token (0600),
 * which later commands send (config.ts); the admin commands `pa orgs create`, `pa clients create`
 * (the secret is printed once) and `pa users create`.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { connection, globals } from '../config.ts';
import { CliError, EXIT } from '../errors.ts';
import { call } from '../http.ts';
import { type Io, print } from '../output.ts';

export const LOGIN_TOKEN_FILE = 'login-token';
const ROLE_NAMES = ['viewer', 'staff', 'billing', 'admin'];

/** A comma-separated list of roles, each one of the four. */
export function parseRoles(value: string): string[] {
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const unknown = roles.filter((role) => !ROLE_NAMES.includes(role));
  if (roles.length === 0 || unknown.length > 0)
    throw new CliError(
      `--roles: one or more of ${ROLE_NAMES.join(', ')} (not ${unknown.join(', ') || 'nothing'})`,
      EXIT.usage,
    );
  return roles;
}

/** Where `pa login` keeps the token: the data dir of the local stack, as its api-token. */
export function storeLoginToken(token: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.PA_DATA_DIR ?? '.local';
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, LOGIN_TOKEN_FILE);
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

function registerLogin(program: Command, io: Io): void {
  program
    .command('login')
    .description('sign in as a machine client (client credentials); later commands use its token')
    .requiredOption('--client-id <id>', 'the clientId POST /v1/clients answered')
    .requiredOption(
      '--client-secret <secret>',
      'its clientSecret (default: PA_CLIENT_SECRET)',
      process.env.PA_CLIENT_SECRET,
    )
    .action(async (o: { clientId: string; clientSecret: string }, cmd: Command) => {
      const opts = globals(cmd);
      const basic = Buffer.from(
        `${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`,
      ).toString('base64');
      const reply = await call(connection(opts), 'POST', '/oauth2/token', {
        auth: false,
        raw: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      });
      const path = storeLoginToken(String(reply.body.access_token));
      const summary = { tokenFile: path, expiresIn: reply.body.expires_in, scope: reply.body.scope };
      print(
        io,
        opts,
        summary,
        () => `signed in as ${o.clientId} (${summary.scope}); token in ${path}, valid ${summary.expiresIn} s`,
      );
    });
}

/** `pa <group> create`: one admin POST, its answer printed. */
function createCommand(
  program: Command,
  io: Io,
  spec: {
    group: string;
    description: string;
    path: string;
    options: Array<[string, string]>;
    body: (o: Record<string, string>) => unknown;
  },
): void {
  const create = program.command(spec.group).description(spec.description).command('create');
  for (const [flags, description] of spec.options) create.requiredOption(flags, description);
  create.action(async (o: Record<string, string>, cmd: Command) => {
    const opts = globals(cmd);
    const reply = await call(connection(opts), 'POST', spec.path, { body: spec.body(o) });
    print(io, opts, reply.body, () =>
      Object.entries(reply.body as Record<string, unknown>)
        .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
        .join('\n'),
    );
  });
}

export function registerIdentity(program: Command, io: Io): void {
  registerLogin(program, io);
  createCommand(program, io, {
    group: 'orgs',
    description: 'organizations (admin)',
    path: '/v1/organizations',
    options: [
      ['--id <id>', 'lowercase id, e.g. org-riverside'],
      ['--name <name>', 'its name'],
    ],
    body: (o) => ({ id: o.id, name: o.name }),
  });
  createCommand(program, io, {
    group: 'clients',
    description: 'machine clients (admin); the secret is shown once',
    path: '/v1/clients',
    options: [
      ['--name <name>', 'what the client is, e.g. ehr-bridge'],
      ['--org <organizationId>', 'its organization'],
      ['--roles <roles>', 'comma-separated: viewer, staff, billing, admin'],
    ],
    body: (o) => ({ name: o.name, organizationId: o.org, roles: parseRoles(o.roles ?? '') }),
  });
  createCommand(program, io, {
    group: 'users',
    description: 'people (admin)',
    path: '/v1/users',
    options: [
      ['--email <email>', 'their email'],
      ['--name <name>', 'their name'],
      ['--org <organizationId>', 'their organization'],
      ['--roles <roles>', 'comma-separated: viewer, staff, billing, admin'],
    ],
    body: (o) => ({ email: o.email, name: o.name, organizationId: o.org, roles: parseRoles(o.roles ?? '') }),
  });
}
