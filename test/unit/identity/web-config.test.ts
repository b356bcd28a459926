/**
 * Where the web app signs people in (GET /app/config.json): the local issuer on the same origin by
 * default, Cognito's hosted UI when configured, whose token endpoint the page may then call.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handler, webConfig } from '#handlers/web.ts';

const get = (rawPath: string) => handler({ rawPath, requestContext: { http: { method: 'GET' } } } as never);

describe('the web app configuration', () => {
  it('points at the local issuer on the same origin by default', () => {
    expect(webConfig({})).toEqual({
      authorizationEndpoint: '/oauth2/authorize',
      tokenEndpoint: '/oauth2/token',
      clientId: 'pa-web',
      scope: 'openid email',
    });
  });

  it('is web/config.json (what the local stack serves as a file) without settings', () => {
    const file = JSON.parse(readFileSync(new URL('../../../web/config.json', import.meta.url), 'utf8'));
    expect(file).toEqual(webConfig({}));
  });

  it('points at Cognito when its endpoints and client are given', () => {
    expect(
      webConfig({
        PA_OIDC_AUTHORIZE_URL: 'https://pa.auth.us-east-1.amazoncognito.com/oauth2/authorize',
        PA_OIDC_TOKEN_URL: 'https://pa.auth.us-east-1.amazoncognito.com/oauth2/token',
        PA_WEB_CLIENT_ID: 'abc123',
      }),
    ).toMatchObject({
      authorizationEndpoint: 'https://pa.auth.us-east-1.amazoncognito.com/oauth2/authorize',
      clientId: 'abc123',
    });
  });

  it('is served at /app/config.json, never cached', async () => {
    const reply = await get('/app/config.json');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(reply.body)).toMatchObject({ clientId: expect.any(String) });
  });

  it("adds the token endpoint's origin to the page's connect-src", async () => {
    const before = process.env.PA_OIDC_TOKEN_URL;
    process.env.PA_OIDC_TOKEN_URL = 'https://pa.auth.us-east-1.amazoncognito.com/oauth2/token';
    try {
      const reply = await get('/app/index.html');
      expect(reply.headers['content-security-policy']).toContain(
        "connect-src 'self' https://pa.auth.us-east-1.amazoncognito.com",
      );
    } finally {
      if (before === undefined) delete process.env.PA_OIDC_TOKEN_URL;
      else process.env.PA_OIDC_TOKEN_URL = before;
    }
    expect((await get('/app/index.html')).headers['content-security-policy']).not.toContain('connect-src');
  });
});
