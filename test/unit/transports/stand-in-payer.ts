/**
 * A local stand-in payer for the fhir-pas and x12-278 transports: canned answers by path
 * (/pas/<scenario>/Claim/$submit, /x12/<scenario>), a `slow` payer that answers after the
 * transport's timeout and a `flaky` one that fails once, then approves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { close, fixture, type LocalServer, listen } from './support.ts';

export interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Answer {
  status: number;
  contentType: string;
  body: () => string;
}

const canned = (dir: 'pas' | 'x12', name: string, status = 200): Answer => ({
  status,
  contentType: dir === 'pas' ? 'application/fhir+json' : 'application/EDI-X12',
  body: () => fixture(dir, name),
});

const SCENARIOS: Record<string, Answer> = {
  'pas/approved': canned('pas', 'response-a1-approved.json'),
  'pas/denied': canned('pas', 'response-a3-denied.json'),
  'pas/pended': canned('pas', 'response-a4-pended-no-request.json'),
  'pas/needs-info': canned('pas', 'response-a4-pended.json'),
  'pas/invalid': canned('pas', 'operation-outcome-invalid.json', 400),
  'pas/not-json': { status: 200, contentType: 'text/html', body: () => '<html>maintenance</html>' },
  'pas/throttled': { status: 429, contentType: 'text/plain', body: () => 'slow down' },
  'x12/approved': canned('x12', 'response-a1-approved.x12'),
  'x12/denied': canned('x12', 'response-a3-denied.x12'),
  'x12/pended': canned('x12', 'response-a4-pended.x12'),
  'x12/contact-payer': canned('x12', 'response-ct-contact-payer.x12'),
  'x12/rejected': canned('x12', 'response-aaa-rejected.x12'),
};

export interface StandInPayer extends LocalServer {
  /** What the payer received, in order. */
  received: Received[];
  /** How many calls each flaky scenario had. */
  flakyCalls: Map<string, number>;
  stop(): Promise<void>;
}

export async function startStandInPayer(): Promise<StandInPayer> {
  const received: Received[] = [];
  const flakyCalls = new Map<string, number>();
  const local = await listen((req: IncomingMessage, res: ServerResponse, body: string) => {
    received.push({ url: req.url ?? '', headers: req.headers, body });
    const [, channel, scenario] = (req.url ?? '').split('/');
    let key = `${channel}/${scenario}`;
    if (scenario === 'slow') {
      setTimeout(() => res.writeHead(200).end('too late'), 1_000);
      return;
    }
    if (scenario === 'flaky') {
      const calls = (flakyCalls.get(key) ?? 0) + 1;
      flakyCalls.set(key, calls);
      if (calls === 1) {
        res.writeHead(500).end('upstream error');
        return;
      }
      key = `${channel}/approved`;
    }
    const answer = SCENARIOS[key];
    if (answer === undefined) {
      res.writeHead(404).end('no such scenario');
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body());
  });
  return { ...local, received, flakyCalls, stop: () => close(local.server) };
}

/** A stand-in payer for the tests of one file: started before them, stopped after. */
export function useStandInPayer(): () => StandInPayer {
  let standIn: StandInPayer | undefined;
  beforeAll(async () => {
    standIn = await startStandInPayer();
  });
  afterAll(() => standIn?.stop());
  return () => {
    if (!standIn) throw new Error('the stand-in payer is not started yet');
    return standIn;
  };
}
