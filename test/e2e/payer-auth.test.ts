/**
 * Authenticated payer calls through the running stack (API.md part 2, "Payer transports:
 * authentication"): a LOCAL TOKEN ENDPOINT that verifies each SMART Backend Services client
 * assertion against the client's registered public JWK (jose), and a LOCAL PAS PAYER that
 * requires a bearer token that endpoint issued and captures what it receives. A case submitted
 * through the stack reaches the payer with the token; several submissions share one token
 * request; a client signing with a key the endpoint does not know is refused, and its case shows
 * the submission failure. The stack is this file's own (its registry names these servers).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFor } from '../support/examples.ts';
import { StackClient } from '../support/http-client.ts';
import { type StackProcess, startStackProcess } from '../support/local-stack.ts';
import { secretFor } from '../support/stand-in-payers.ts';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SCOPE = 'system/Claim.write';
const pasApproved = readFileSync(
  new URL('../fixtures/pas/response-a1-approved.json', import.meta.url),
  'utf8',
);

/** A synthetic RS384 key pair as JWKs under one kid. */
async function keyPair(kid: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS384' },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

interface TokenRequest {
  clientId: string | undefined;
  granted: boolean;
  refusal?: string;
}

/**
 * The token endpoint: client_credentials with a jwt-bearer assertion verified with the client's
 * registered public JWK (iss = sub = client, aud = this URL, exp at most 5 minutes ahead, a jti
 * never seen before); it issues an opaque token valid 300 s, else 401 invalid_client.
 */
function tokenEndpoint(clients: Map<string, JWK>) {
  const requests: TokenRequest[] = [];
  const issued = new Set<string>();
  const jtis = new Set<string>();
  let url = '';
  const verify = async (form: URLSearchParams): Promise<string> => {
    if (form.get('grant_type') !== 'client_credentials') throw new Error('grant_type');
    if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) throw new Error('client_assertion_type');
    if (form.get('scope') !== SCOPE) throw new Error('scope');
    const assertion = form.get('client_assertion') ?? '';
    const clientId = String(decodeJwt(assertion).iss);
    const jwk = clients.get(clientId);
    if (!jwk) throw new Error('unknown client');
    const { payload } = await jwtVerify(assertion, await importJWK(jwk, 'RS384'), {
      algorithms: ['RS384'],
      issuer: clientId,
      subject: clientId,
      audience: url,
    });
    if (!payload.exp || payload.exp - Date.now() / 1000 > 300) throw new Error('exp over 5 minutes');
    if (!payload.jti || jtis.has(payload.jti)) throw new Error('jti replayed');
    jtis.add(payload.jti);
    return clientId;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then(async (body) => {
      const form = new URLSearchParams(body);
      const claimed = (() => {
        try {
          return String(decodeJwt(form.get('client_assertion') ?? '').iss);
        } catch {
          return undefined;
        }
      })();
      try {
        await verify(form);
        const token = `tok_${randomUUID()}`;
        issued.add(token);
        requests.push({ clientId: claimed, granted: true });
        res
          .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 300, scope: SCOPE }));
      } catch (error) {
        requests.push({ clientId: claimed, granted: false, refusal: (error as Error).message });
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
      }
    });
  });
  return {
    requests,
    isIssued: (token: string) => issued.has(token),
    /** Revokes every token issued so far (before their expiry). */
    revokeAll: () => issued.clear(),
    async start() {
      url = `${await listen(server)}/oauth2/token`;
      return url;
    },
    stop: () => close(server),
  };
}

interface Received {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** The PAS payer: POST {base}/Claim/$submit with a bearer token the endpoint issued, else 401. */
function pasPayer(isIssued: (token: string) => boolean) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      received.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (req.method !== 'POST' || req.url !== '/fhir/Claim/$submit') {
        res.writeHead(404).end();
      } else if (!token || !isIssued(token)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(pasApproved);
      }
    });
  });
  return {
    received,
    forCase: (caseId: string) => received.filter((r) => r.body.includes(caseId)),
    async start() {
      return `${await listen(server)}/fhir`;
    },
    stop: () => close(server),
  };
}

