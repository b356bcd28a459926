/**
 * Identity through the running stack (API.md "Identity, roles and organizations"): an
 * organization and machine clients made with the bootstrap token, client-credentials tokens from
 * POST /oauth2/token used on every route of the route table with every role (401 / 403 / allowed),
 * the discovery document and JWKS without a token, and tokens refused: a bad secret, another key,
 * alg none, expired on a clock moved ahead, for another audience; the key outlives a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#core/identity/roles.ts';
import { ROUTES } from '#infra/routes.ts';
import { StackClient } from '../support/http-client.ts';
import { startStackProcess } from '../support/local-stack.ts';
import { baseUrl, client } from './client.ts';

const ALLOWED: Record<Role, readonly string[]> = {
  viewer: ['viewer'],
  staff: ['viewer', 'staff'],
  billing: ['viewer', 'billing'],
  admin: ['viewer', 'staff', 'billing', 'admin'],
};
const orgId = `org-e2e-${Date.now().toString(36)}`;

async function newClient(admin: StackClient, roles: Role[], organizationId = orgId) {
  const made = await admin.api('POST', '/v1/clients', {
    body: { name: `e2e-${roles.join('-')}`, organizationId, roles },
  });
  expect(made.status).toBe(201);
  return made.body as { clientId: string; clientSecret: string };
}

async function tokenFor(url: string, credentials: { clientId: string; clientSecret: string }, basic = true) {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) {
    headers.authorization = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
  } else {
    form.set('client_id', credentials.clientId);
    form.set('client_secret', credentials.clientSecret);
  }
  const res = await fetch(`${url}/oauth2/token`, { method: 'POST', headers, body: form.toString() });
  // biome-ignore lint/suspicious/noExplicitAny: the token endpoint's JSON
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const as = (token: string) => (method: string, path: string, body?: unknown) =>
  client().api(method, path, {
    auth: false,
    headers: { authorization: `Bearer ${token}` },
    body,
  });

/** A path of the route with made-up ids: nothing is found, nothing is written. */
const concrete = (path: string) =>
  path.replace(/\{proxy\+\}/, 'index.html').replace(/\{\w+\}/g, 'nonexistent_1');

