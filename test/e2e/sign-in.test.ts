/**
 * People signing in at the local issuer, through the running stack without a browser (API.md:
 * "People sign in to the web app with the authorization-code flow and PKCE"): the discovery
 * document names the flow; the sign-in form is shown for the registered web client and redirect
 * URI only; a right password redirects with a code and the state; the code gives the person's
 * access token (the API reads them as the user, of their organization), once; a wrong verifier,
 * another redirect URI or a second use fail with invalid_grant; a wrong password or an altered
 * form is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baseUrl, client } from './client.ts';
import { webUser } from './web-session.ts';

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const redirectUri = () => `${baseUrl()}/app/`;

const authorizeUrl = (change: Record<string, string> = {}) =>
  `${baseUrl()}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'pa-web',
    redirect_uri: redirectUri(),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-123',
    scope: 'openid',
    ...change,
  })}`;

const pendingOf = (html: string) => /name="pending" value="([^"]+)"/.exec(html)?.[1] ?? '';

const form = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

/** Signs in on the form and answers the redirect's code. */
async function codeFor(email: string, password: string): Promise<string> {
  const page = await (await fetch(authorizeUrl())).text();
  const res = await form(`${baseUrl()}/oauth2/authorize`, { pending: pendingOf(page), email, password });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.origin + location.pathname).toBe(redirectUri());
  expect(location.searchParams.get('state')).toBe('state-123');
  return location.searchParams.get('code') ?? '';
}

const exchange = (code: string, change: Record<string, string> = {}) =>
  form(`${baseUrl()}/oauth2/token`, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: 'pa-web',
    code_verifier: verifier,
    ...change,
  });

describe('signing in at the local issuer (authorization code + PKCE)', () => {
  it('names the flow in its discovery document', async () => {
    const discovery = await client().api('GET', '/.well-known/openid-configuration', { auth: false });
    expect(discovery.body).toMatchObject({
      authorization_endpoint: `${baseUrl()}/oauth2/authorize`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(discovery.body.grant_types_supported).toContain('authorization_code');
  });

  it('shows the form for the web client only, and never redirects to an unregistered address', async () => {
    const page = await fetch(authorizeUrl());
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(pendingOf(await page.text())).not.toBe('');
    const changes: Record<string, string>[] = [
      { client_id: 'another' },
      { redirect_uri: 'https://evil.example/app/' },
    ];
    for (const change of changes) {
      // A browser gets the error page; any other caller problem+json, like every refusal of the API.
      const page = await fetch(authorizeUrl(change), {
        redirect: 'manual',
        headers: { accept: 'text/html' },
      });
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.headers.get('content-type')).toContain('text/html');
      const refused = await fetch(authorizeUrl(change), { redirect: 'manual' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('location')).toBeNull();
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    }
    const plain = await fetch(authorizeUrl({ code_challenge_method: 'plain' }), { redirect: 'manual' });
    expect(plain.status).toBe(303);
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it("gives the person's access token for the code, once; the API reads it as the user", async () => {
    const user = await webUser({ roles: ['viewer'], name: 'Vi Viewer' });
    const code = await codeFor(user.email, user.password);
    const issued = await exchange(code);
    expect(issued.status).toBe(200);
    const body = (await issued.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('Bearer');
    const me = await client().api('GET', '/v1/me', {
      auth: false,
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.body).toEqual({
      actor: { type: 'user', id: user.userId },
      organizationId: 'default',
      roles: ['viewer'],
    });
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant' });
  });

  it('refuses a code with a wrong verifier or another redirect URI, and a code of nobody', async () => {
    const user = await webUser({ roles: ['viewer'] });
    const wrongVerifier = await exchange(await codeFor(user.email, user.password), {
      code_verifier: randomBytes(32).toString('base64url'),
    });
    expect(await wrongVerifier.json()).toEqual({ error: 'invalid_grant' });
    const elsewhere = await exchange(await codeFor(user.email, user.password), {
      redirect_uri: `${baseUrl()}/app/other`,
    });
    expect(await elsewhere.json()).toEqual({ error: 'invalid_grant' });
    expect(await (await exchange('not-a-code')).json()).toEqual({ error: 'invalid_grant' });
    expect((await exchange('x', { client_id: 'another' })).status).toBe(401);
  });

  it('refuses a wrong password with the form again, and an altered form', async () => {
    const user = await webUser({ roles: ['viewer'] });
    const pending = pendingOf(await (await fetch(authorizeUrl())).text());
    const wrong = await form(`${baseUrl()}/oauth2/authorize`, {
      pending,
      email: user.email,
      password: `${user.password}x`,
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('not right');
    const altered = await form(`${baseUrl()}/oauth2/authorize`, {
      pending: `${pending.slice(0, -4)}AAAA`,
      email: user.email,
      password: user.password,
    });
    expect(altered.status).toBe(400);
    expect(altered.headers.get('location')).toBeNull();
  });
});