describe('payer calls authenticated by SMART Backend Services', () => {
  const clients = new Map<string, JWK>();
  const tokens = tokenEndpoint(clients);
  const payer = pasPayer(tokens.isIssued);
  let dataDir = '';
  let stack: StackProcess | undefined;
  let client: StackClient;

  beforeAll(async () => {
    const registered = await keyPair('pa-key-1');
    const unknownKey = await keyPair('pa-key-1');
    clients.set('pa-client', registered.publicJwk);
    clients.set('pa-client-rotated', registered.publicJwk);
    const [tokenUrl, endpoint] = await Promise.all([tokens.start(), payer.start()]);
    const entry = (id: string, clientId: string, privateKeyJwk: JWK) => ({
      id,
      name: `Local PAS payer ${id}`,
      planType: 'commercial',
      transport: 'fhir-pas',
      endpoint,
      webhookSecret: secretFor(id),
      auth: { type: 'smart-backend', tokenUrl, clientId, privateKeyJwk, scope: SCOPE },
    });
    dataDir = await mkdtemp(join(tmpdir(), 'pa-payer-auth-'));
    const payersFile = join(dataDir, 'payers.json');
    writeFileSync(
      payersFile,
      JSON.stringify([
        entry('pas-auth', 'pa-client', registered.privateJwk),
        // Signs with a key the token endpoint does not hold for this client.
        entry('pas-wrong-key', 'pa-client-rotated', unknownKey.privateJwk),
      ]),
    );
    stack = await startStackProcess({
      dataDir,
      env: { PA_PAYERS_FILE: payersFile, PA_RETRY_INTERVAL_MS: '100', PA_SWEEP_INTERVAL_MS: '600000' },
      timeoutMs: 120_000,
    });
    client = new StackClient(stack.url, stack.token, { secretFor });
  }, 150_000);

  afterAll(async () => {
    await stack?.stop();
    await Promise.all([tokens.stop(), payer.stop()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('submits each case to the payer with the bearer token, asking for one token for them all', async () => {
    // Act: one case first (it fetches the token), then three more at once.
    const first = await client.submit(requestFor('pas-auth', 'commercial'));
    await client.waitForCase(first, (c) => c.status === 'APPROVED', 60_000);
    const more = await Promise.all([1, 2, 3].map(() => client.submit(requestFor('pas-auth', 'commercial'))));
    const decided = await client.waitForAll(more, (c) => c.status === 'APPROVED', 60_000);

    // Assess: one granted token request; every case reached the payer once, with that token.
    const granted = tokens.requests.filter((r) => r.clientId === 'pa-client');
    expect(granted).toEqual([{ clientId: 'pa-client', granted: true }]);
    const bearers = new Set<string | undefined>();
    for (const caseId of [first, ...more]) {
      const calls = payer.forCase(caseId);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ path: '/fhir/Claim/$submit', contentType: 'application/fhir+json' });
      expect(JSON.parse(calls[0]!.body)).toMatchObject({ resourceType: 'Bundle' });
      bearers.add(calls[0]!.authorization);
    }
    expect(bearers.size).toBe(1);
    const [bearer] = bearers;
    expect(bearer).toMatch(/^Bearer tok_/);
    expect(tokens.isIssued(bearer!.slice('Bearer '.length))).toBe(true);
    expect(decided.map((c) => c.decision.outcome)).toEqual(['approved', 'approved', 'approved']);
  }, 150_000);

  it('on a 401 for a revoked token, gets a new token and submits once more', async () => {
    // Prepare
    tokens.revokeAll();
    const before = tokens.requests.length;

    // Act
    const caseId = await client.submit(requestFor('pas-auth', 'commercial'));
    await client.waitForCase(caseId, (c) => c.status === 'APPROVED', 60_000);

    // Assess: refused with the old token, accepted with the new one; one new token request.
    const calls = payer.forCase(caseId);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.authorization).not.toBe(calls[1]!.authorization);
    expect(tokens.isIssued(calls[0]!.authorization!.slice('Bearer '.length))).toBe(false);
    expect(tokens.isIssued(calls[1]!.authorization!.slice('Bearer '.length))).toBe(true);
    expect(tokens.requests.slice(before)).toEqual([{ clientId: 'pa-client', granted: true }]);
  }, 150_000);

  it('refuses a client signing with a key the token endpoint does not know: nothing reaches the payer, the case shows the failure', async () => {
    // Act
    const caseId = await client.submit(requestFor('pas-wrong-key', 'commercial'));
    const failed = await client.waitForCase(caseId, (c) => c.status === 'SUBMISSION_FAILED', 90_000);

    // Assess
    const refused = tokens.requests.filter((r) => r.clientId === 'pa-client-rotated');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => !r.granted && /signature/.test(r.refusal ?? ''))).toBe(true);
    expect(payer.forCase(caseId)).toEqual([]);
    const failure = failed.history.find((h: { event: string }) => h.event === 'prior_auth.submission_failed');
    expect(failure.detail).toContain(
      'payer pas-wrong-key token endpoint refused the client assertion with HTTP 401 invalid_client',
    );
    expect(JSON.stringify(failed)).not.toMatch(/tok_|eyJ/);
  }, 150_000);
});
