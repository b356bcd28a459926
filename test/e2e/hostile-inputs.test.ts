/**
 * Hostile input through the HTTP API (issue 11): each is answered 4xx within 10 s with nothing
 * written (the whole worklist, page by page, and the watched case's history), or processed
 * correctly. The pure checks behind it: test/unit/pdf-precheck.test.ts, schema-limits.test.ts,
 * markdown-literal.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getCase, requestFor, submittedCase } from './client.ts';
import {
  deepJson,
  encryptedPdf,
  expectRefused,
  hugeString,
  inflationBomb,
  JSON_HEADERS,
  MANUAL_PAYER,
  MARKDOWN_METACHARACTERS,
  NO_WRITES,
  pageBomb,
  send,
  sharedTreeBomb,
  withoutWrites,
} from './fuzz-support.ts';

const TEN_SECONDS = 10_000;
const request = requestFor(MANUAL_PAYER) as Record<string, unknown> & {
  provider: Record<string, unknown>;
  attachments: Array<Record<string, unknown>>;
};
const withAttachment = (pdf: Uint8Array) => ({
  ...request,
  attachments: [
    {
      kind: 'clinical_document',
      title: 'scan',
      contentType: 'application/pdf',
      data: Buffer.from(pdf).toString('base64'),
    },
  ],
});

/** Sends the body, proves a 4xx within 10 s naming `field` (when given), and that nothing was written. */
async function refusedWithoutWrites(watched: string, body: string, field?: string): Promise<void> {
  await withoutWrites(watched, async () => {
    const started = Date.now();
    const answer = await send('POST', '/v1/prior-auths', { body, headers: JSON_HEADERS });
    expect(Date.now() - started).toBeLessThan(TEN_SECONDS);
    expectRefused(answer, field ?? 'hostile body');
    if (field) expect(JSON.stringify(answer.body.errors)).toContain(`"${field}`);
    return NO_WRITES;
  });
}

describe('hostile inputs are refused within 10 s and write nothing', () => {
  let watched: string;
  beforeAll(async () => {
    watched = await submittedCase(MANUAL_PAYER);
  }, 120_000);

  it.each([
    [
      '64 KB of _a as the contact name',
      () => ({ ...request, provider: { ...request.provider, contact: { name: hugeString(64 * 1024) } } }),
      'provider.contact.name',
    ],
    [
      'a 20,001-character urgency reason',
      () => ({ ...request, urgencyReason: hugeString(20_001, 'a') }),
      'urgencyReason',
    ],
    [
      '21 attachments',
      () => ({ ...request, attachments: Array(21).fill(request.attachments[0]) }),
      'attachments',
    ],
    ['a PDF claiming 20,000 pages', () => withAttachment(pageBomb(20_000)), 'attachments.0.data'],
    ['a PDF claiming 100,000 pages', () => withAttachment(pageBomb(100_000)), 'attachments.0.data'],
    ['a shared page tree of 2^30 pages', () => withAttachment(sharedTreeBomb(30)), 'attachments.0.data'],
    ['an object stream inflating to 100 MB', () => withAttachment(inflationBomb(100)), 'attachments.0.data'],
    ['an encrypted PDF', () => withAttachment(encryptedPdf()), 'attachments.0.data'],
    [
      'a case over the item budget',
      () => ({
        ...request,
        oncologicHistory: Array(60).fill({
          therapy: 'chemoradiation',
          agents: Array(50).fill(hugeString(200, 'x')),
        }),
      }),
      'oncologicHistory',
    ],
  ])(
    '%s',
    async (_label, body, field) => {
      await refusedWithoutWrites(watched, JSON.stringify(body()), field);
    },
    60_000,
  );

  it('deep JSON (5,000 levels) in a field', async () => {
    const body = JSON.stringify({ ...request, urgencyReason: '__DEEP__' }).replace(
      '"__DEEP__"',
      deepJson(5_000),
    );
    await refusedWithoutWrites(watched, body, 'urgencyReason');
  }, 60_000);

  it('Markdown metacharacters in the contact name are accepted and stored as written', async () => {
    await withoutWrites(watched, async () => {
      const body = {
        ...request,
        provider: { ...request.provider, contact: { name: MARKDOWN_METACHARACTERS } },
      };
      const answer = await send('POST', '/v1/prior-auths', {
        body: JSON.stringify(body),
        headers: JSON_HEADERS,
      });
      expect(answer.status).toBe(202);
      return { newCases: 1, caseWrites: 0 };
    });
    expect((await getCase(watched)).caseId).toBe(watched);
  }, 60_000);
});