describe('identity: organizations, clients, tokens', () => {
  it('creates an organization and a client with the bootstrap token, and the client gets a token', async () => {
    const admin = client();
    const created = await admin.api('POST', '/v1/organizations', {
      body: { id: orgId, name: 'E2E Oncology' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: orgId, name: 'E2E Oncology' });
    expect(
      (await admin.api('POST', '/v1/organizations', { body: { id: orgId, name: 'again' } })).status,
    ).toBe(409);
    const bad = await admin.api('POST', '/v1/organizations', { body: { id: 'Bad Id', name: 'x' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('id');

    const credentials = await newClient(admin, ['staff']);
    expect(credentials.clientSecret.length).toBeGreaterThan(30);
    for (const basic of [true, false]) {
      const issued = await tokenFor(baseUrl(), credentials, basic);
      expect(issued.status).toBe(200);
      expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(decodeProtectedHeader(issued.body.access_token).alg).toBe('ES256');
    }
    const user = await admin.api('POST', '/v1/users', {
      body: { email: `pat-${orgId}@example.org`, name: 'Pat Doe', organizationId: orgId, roles: ['viewer'] },
    });
    expect(user.status).toBe(201);
    expect(
      (
        await admin.api('POST', '/v1/clients', {
          body: { name: 'x', organizationId: 'org-none', roles: ['viewer'] },
        })
      ).status,
    ).toBe(400);
  });

  it('refuses a bad secret, an unknown client and another grant', async () => {
    const credentials = await newClient(client(), ['viewer']);
    const wrong = await tokenFor(baseUrl(), { ...credentials, clientSecret: `${credentials.clientSecret}x` });
    expect(wrong).toEqual({ status: 401, body: { error: 'invalid_client' } });
    const unknown = await tokenFor(baseUrl(), { clientId: 'f'.repeat(32), clientSecret: 'x' }, false);
    expect(unknown).toEqual({ status: 401, body: { error: 'invalid_client' } });
    const res = await fetch(`${baseUrl()}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=a&password=b',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('publishes its discovery document and JWKS without a token', async () => {
    const discovery = await client().api('GET', '/.well-known/openid-configuration', { auth: false });
    expect(discovery.status).toBe(200);
    expect(discovery.body.issuer).toBe(baseUrl());
    const keys = await fetch(discovery.body.jwks_uri);
    expect(keys.status).toBe(200);
    const { keys: published } = (await keys.json()) as { keys: Array<Record<string, unknown>> };
    expect(published[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(published[0]).not.toHaveProperty('d');
  });
});

describe('identity: every route × every role', () => {
  it('answers 401 without a token, 403 without the role, and lets the role through', async () => {
    const admin = client();
    const tokens = {} as Record<Role, string>;
    for (const role of ROLES)
      tokens[role] = (await tokenFor(baseUrl(), await newClient(admin, [role]))).body.access_token;
    for (const route of ROUTES) {
      const path = concrete(route.path);
      const open = route.role === 'public' || route.role === 'webhook';
      const anonymous = await client().api(route.method, path, {
        auth: false,
        body: route.method === 'POST' ? {} : undefined,
      });
      if (!open) expect(anonymous.status, `${route.method} ${route.path} without a token`).toBe(401);
      for (const role of ROLES) {
        const reply = await as(tokens[role])(route.method, path, route.method === 'POST' ? {} : undefined);
        const label = `${route.method} ${route.path} as ${role}`;
        if (open) expect(reply.status, label).not.toBe(403);
        else if (ALLOWED[role].includes(route.role)) expect([401, 403], label).not.toContain(reply.status);
        else {
          expect(reply.status, label).toBe(403);
          expect(reply.contentType, label).toBe('application/problem+json');
        }
      }
    }
  }, 180_000);

  it('refuses a token signed with another key, or unsigned, or a garbled one (401)', async () => {
    const good = (await tokenFor(baseUrl(), await newClient(client(), ['admin']))).body
      .access_token as string;
    const { kid } = decodeProtectedHeader(good);
    const claims = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString());
    const other = await generateKeyPair('ES256');
    for (const header of [
      { alg: 'ES256', kid },
      { alg: 'ES256', kid: 'another-kid' },
    ]) {
      const forged = await new SignJWT(claims).setProtectedHeader(header).sign(other.privateKey);
      expect((await as(forged)('GET', '/v1/prior-auths')).status).toBe(401);
    }
    expect((await as(new UnsecuredJWT(claims).encode())('GET', '/v1/prior-auths')).status).toBe(401);
    expect((await as(`${good.slice(0, -4)}AAAA`)('GET', '/v1/prior-auths')).status).toBe(401);
    expect((await as(good)('GET', '/v1/prior-auths')).status).toBe(200);
  });
});

describe('identity across restarts: the key stays, the clock expires tokens, the audience is checked', () => {
  it('refuses an expired token and a token for another audience, with the same key after each restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-identity-'));
    const run = async (env: Record<string, string>, body: (stack: StackClient) => Promise<void>) => {
      const stack = await startStackProcess({ dataDir, env, timeoutMs: 180_000 });
      try {
        await body(new StackClient(stack.url, stack.token));
      } finally {
        await stack.stop();
      }
    };
    const use = (stack: StackClient, token: string) =>
      stack.api('GET', '/v1/prior-auths', { auth: false, headers: { authorization: `Bearer ${token}` } });
    const fresh = async (stack: StackClient, credentials: { clientId: string; clientSecret: string }) =>
      (await tokenFor(stack.url, credentials)).body.access_token as string;
    try {
      let credentials = { clientId: '', clientSecret: '' };
      let first = '';
      await run({ PA_SWEEP_INTERVAL_MS: '600000' }, async (stack) => {
        credentials = await newClient(stack, ['viewer'], 'default');
        first = await fresh(stack, credentials);
        expect((await use(stack, first)).status).toBe(200);
      });
      const later = new Date(Date.now() + 2 * 3600_000).toISOString();
      await run({ PA_SWEEP_INTERVAL_MS: '600000', PA_CLOCK: later }, async (stack) => {
        expect((await use(stack, first)).status).toBe(401);
        const second = await fresh(stack, credentials);
        expect(decodeProtectedHeader(second).kid).toBe(decodeProtectedHeader(first).kid);
        expect((await use(stack, second)).status).toBe(200);
      });
      await run({ PA_SWEEP_INTERVAL_MS: '600000', PA_OIDC_AUDIENCE: 'another-api' }, async (stack) => {
        const forThisAudience = await fresh(stack, credentials);
        expect((await use(stack, forThisAudience)).status).toBe(200);
        // The first token is still within its hour, but it was made for pa-api.
        expect((await use(stack, first)).status).toBe(401);
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
