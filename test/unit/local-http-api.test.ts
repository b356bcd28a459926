import { request as httpRequest } from 'node:http';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpApiEvent, type LocalHttpApi, startLocalHttpApi } from '#infra/local/http-api.ts';
import { ROUTES } from '#infra/routes.ts';

const TOKEN = 'test-token';

interface Harness {
  api: LocalHttpApi;
  events: HttpApiEvent[];
  authorizerEvents: APIGatewayRequestAuthorizerEventV2[];
}

let current: Harness | undefined;

afterEach(async () => {
  await current?.api.stop({ timeoutMs: 200 });
  current = undefined;
});

async function start(
  respond: (event: HttpApiEvent) => unknown = () => ({ statusCode: 200, body: 'ok' }),
  extra: { maxInFlight?: number; maxBodyBytes?: number } = {},
): Promise<Harness> {
  const events: HttpApiEvent[] = [];
  const authorizerEvents: APIGatewayRequestAuthorizerEventV2[] = [];
  const handler = async (event: HttpApiEvent) => {
    events.push(event);
    return respond(event);
  };
  const api = await startLocalHttpApi({
    routes: ROUTES,
    handlers: { api: handler, webhook: handler },
    authorizer: (event) => {
      authorizerEvents.push(event);
      const ok = event.headers?.authorization === `Bearer ${TOKEN}`;
      return { isAuthorized: ok, context: { principal: 'staff' } };
    },
    ...extra,
  });
  current = { api, events, authorizerEvents };
  return current;
}

