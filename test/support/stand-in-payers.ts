/**
 * Stand-ins for the payers of a test stack: a payer registry file in a temp data dir (synthetic
 * webhook secrets), and a Da Vinci PAS payer on 127.0.0.1 whose behaviour a test switches.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const pasApproved = readFileSync(
  new URL('../fixtures/pas/response-a1-approved.json', import.meta.url),
  'utf8',
);

/** Synthetic webhook secrets, one per payer (24+ bytes, as the registry schema asks). */
export function secretFor(payerId: string): string {
  const bytes = Buffer.alloc(32);
  bytes.write(`resilience:${payerId}`.padEnd(32, '#').slice(0, 32), 'utf8');
  return `whsec_${bytes.toString('base64')}`;
}

export interface PayerEntry {
  id: string;
  planType: 'medicare' | 'medicare_advantage' | 'medicaid' | 'commercial';
  transport: 'manual' | 'fhir-pas' | 'simulator';
  endpoint?: string;
}

/** A temp data dir with a payer registry file in it. */
export function dataDirWithPayers(payers: PayerEntry[]): { dataDir: string; payersFile: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'pa-stand-in-'));
  const payersFile = join(dataDir, 'payers.json');
  writeFileSync(
    payersFile,
    JSON.stringify(
      payers.map((p) => ({
        id: p.id,
        name: `Stand-in ${p.id}`,
        planType: p.planType,
        transport: p.transport,
        ...(p.endpoint ? { endpoint: p.endpoint } : {}),
        webhookSecret: secretFor(p.id),
      })),
    ),
  );
  return { dataDir, payersFile };
}

export type PasBehaviour = 'approve' | 'hang' | 'error500' | { failFirst: number };

/**
 * A stand-in payer with a Da Vinci PAS endpoint (POST {endpoint}/Claim/$submit). Each request is
 * counted per case (the case id is read from the PAS Bundle); the behaviour can change at any time.
 */
export function standInPasPayer() {
  let behaviour: PasBehaviour = 'approve';
  const perCase = new Map<string, number>();
  const held = new Set<ServerResponse>();
  let requests = 0;
  let arrived: () => void = () => {};
  const firstRequest = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests++;
      arrived();
      const caseId = /pa_[0-9a-z]{26}/.exec(Buffer.concat(chunks).toString('utf8'))?.[0] ?? 'unknown';
      const seen = (perCase.get(caseId) ?? 0) + 1;
      perCase.set(caseId, seen);
      const mode = behaviour;
      if (mode === 'hang') {
        held.add(res);
        res.once('close', () => held.delete(res));
        return;
      }
      if (mode === 'error500' || (typeof mode === 'object' && seen <= mode.failFirst)) {
        res
          .writeHead(500, { 'content-type': 'application/fhir+json' })
          .end('{"resourceType":"OperationOutcome"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(pasApproved);
    });
  });
  return {
    server,
    setBehaviour(next: PasBehaviour) {
      behaviour = next;
    },
    /** Settles when the first request has arrived. */
    firstRequest,
    requestsFor: (caseId: string) => perCase.get(caseId) ?? 0,
    get requests() {
      return requests;
    },
    /** Cuts every held connection (as a payer's load balancer would). */
    dropHeld() {
      for (const res of held) res.destroy();
      held.clear();
    },
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close(): Promise<void> {
      for (const res of held) res.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
