/**
 * Screenshots of the web app's main pages into docs/screenshots/*.png, against a running stack:
 *   PA_URL=http://127.0.0.1:3000 npx tsx scripts/screenshots.ts
 * It seeds cases through the CLI's demo (approved, denied -> appeal, pended -> decided) and one
 * request with coding errors, then signs in as a new admin user of `default` (through the local
 * issuer's sign-in page), and photographs the worklist, a case with its
 * appeal, the submit form with API field errors, and the sign-in page.
 *
 * When the stack does not serve web/ at /app/, `serveWebApp` serves it here (with the same file
 * serving as the stack, lambdas/adapters/static-files.ts) and forwards
 * the API routes to the stack, so the same pages can still be seen.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { serveSites } from '#adapters/static-files.ts';
import { webSites } from '#handlers/web.ts';
import { main as pa, resolveToken } from '../bin/pa.ts';
import { launchChromium } from '../test/support/ensure-chromium.ts';
import { StackClient } from '../test/support/http-client.ts';

const OUT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Serves web/ at /app/ and forwards every other path to `apiUrl`. Returns the app's URL. For
 * looking at the app before (or without) the stack serving it; the stack's own /app/ is used
 * whenever it answers.
 */
export async function serveWebApp(apiUrl: string): Promise<{ appUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/app' || url.pathname.startsWith('/app/')) {
        // The same file serving as the stack's /app/ (lambdas/adapters/static-files.ts).
        const reply = await serveSites(webSites(undefined), req.method ?? 'GET', url.pathname);
        res.writeHead(reply.status, Object.fromEntries(reply.headers)).end(reply.body);
        return;
      }
      const payload = req.method === 'GET' || req.method === 'HEAD' ? undefined : await body(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
      }
      const upstream = await fetch(new URL(url.pathname + url.search, apiUrl), {
        method: req.method,
        headers,
        body: payload,
      });
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(key))
          out[key] = value;
      });
      res.writeHead(upstream.status, out);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    appUrl: `http://127.0.0.1:${port}/app/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** The app's URL on the stack when it serves /app/, else a local server in front of it. */
export async function webAppFor(
  apiUrl: string,
): Promise<{ appUrl: string; close: () => Promise<void>; servedByStack: boolean }> {
  const client = new StackClient(apiUrl.replace(/\/$/, ''), '');
  const res = await client.api('GET', '/app/', { auth: false }).catch(() => undefined);
  if (res?.status === 200 && res.contentType.includes('html')) {
    return { appUrl: new URL('/app/', apiUrl).href, close: async () => {}, servedByStack: true };
  }
  return { ...(await serveWebApp(apiUrl)), servedByStack: false };
}

/** A person's sign-in: the e-mail and the temporary password POST /v1/users answered. */
export interface WebUser {
  email: string;
  password: string;
  userId: string;
  organizationId: string;
}

/** A new user made through the API with the bootstrap token (admin of `default` unless told). */
export async function newWebUser(
  apiUrl: string,
  token: string,
  user: { organizationId?: string; roles?: string[]; name?: string } = {},
): Promise<WebUser> {
  const organizationId = user.organizationId ?? 'default';
  const email = `pat.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}@example.org`;
  const made = await new StackClient(apiUrl.replace(/\/$/, ''), token).api('POST', '/v1/users', {
    body: { email, name: user.name ?? 'Pat Doe', organizationId, roles: user.roles ?? ['admin'] },
  });
  if (made.status !== 201) throw new Error(`POST /v1/users answered ${made.status}`);
  return { email, password: made.body.temporaryPassword, userId: made.body.userId, organizationId };
}

/** Signs in through the issuer's sign-in page (authorization code + PKCE) and waits for the worklist. */
export async function signIn(page: Page, appUrl: string, user: WebUser): Promise<void> {
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Worklist' }).waitFor();
}

/** The example request is in the form once the patient id field has a value. */
export async function exampleLoaded(page: Page): Promise<void> {
  await page.waitForFunction("document.getElementById('field-patient-id')?.value !== ''");
}

async function runCli(args: string[]): Promise<string> {
  let out = '';
  const code = await pa(['node', 'pa', ...args], { out: (t) => (out += `${t}\n`), err: () => {} });
  if (code !== 0) throw new Error(`pa ${args.join(' ')} exited ${code}: ${out}`);
  return out;
}

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  const path = join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  console.log(path);
}

async function main(): Promise<void> {
  const apiUrl = process.env.PA_URL ?? 'http://127.0.0.1:3000';
  const token = resolveToken(undefined);
  if (!token) throw new Error('no API token: set PA_API_TOKEN or PA_DATA_DIR');
  await mkdir(OUT_DIR, { recursive: true });

  // Seed: every outcome, plus one request billed as J9376 (pozelimab's code) with an odd dose.
  const demo = JSON.parse(await runCli(['--url', apiUrl, '--token', token, '--json', 'demo'])) as {
    cases: Array<{ name: string; caseId: string }>;
  };
  const appealCase = demo.cases.find((c) => c.name.startsWith('denied'))?.caseId;

  const web = await webAppFor(apiUrl);
  if (!web.servedByStack) console.log(`the stack does not serve /app/ yet: serving web/ at ${web.appUrl}`);
  const browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await browser.context.newPage();
    const user = await newWebUser(apiUrl, token, { name: 'Screenshot Admin' });
    await page.goto(web.appUrl);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('E-mail').waitFor();
    await shoot(page, 'sign-in', false);
    await signIn(page, web.appUrl, user);
    await page.locator('table.worklist tbody tr').first().waitFor();
    await shoot(page, 'worklist');

    if (appealCase) {
      await page.goto(`${web.appUrl}#/cases/${appealCase}`);
      await page.getByRole('heading', { name: 'Appeals and corrected claims' }).waitFor();
      await shoot(page, 'case-appeal');
    }

    await page.goto(`${web.appUrl}#/submit`);
    await page.getByRole('button', { name: 'Load the example request' }).click();
    await page.getByLabel('NPI').waitFor();
    await exampleLoaded(page);
    await shoot(page, 'submit-example');
    await page.getByLabel('Weight (kg)').fill('900');
    await page.locator('#field-diagnosis-icd10').fill('');
    await page.getByRole('button', { name: 'Check only (stores nothing)' }).click();
    await page.locator('.error-summary:not([hidden])').waitFor();
    await shoot(page, 'submit-errors');

    await page.goto(`${web.appUrl}#/submit`);
    await page.getByRole('button', { name: 'Load the example request' }).click();
    await exampleLoaded(page);
    await page.locator('#field-treatmentPlan-hcpcs').fill('J9376');
    await page.getByRole('button', { name: 'Check only (stores nothing)' }).click();
    await page.locator('.preview').waitFor();
    await page.locator('.preview').scrollIntoViewIfNeeded();
    await shoot(page, 'submit-check-j9376');

    await page.setViewportSize({ width: 420, height: 900 });
    await page.goto(`${web.appUrl}#/`);
    await page.locator('table.worklist tbody tr').first().waitFor();
    await shoot(page, 'worklist-narrow', false);
  } finally {
    await browser.close();
    await web.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
