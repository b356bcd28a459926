/**
 * The bounds of one POST to a payer (issue 11): https only (loopback http for tests), no redirect
 * followed, the answer's size bounded; against a real local server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAYER_RESPONSE_BYTES, postToPayer } from '#adapters/transports/payer-http.ts';
import { PayerRejectedError } from '#core/errors.ts';
import { close, type LocalServer, listen } from './support.ts';

let payer: LocalServer;
const hits: string[] = [];

beforeAll(async () => {
  payer = await listen((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') res.writeHead(307, { location: `${payer.url}/elsewhere` }).end();
    else if (req.url === '/huge') {
      // Streamed without a content-length: the bound holds on the bytes read, not on a header.
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent <= MAX_PAYER_RESPONSE_BYTES) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.writeHead(200, { 'content-type': 'text/plain' });
      pump();
    } else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
afterAll(() => close(payer.server));

const post = (url: string) =>
  postToPayer({ payerId: 'p1', url, contentType: 'text/plain', accept: '*/*', body: 'x', timeoutMs: 5_000 });

describe('postToPayer bounds', () => {
  it.each([
    ['plain http to another host', 'http://payer.example.com/pas'],
    ['a scheme other than https', 'ftp://payer.example.com/pas'],
    ['not a URL', 'payer.example.com/pas'],
  ])('refuses %s before sending anything', async (_case, url) => {
    // Act
    const act = postToPayer({
      payerId: 'p1',
      url,
      contentType: 'text/plain',
      accept: '*/*',
      body: 'x',
      fetch: () => Promise.reject(new Error('must not be called')),
    });
    // Assess
    await expect(act).rejects.toBeInstanceOf(PayerRejectedError);
    await expect(act).rejects.toThrow('payer p1 endpoint must be an https URL');
  });

  it('posts over http to the loopback (tests and local stand-ins)', async () => {
    // Act
    const answer = await post(`${payer.url}/ok`);
    // Assess
    expect(answer).toEqual({ status: 200, text: 'ok' });
  });

  it('does not follow a redirect: the submission goes to the registered endpoint or nowhere', async () => {
    // Prepare
    hits.length = 0;
    // Act
    const act = post(`${payer.url}/redirect`);
    // Assess
    await expect(act).rejects.toBeInstanceOf(PayerRejectedError);
    await expect(act).rejects.toThrow('redirect (HTTP 307)');
    expect(hits).toEqual(['/redirect']);
  });

  it('refuses an answer over the size bound without buffering it', async () => {
    // Act
    const act = post(`${payer.url}/huge`);
    // Assess
    await expect(act).rejects.toBeInstanceOf(PayerRejectedError);
    await expect(act).rejects.toThrow(`more than ${MAX_PAYER_RESPONSE_BYTES} bytes`);
  });
});
