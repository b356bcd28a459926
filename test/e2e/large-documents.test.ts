/**
 * Large documents and uploads (API.md part 2) through the running stack: 20 MB of attachments
 * uploaded by presigned PUTs, submitted by uploadId, taken to the payer, and the packet
 * downloaded through a 303 to a presigned GET; and DynamoDB's 400 KB item, enforced by DynamoDB
 * Local as by DynamoDB.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import * as dynamoDbLocal from '#infra/local/dynamodb.ts';
import { api, baseUrl, requestFor, submit, token, waitForCase } from './client.ts';

const MB = 1024 * 1024;

/** A PDF of `pages` pages carrying about `bytes` of page content (incompressible: random hex in comments). */
async function scan(pages: number, bytes: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont('Helvetica');
  for (let i = 0; i < pages; i++) {
    const page = pdf.addPage([612, 792]);
    page.drawText(`Synthetic scan page ${i + 1}`, { x: 72, y: 720, size: 14, font });
    const noise = randomBytes(Math.floor(bytes / pages / 2)).toString('hex');
    const lines = noise.match(/.{1,200}/g) ?? [];
    const content = pdf.context.stream(lines.map((line) => `% ${line}`).join('\n'));
    page.node.addContentStream(pdf.context.register(content));
  }
  return pdf.save();
}

/** POST /v1/uploads, then the PUT of the file to the URL it gave. */
async function upload(file: Uint8Array, title: string): Promise<string> {
  const created = await api('POST', '/v1/uploads', { body: { contentType: 'application/pdf', title } });
  expect(created.status).toBe(201);
  expect(created.body.url).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/.*uploads%2F|^http:\/\/127\.0\.0\.1:\d+\/.*uploads\//,
  );
  const put = await fetch(created.body.url, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf' },
    body: Buffer.from(file),
  });
  expect(put.status).toBe(200);
  return created.body.uploadId;
}

describe('a packet with 20 MB of attachments', () => {
  it('goes from upload to payer to download, the packet through a 303 to a presigned URL', async () => {
    // Prepare: four scans of 5 MB and 12 pages each.
    const scans = await Promise.all([1, 2, 3, 4].map(() => scan(12, 5 * MB)));
    expect(scans.reduce((sum, s) => sum + s.length, 0)).toBeGreaterThan(20 * MB);
    const uploadIds = await Promise.all(scans.map((file, i) => upload(file, `CT scan ${i + 1}`)));

    // Act
    const caseId = await submit(
      requestFor('sim-auto', (r) => {
        r.attachments = uploadIds.map((uploadId, i) => ({
          kind: 'imaging_report',
          title: `CT scan ${i + 1}`,
          uploadId,
        }));
      }),
    );
    const done = await waitForCase(caseId, (c) => c.status === 'APPROVED', 180_000);
    const packet = done.documents.find((d: { kind: string }) => d.kind === 'packet');
    const redirect = await fetch(`${baseUrl()}/v1/documents/${packet.documentId}`, {
      headers: { authorization: `Bearer ${token()}` },
      redirect: 'manual',
    });
    const location = redirect.headers.get('location') ?? '';
    const download = await fetch(location);

    // Assess
    expect(redirect.status).toBe(303);
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*X-Amz-Signature=/);
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(20 * MB);
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBeGreaterThan(4 * 12);
    // A client that follows redirects (the CLI, the shared test client) gets the PDF itself: fetch
    // drops the bearer token on the way to the other origin.
    const followed = await api('GET', `/v1/documents/${packet.documentId}`);
    expect([followed.status, followed.contentType, followed.body.length]).toEqual([
      200,
      'application/pdf',
      bytes.length,
    ]);
    expect(done.request?.attachments ?? done.attachments ?? []).not.toContainEqual(
      expect.objectContaining({ data: expect.anything() }),
    );
  }, 300_000);

  it('refuses an attachment naming an upload that was never PUT, naming the field', async () => {
    // Prepare
    const created = await api('POST', '/v1/uploads', {
      body: { contentType: 'application/pdf', title: 'never sent' },
    });

    // Act
    const res = await api('POST', '/v1/prior-auths', {
      body: requestFor('sim-auto', (r) => {
        r.attachments = [{ title: 'never sent', uploadId: created.body.uploadId }];
      }),
    });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'attachments.0.uploadId', message: expect.stringContaining('names no upload') },
    ]);
  });

  it('refuses an upload of anything but a PDF', async () => {
    const res = await api('POST', '/v1/uploads', { body: { contentType: 'text/html', title: 'page' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('contentType');
  });
});

describe("DynamoDB's 400 KB item", () => {
  it('is enforced by DynamoDB Local: an item over it is refused as DynamoDB refuses it', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'pa-item-limit-'));
    const dynamo = await dynamoDbLocal.startDynamoDbLocal({ dataDir });
    const client = dynamoDbLocal.localDynamoDbClient(dynamo.endpoint);
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'items',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const item = (kb: number) => ({ pk: { S: `item-${kb}` }, pad: { S: 'x'.repeat(kb * 1024) } });

      // Act
      const [within, over] = await Promise.allSettled([
        client.send(new PutItemCommand({ TableName: 'items', Item: item(390) })),
        client.send(new PutItemCommand({ TableName: 'items', Item: item(401) })),
      ]);

      // Assess
      expect(within.status).toBe('fulfilled');
      expect(over).toMatchObject({
        status: 'rejected',
        reason: {
          name: 'ValidationException',
          message: expect.stringContaining('Item size has exceeded the maximum allowed size'),
        },
      });
    } finally {
      client.destroy();
      await dynamo.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
