/**
 * Hostile input through the HTTP API (issue 11): each is answered 4xx within 10 s with nothing
 * written (the whole worklist, page by page, and the watched case's history), or processed
 * correctly. The pure checks behind it: test/unit/pdf-precheck.test.ts, schema-limits.test.ts,
 * markdown-literal.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
const MIB = 1024 * 1024;

/**
 * The stack's resident memory, from /proc for the pid in its data-dir lock: now (VmRSS) and the
 * peak since it started (VmHWM). Peak minus the resident size at the start of this file bounds
 * what the hostile inputs grew it by (from above: an earlier peak only makes the bound looser).
 */
function stackMemory(): { rss: number; peak: number } {
  const pid = readFileSync(join(inject('dataDir'), 'local-stack.lock'), 'utf8').trim();
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}
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
  let before: { rss: number; peak: number };
  beforeAll(async () => {
    before = stackMemory();
    watched = await submittedCase(MANUAL_PAYER);
  }, 120_000);

  afterAll(() => {
    const after = stackMemory();
    const grownMiB = (after.peak - before.rss) / MIB;
    console.info(
      `stack memory: ${(before.rss / MIB).toFixed(0)} MiB before the hostile inputs, peak ${(after.peak / MIB).toFixed(0)} MiB (grew by at most ${grownMiB.toFixed(0)} MiB)`,
    );
    expect(grownMiB).toBeLessThan(512);
  });

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
