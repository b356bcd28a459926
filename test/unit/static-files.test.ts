/**
 * The static files of the web app: served by the `web` Lambda on AWS and by the local server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSites, serveStatic, toLambdaResult } from '#adapters/static-files.ts';
import { handler, webSites } from '#handlers/web.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
let root: string;
let webDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pa-static-'));
  webDir = join(root, 'web');
  mkdirSync(join(webDir, 'views'), { recursive: true });
  mkdirSync(join(webDir, 'vendor', 'swagger-ui'), { recursive: true });
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>worklist</title>');
  writeFileSync(join(webDir, 'views', 'case.js'), 'export const view = 1;');
  writeFileSync(join(webDir, 'styles.css'), 'body { margin: 0 }');
  writeFileSync(join(webDir, 'logo.png'), PNG);
  writeFileSync(join(webDir, 'vendor', 'swagger-ui', 'swagger-ui.css'), '.swagger-ui {}');
  writeFileSync(join(root, 'secret.txt'), 'outside the site');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const site = () => ({ prefix: '/app/', dir: webDir });

describe('serveStatic', () => {
  it.each([
    ['/app/', 'text/html; charset=utf-8'],
    ['/app/index.html', 'text/html; charset=utf-8'],
    ['/app/views/case.js', 'text/javascript; charset=utf-8'],
    ['/app/styles.css', 'text/css; charset=utf-8'],
    ['/app/logo.png', 'image/png'],
  ])('serves %s as %s with the security headers', async (path, type) => {
    // Act
    const reply = await serveStatic(site(), 'GET', path);
    // Assess
    expect(reply?.status).toBe(200);
    const headers = Object.fromEntries(reply?.headers ?? []);
    expect(headers['content-type']).toBe(type);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply?.body.length).toBeGreaterThan(0);
  });

  it('redirects the bare prefix with 308 to the prefix with its slash', async () => {
    // Act
    const reply = await serveStatic(site(), 'GET', '/app');
    // Assess
    expect(reply?.status).toBe(308);
    expect(reply?.headers).toContainEqual(['location', '/app/']);
  });

  it.each([
    ['/app/../secret.txt'],
    ['/app/%2e%2e/secret.txt'],
    ['/app/..%2fsecret.txt'],
    ['/app/views/../../secret.txt'],
    ['/app/missing.js'],
  ])('answers 404 for %s (outside the folder or absent)', async (path) => {
    // Act
    const reply = await serveStatic(site(), 'GET', path);
    // Assess
    expect(reply?.status).toBe(404);
    expect(reply?.body.toString()).not.toContain('outside the site');
  });

  it.each([['/v1/prior-auths'], ['/application'], ['/']])('leaves %s to others (undefined)', async (path) => {
    // Act
    const reply = await serveStatic(site(), 'GET', path);
    // Assess
    expect(reply).toBeUndefined();
  });

  it('refuses other methods than GET and HEAD with 405', async () => {
    // Act
    const reply = await serveStatic(site(), 'POST', '/app/index.html');
    // Assess
    expect(reply?.status).toBe(405);
    expect(reply?.headers).toContainEqual(['allow', 'GET, HEAD']);
  });

  it('answers 404 from serveSites when no site has the path', async () => {
    // Act
    const reply = await serveSites([site()], 'GET', '/elsewhere');
    // Assess
    expect(reply.status).toBe(404);
  });
});

describe('toLambdaResult', () => {
  it.each([
    ['/app/logo.png', true],
    ['/app/index.html', false],
    ['/app/styles.css', false],
  ])('encodes %s in base64: %s', async (path, base64) => {
    // Prepare
    const reply = await serveStatic(site(), 'GET', path);
    // Act
    const result = toLambdaResult(reply!);
    // Assess
    expect(result.isBase64Encoded).toBe(base64);
    expect(Buffer.from(result.body, base64 ? 'base64' : 'utf8')).toEqual(reply?.body);
  });
});

describe('the web handler', () => {
  const event = (path: string, method = 'GET') =>
    ({ rawPath: path, requestContext: { http: { method } } }) as never;

  it.each([
    ['/app/', 200, 'text/html; charset=utf-8'],
    ['/app/vendor/swagger-ui/swagger-ui.css', 200, 'text/css; charset=utf-8'],
    ['/app/vendor/swagger-ui/../../../secret.txt', 404, 'application/problem+json'],
    ['/app/nothing-here.js', 404, 'application/problem+json'],
  ])('serves %s from PA_WEB_DIR with %i', async (path, status, type) => {
    // Prepare
    process.env.PA_WEB_DIR = webDir;
    try {
      // Act
      const result = await handler(event(path));
      // Assess
      expect(result.statusCode).toBe(status);
      expect(result.headers['content-type']).toBe(type);
    } finally {
      delete process.env.PA_WEB_DIR;
    }
  });

  it('redirects /app to /app/ with 308', async () => {
    // Act
    const result = await handler(event('/app'));
    // Assess
    expect(result.statusCode).toBe(308);
    expect(result.headers.location).toBe('/app/');
  });

  it("serves the repository's web/ and swagger-ui-dist by default", async () => {
    // Act
    const sites = webSites(undefined);
    const page = await serveSites(sites, 'GET', '/app/index.html');
    const swagger = await serveSites(sites, 'GET', '/app/vendor/swagger-ui/swagger-ui-bundle.js');
    // Assess
    expect(page.status).toBe(200);
    expect(swagger.status).toBe(200);
  });
});
