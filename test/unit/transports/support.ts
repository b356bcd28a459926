/**
 * What the transport tests share: the example submission (the PACIFIC request, 1950 units), a
 * payer entry, a fixed clock, the canned PAS and X12 answers of test/fixtures, and a local HTTP
 * server to stand in for a payer or for our webhook.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X12Parser, type X12Segment } from 'node-x12';
import payers from '#adapters/demo-payers.json' with { type: 'json' };
import type { TransportDeps } from '#adapters/transports/index.ts';
import type { Assessment } from '#core/model.ts';
import type { Clock, PayerConfig, SubmissionInput } from '#core/ports.ts';
import { pacificBilling, request } from '../support/appeal-case.ts';

export const NOW = new Date('2026-08-05T14:00:00.000Z');
export const clock: Clock = { now: () => NOW };
export const SECRET = payers[1]!.webhookSecret;
export const REQUEST = request;
export const BILLING = pacificBilling;

/** A canned payer answer of test/fixtures/pas or test/fixtures/x12, as text. */
export const fixture = (dir: 'pas' | 'x12', name: string) =>
  readFileSync(new URL(`../../fixtures/${dir}/${name}`, import.meta.url), 'utf8');

/** The terms an approval carries, as a reader's event should state them (for toMatchObject). */
export const approvalTerms = (
  authorizationNumber: string,
  [validFrom, validTo]: [string, string],
  approvedUnits: number,
  occurredAt: string,
) => ({ authorizationNumber, validFrom, validTo, approvedUnits, occurredAt });

/** What the response readers are given: the case, the time of receipt, the units requested. */
export const CTX = { caseId: 'case-01J', receivedAt: '2026-08-05T18:31:00.000Z', requestedUnits: 1950 };

export const assessment = (verdict: Assessment['verdict'], unknown: string[] = []): Assessment => ({
  verdict,
  indication: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
  criteria: unknown.map((description, i) => ({ id: `c${i}`, description, met: null, evidence: '' })),
});

export function payer(overrides: Partial<PayerConfig> = {}): PayerConfig {
  return {
    id: 'demo-medicare-advantage',
    name: 'Demo Medicare Advantage Plan',
    planType: 'medicare_advantage',
    transport: 'simulator',
    webhookSecret: SECRET,
    ...overrides,
  };
}

export function submission(
  p: PayerConfig = payer(),
  overrides: Partial<SubmissionInput> = {},
): SubmissionInput {
  return {
    caseId: 'case-01JTEST',
    payer: p,
    request: REQUEST,
    assessment: assessment('meets_label'),
    billing: BILLING,
    pasBundle: { resourceType: 'Bundle', type: 'collection', entry: [] },
    packetDocumentId: 'doc-1',
    submittedAt: '2026-08-05T13:59:00.000Z',
    identifiers: {
      idempotencyKey: 'pa-submission-test',
      controlNumber: 123_456_789,
      preparedAt: '2026-08-05T13:58:00.000Z',
    },
    ...overrides,
  };
}

export const deps = (overrides: Partial<TransportDeps> = {}): TransportDeps => ({
  publicUrl: 'http://127.0.0.1:9',
  clock,
  timeoutMs: 300,
  ...overrides,
});

/** The segments of the first transaction of an X12 interchange. */
export function segmentsOf(x12: string): X12Segment[] {
  const interchange = new X12Parser(true).parse(x12) as unknown as {
    functionalGroups: Array<{ transactions: Array<{ segments: X12Segment[] }> }>;
  };
  return interchange.functionalGroups[0]!.transactions[0]!.segments;
}

/** The HL03 level codes of a 278 in order (20 source, 21 receiver, 22 subscriber, EV, SS …). */
export function hierarchyLevels(segments: X12Segment[]): string {
  return segments
    .filter((s) => s.tag === 'HL')
    .map((s) => s.valueOf(3))
    .join(' ');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface LocalServer {
  server: Server;
  url: string;
}

/** A server on a free loopback port, answering with `handler` once the body is read. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<LocalServer> {
  const server = createServer((req, res) => {
    void readBody(req).then((body) => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