/** A raw HTTP call (node:http keeps duplicate headers as sent, which fetch would merge). */
function call(
  url: string,
  options: { method?: string; path: string; headers?: string[]; body?: Buffer | string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    const req = httpRequest(
      target,
      // A raw header list carries no Host of its own; HTTP/1.1 requires one.
      { method: options.method ?? 'GET', headers: ['Host', target.host, ...(options.headers ?? [])] },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = ['Authorization', `Bearer ${TOKEN}`];

describe('local HTTP API', () => {
  it('turns a request into a payload 2.0 event', async () => {
    // Prepare
    const harness = await start();
    const body = JSON.stringify({ hello: 'world' });

    // Act
    const response = await call(harness.api.url, {
      method: 'POST',
      path: '/v1/prior-auths?status=DENIED&payerId=a&payerId=b&q=x%20y',
      headers: [
        ...auth,
        'Content-Type',
        'application/json',
        'X-Dup',
        'one',
        'X-Dup',
        'two',
        'Cookie',
        'a=1; b=2',
        'User-Agent',
        'vitest',
      ],
      body,
    });

    // Assess
    expect(response.status).toBe(200);
    const event = harness.events[0]!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/prior-auths',
      rawPath: '/v1/prior-auths',
      rawQueryString: 'status=DENIED&payerId=a&payerId=b&q=x%20y',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { status: 'DENIED', payerId: 'a,b', q: 'x y' },
      body,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        routeKey: 'POST /v1/prior-auths',
        stage: '$default',
        http: { method: 'POST', path: '/v1/prior-auths', protocol: 'HTTP/1.1', userAgent: 'vitest' },
        authorizer: { lambda: { principal: 'staff' } },
      },
    });
    expect(event.headers['x-dup']).toBe('one,two');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toBe(response.headers['apigw-requestid']);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
  });

  it.each([
    { contentType: 'application/pdf', base64: true },
    { contentType: 'application/x-www-form-urlencoded', base64: true },
    { contentType: 'application/json; charset=utf-8', base64: false },
    { contentType: 'application/fhir+json', base64: false },
    { contentType: 'text/plain', base64: false },
  ])('encodes a $contentType body as API Gateway does (base64: $base64)', async ({ contentType, base64 }) => {
    // Prepare
    const harness = await start();
    const bytes = Buffer.from('%PDF-1.7 \u00e9', 'utf8');

    // Act
    await call(harness.api.url, {
      method: 'POST',
      path: '/v1/webhooks/payers/acme',
      headers: ['Content-Type', contentType],
      body: bytes,
    });

    // Assess
    const event = harness.events[0]!;
    expect(event.isBase64Encoded).toBe(base64);
    expect(Buffer.from(event.body!, base64 ? 'base64' : 'utf8')).toEqual(bytes);
  });

  it('passes decoded path parameters', async () => {
    // Prepare
    const harness = await start();

    // Act
    await call(harness.api.url, { path: '/v1/prior-auths/case%201/claims', method: 'POST', headers: auth });
    await call(harness.api.url, { path: '/v1/documents/doc-9', headers: auth });

    // Assess
    expect(harness.events.map((e) => [e.routeKey, e.pathParameters])).toEqual([
      ['POST /v1/prior-auths/{caseId}/claims', { caseId: 'case 1' }],
      ['GET /v1/documents/{documentId}', { documentId: 'doc-9' }],
    ]);
  });

  it.each([
    {
      title: 'no Authorization header (401, the authorizer not called)',
      headers: [] as string[],
      status: 401,
      message: 'Unauthorized',
      authorizerCalls: 0,
    },
    {
      title: "the authorizer's isAuthorized: false (403)",
      headers: ['Authorization', 'Bearer nope'],
      status: 403,
      message: 'Forbidden',
      authorizerCalls: 1,
    },
  ])(
    "answers as API Gateway's HTTP API does for $title, without calling the handler",
    async ({ headers, status, message, authorizerCalls }) => {
      // Prepare
      const harness = await start();

      // Act
      const response = await call(harness.api.url, { path: '/v1/prior-auths', headers });

      // Assess
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toBe('application/json');
      expect(JSON.parse(response.body.toString())).toEqual({ message });
      expect(harness.events).toHaveLength(0);
      expect(harness.authorizerEvents).toHaveLength(authorizerCalls);
    },
  );

  it('gives the authorizer the REQUEST 2.0 event', async () => {
    // Prepare
    const harness = await start();

    // Act
    await call(harness.api.url, { path: '/v1/prior-auths/c-1?x=1', headers: auth });

    // Assess
    expect(harness.authorizerEvents[0]).toMatchObject({
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:us-east-1:000000000000:local/$default/GET/v1/prior-auths/{caseId}',
      identitySource: [`Bearer ${TOKEN}`],
      routeKey: 'GET /v1/prior-auths/{caseId}',
      rawPath: '/v1/prior-auths/c-1',
      rawQueryString: 'x=1',
      pathParameters: { caseId: 'c-1' },
      queryStringParameters: { x: '1' },
    });
  });

  it.each([
    { title: 'an unknown route', method: 'GET', path: '/v2/nothing', status: 404 },
    { title: 'a wrong method on a known path', method: 'DELETE', path: '/v1/prior-auths', status: 405 },
    { title: 'a trailing slash', method: 'GET', path: '/healthz/', status: 404 },
  ])('answers $status problem+json for $title', async ({ method, path, status }) => {
    // Prepare
    const harness = await start();

    // Act
    const response = await call(harness.api.url, { method, path, headers: auth });

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body.toString()).status).toBe(status);
    expect(harness.events).toHaveLength(0);
  });

  it('answers 413 for a body over the limit', async () => {
    // Prepare
    const harness = await start(undefined, { maxBodyBytes: 1024 });

    // Act
    const response = await call(harness.api.url, {
      method: 'POST',
      path: '/v1/webhooks/payers/acme',
      headers: ['Content-Type', 'application/json'],
      body: 'x'.repeat(2048),
    });

    // Assess
    expect(response.status).toBe(413);
    expect(harness.events).toHaveLength(0);
  });

  it('answers 500 problem+json without detail when the handler throws', async () => {
    // Prepare
    const harness = await start(() => {
      throw new Error('secret internal detail about case c-1');
    });

    // Act
    const response = await call(harness.api.url, { path: '/healthz' });

    // Assess
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body.toString()).not.toContain('secret');
  });

  it.each([
    {
      title: 'a plain object as 200 JSON',
      result: { ok: true },
      status: 200,
      contentType: 'application/json',
      body: '{"ok":true}',
      setCookie: undefined,
    },
    {
      title: 'a structured result with cookies and multi-value headers',
      result: {
        statusCode: 202,
        headers: { 'Content-Type': 'application/json', 'X-One': 1 },
        multiValueHeaders: { 'X-Many': ['a', 'b'] },
        cookies: ['s=1; HttpOnly', 't=2'],
        body: '{"caseId":"c"}',
      },
      status: 202,
      contentType: 'application/json',
      body: '{"caseId":"c"}',
      setCookie: ['s=1; HttpOnly', 't=2'],
    },
    {
      title: 'a base64 body as bytes',
      result: {
        statusCode: 200,
        headers: { 'content-type': 'application/pdf' },
        body: Buffer.from('%PDF-bytes').toString('base64'),
        isBase64Encoded: true,
      },
      status: 200,
      contentType: 'application/pdf',
      body: '%PDF-bytes',
      setCookie: undefined,
    },
  ])('maps $title', async ({ result, status, contentType, body, setCookie }) => {
    // Prepare
    const harness = await start(() => result);

    // Act
    const response = await call(harness.api.url, { path: '/healthz' });

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe(contentType);
    expect(response.body.toString()).toBe(body);
    expect(response.headers['set-cookie']).toEqual(setCookie);
  });

  it('sheds load past the in-flight bound with 503 and Retry-After, then recovers', async () => {
    // Prepare
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const harness = await start(() => gate.then(() => ({ ok: true })), { maxInFlight: 2 });
    const held = [call(harness.api.url, { path: '/healthz' }), call(harness.api.url, { path: '/healthz' })];
    while (harness.api.inFlight() < 2) await new Promise((resolve) => setTimeout(resolve, 5));

    // Act
    const shed = await call(harness.api.url, { path: '/healthz' });
    release();
    const served = await Promise.all(held);
    const after = await call(harness.api.url, { path: '/healthz' });

    // Assess
    expect(shed.status).toBe(503);
    expect(shed.headers['retry-after']).toBe('1');
    expect(shed.headers['content-type']).toBe('application/problem+json');
    expect(served.map((r) => r.status)).toEqual([200, 200]);
    expect(after.status).toBe(200);
  });

  it('waits for requests in flight when it stops', async () => {
    // Prepare
    const harness = await start(
      () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 150)),
    );
    const pending = call(harness.api.url, { path: '/healthz' });
    while (harness.api.inFlight() < 1) await new Promise((resolve) => setTimeout(resolve, 5));

    // Act
    await harness.api.stop();
    const response = await pending;

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ done: true });
    await expect(call(harness.api.url, { path: '/healthz' })).rejects.toThrow();
  });
});
