/**
 * The local HTTP server matches a greedy {proxy+} path parameter (the web app's route) as API
 * Gateway does: the rest of the path, after every more specific route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpApiEvent, type LocalHttpApi, startLocalHttpApi } from '#infra/local/http-api.ts';
import type { RouteSpec } from '#infra/routes.ts';

const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/app/{proxy+}', fn: 'web', auth: false, role: 'public' },
  { method: 'GET', path: '/app/{page}', fn: 'api', auth: false, role: 'public' },
  { method: 'GET', path: '/app/health', fn: 'webhook', auth: false, role: 'public' },
];
let api: LocalHttpApi;

beforeAll(async () => {
  const echo = (fn: string) => async (event: HttpApiEvent) => ({
    statusCode: 200,
    body: JSON.stringify({ fn, pathParameters: event.pathParameters ?? null }),
  });
  api = await startLocalHttpApi({
    routes: ROUTES,
    handlers: { web: echo('web'), api: echo('api'), webhook: echo('webhook') },
    authorizer: () => ({ isAuthorized: false }),
  });
});

afterAll(() => api.stop());

describe('greedy path parameters of the local HTTP API', () => {
  it.each([
    ['/app/vendor/swagger-ui/swagger-ui.css', 'web', { proxy: 'vendor/swagger-ui/swagger-ui.css' }],
    ['/app/views/case.js', 'web', { proxy: 'views/case.js' }],
    ['/app/index.html', 'api', { page: 'index.html' }],
    ['/app/health', 'webhook', null],
  ])('routes %s to %s with %j', async (path, fn, pathParameters) => {
    // Act
    const response = await fetch(`${api.url}${path}`);
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ fn, pathParameters });
  });
});
