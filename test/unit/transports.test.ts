import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X12Parser, type X12Segment } from 'node-x12';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTransport,
  flushSimulatorCallbacks,
  pendingSimulatorCallbacks,
} from '#adapters/transports/index.ts';
import { planSimulatorAnswer, SimulatorOptions } from '#adapters/transports/simulator.ts';
import { build278Request } from '#adapters/transports/x12-278.ts';
import { PayerRejectedError, PayerUnavailableError, ValidationError } from '#core/errors.ts';
import type { Assessment, Billing } from '#core/model.ts';
import { normaliseWebhook, statusForEvent } from '#core/payer/payer-events.ts';
import { verifyWebhook } from '#core/payer/webhook-signature.ts';
import type { Clock, PayerConfig, SubmissionInput } from '#core/ports.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import payers from '../fixtures/payers.json' with { type: 'json' };
import requestFixture from '../fixtures/prior-auth-request.json' with { type: 'json' };

// ------------------------------------------------------------------------------------------------
// Shared inputs
// ------------------------------------------------------------------------------------------------

const NOW = new Date('2026-08-05T14:00:00.000Z');
const clock: Clock = { now: () => NOW };
const SECRET = payers[1]!.webhookSecret;
const REQUEST = PriorAuthRequest.parse(requestFixture);
const BILLING: Billing = {
  hcpcs: 'J9173',
  unitMg: 10,
  dosePerAdministrationMg: 1500,
  unitsPerAdministration: 150,
  vials: [{ ndc11: '00310-4611-50', strengthMg: 500, count: 3 }],
  discardedMg: 0,
  discardedUnits: 0,
  wasteModifier: 'JZ',
  administrationsRequested: 13,
  unitsRequested: 1950,
};
const assessment = (verdict: Assessment['verdict'], unknown: string[] = []): Assessment => ({
  verdict,
  indication: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
  criteria: unknown.map((description, i) => ({ id: `c${i}`, description, met: null, evidence: '' })),
});

function payer(overrides: Partial<PayerConfig> = {}): PayerConfig {
  return {
    id: 'demo-medicare-advantage',
    name: 'Demo Medicare Advantage Plan',
    planType: 'medicare_advantage',
    transport: 'simulator',
    webhookSecret: SECRET,
    ...overrides,
  };
}

function submission(p: PayerConfig, overrides: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    caseId: 'case-01JTEST',
    payer: p,
    request: REQUEST,
    assessment: assessment('meets_label'),
    billing: BILLING,
    pasBundle: { resourceType: 'Bundle', type: 'collection', entry: [] },
    packetDocumentId: 'doc-1',
    submittedAt: '2026-08-05T13:59:00.000Z',
    ...overrides,
  };
}

// ------------------------------------------------------------------------------------------------
// A local stand-in payer (PAS $submit and 278) and a local webhook receiver
// ------------------------------------------------------------------------------------------------

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{
  server: Server;
  url: string;
}> {
  const server = createServer((req, res) => {
    void readBody(req).then((body) => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const pasFixture = (name: string) =>
  readFileSync(new URL(`../fixtures/pas/${name}`, import.meta.url), 'utf8');
const x12Fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/x12/${name}`, import.meta.url), 'utf8');

const payerReceived: Received[] = [];
const flakyCalls = new Map<string, number>();
let payerServer: { server: Server; url: string };

/** The canned answers of the stand-in payer, by path: /pas/<scenario>/Claim/$submit, /x12/<scenario>. */
const PAYER_SCENARIOS: Record<string, { status: number; contentType: string; body: () => string }> = {
  'pas/approved': {
    status: 200,
    contentType: 'application/fhir+json',
    body: () => pasFixture('response-a1-approved.json'),
  },
  'pas/denied': {
    status: 200,
    contentType: 'application/fhir+json',
    body: () => pasFixture('response-a3-denied.json'),
  },
  'pas/pended': {
    status: 200,
    contentType: 'application/fhir+json',
    body: () => pasFixture('response-a4-pended-no-request.json'),
  },
  'pas/needs-info': {
    status: 200,
    contentType: 'application/fhir+json',
    body: () => pasFixture('response-a4-pended.json'),
  },
  'pas/invalid': {
    status: 400,
    contentType: 'application/fhir+json',
    body: () => pasFixture('operation-outcome-invalid.json'),
  },
  'pas/not-json': { status: 200, contentType: 'text/html', body: () => '<html>maintenance</html>' },
  'pas/throttled': { status: 429, contentType: 'text/plain', body: () => 'slow down' },
  'x12/approved': {
    status: 200,
    contentType: 'application/EDI-X12',
    body: () => x12Fixture('response-a1-approved.x12'),
  },
  'x12/denied': {
    status: 200,
    contentType: 'application/EDI-X12',
    body: () => x12Fixture('response-a3-denied.x12'),
  },
  'x12/pended': {
    status: 200,
    contentType: 'application/EDI-X12',
    body: () => x12Fixture('response-a4-pended.x12'),
  },
  'x12/contact-payer': {
    status: 200,
    contentType: 'application/EDI-X12',
    body: () => x12Fixture('response-ct-contact-payer.x12'),
  },
  'x12/rejected': {
    status: 200,
    contentType: 'application/EDI-X12',
    body: () => x12Fixture('response-aaa-rejected.x12'),
  },
};

function answerAsPayer(req: IncomingMessage, res: ServerResponse, body: string): void {
  payerReceived.push({ url: req.url ?? '', headers: req.headers, body });
  const [, channel, scenario] = (req.url ?? '').split('/');
  let key = `${channel}/${scenario}`;
  if (scenario === 'slow') {
    // Answers after the transport's timeout.
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
  const answer = PAYER_SCENARIOS[key];
  if (answer === undefined) {
    res.writeHead(404).end('no such scenario');
    return;
  }
  res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body());
}

beforeAll(async () => {
  payerServer = await listen(answerAsPayer);
});

afterAll(async () => {
  await flushSimulatorCallbacks({ cancel: true });
  await close(payerServer.server);
});

const deps = (overrides: Partial<Parameters<typeof createTransport>[1]> = {}) => ({
  publicUrl: 'http://127.0.0.1:9',
  clock,
  timeoutMs: 300,
  ...overrides,
});

// ------------------------------------------------------------------------------------------------
// fhir-pas
// ------------------------------------------------------------------------------------------------

describe('fhir-pas transport', () => {
  const pas = (scenario: string) =>
    createTransport(
      payer({ transport: 'fhir-pas', endpoint: `${payerServer.url}/pas/${scenario}/` }),
      deps(),
    );

  it('POSTs the PAS Bundle to Claim/$submit as FHIR JSON and returns the approval', async () => {
    // Prepare
    const input = submission(payer());
    payerReceived.length = 0;
    // Act
    const result = await pas('approved').submit(input);
    // Assess
    expect(payerReceived).toHaveLength(1);
    expect(payerReceived[0]!.url).toBe('/pas/approved/Claim/$submit');
    expect(payerReceived[0]!.headers['content-type']).toBe('application/fhir+json');
    expect(JSON.parse(payerReceived[0]!.body)).toEqual(input.pasBundle);
    expect(result.payerReference).toBe('PAYREF-A1-0001');
    expect(result.detail).toBe('fhir-pas POST Claim/$submit 200: approved');
    expect(result.immediateDecision).toMatchObject({
      caseId: input.caseId,
      outcome: 'approved',
      authorizationNumber: 'AUTH-A1-55120',
      approvedUnits: 1950,
    });
    expect(result.artifacts?.map((a) => a.kind)).toEqual(['pas_bundle', 'pas_bundle']);
  });

  it.each([
    ['denied', 'DENIED'],
    ['needs-info', 'NEEDS_INFO'],
  ])('returns a %s answer as the immediate decision (%s)', async (scenario, status) => {
    const result = await pas(scenario).submit(submission(payer()));
    expect(statusForEvent(result.immediateDecision!)).toBe(status);
  });

  it('keeps a plain pend out of the immediate decision: the final answer comes later', async () => {
    const result = await pas('pended').submit(submission(payer()));
    expect(result.immediateDecision).toBeUndefined();
    expect(result.payerReference).toBe('PAYREF-A4-0001');
    expect(result.detail).toContain('pended');
  });

  it('fails with PayerUnavailableError on a 500, then succeeds when the payer is back', async () => {
    // Prepare
    flakyCalls.delete('pas/flaky');
    const transport = pas('flaky');
    // Act + Assess
    await expect(transport.submit(submission(payer()))).rejects.toBeInstanceOf(PayerUnavailableError);
    const second = await transport.submit(submission(payer()));
    expect(second.immediateDecision?.outcome).toBe('approved');
  });

  it.each([
    ['slow', PayerUnavailableError, 'did not answer within 300 ms'],
    ['throttled', PayerUnavailableError, 'HTTP 429'],
    ['invalid', PayerRejectedError, 'HTTP 400'],
    ['not-json', PayerRejectedError, 'not JSON'],
  ])('maps the %s payer to %o', async (scenario, errorClass, message) => {
    const act = pas(scenario).submit(submission(payer()));
    await expect(act).rejects.toBeInstanceOf(errorClass);
    await expect(act).rejects.toThrow(message);
  });

  it('maps an unreachable payer to PayerUnavailableError', async () => {
    const transport = createTransport(
      payer({ transport: 'fhir-pas', endpoint: 'http://127.0.0.1:9' }),
      deps(),
    );
    await expect(transport.submit(submission(payer()))).rejects.toBeInstanceOf(PayerUnavailableError);
  });

  it('never puts patient data in its error messages', async () => {
    const act = pas('invalid').submit(submission(payer()));
    await expect(act).rejects.not.toThrow(REQUEST.patient.familyName);
    await expect(act).rejects.not.toThrow(REQUEST.coverage.memberId);
  });
});

// ------------------------------------------------------------------------------------------------
// x12-278
// ------------------------------------------------------------------------------------------------

function segmentsOf(x12: string): X12Segment[] {
  const interchange = new X12Parser(true).parse(x12) as unknown as {
    functionalGroups: Array<{ transactions: Array<{ segments: X12Segment[] }> }>;
  };
  return interchange.functionalGroups[0]!.transactions[0]!.segments;
}

describe('x12-278 transport', () => {
  const x12 = (scenario: string) =>
    createTransport(
      payer({
        transport: 'x12-278',
        endpoint: `${payerServer.url}/x12/${scenario}`,
        options: { x12: { receiverId: 'DEMOMA' } },
      }),
      deps(),
    );

  it('builds a 005010X217 request with J9173 and the requested units, and reads the approval', async () => {
    // Prepare
    payerReceived.length = 0;
    // Act
    const result = await x12('approved').submit(submission(payer()));
    // Assess: what the payer received
    const received = payerReceived[0]!;
    expect(received.headers['content-type']).toBe('application/EDI-X12');
    expect(received.body.startsWith('ISA*00*')).toBe(true);
    const segments = segmentsOf(received.body);
    const tags = segments.map((s) => s.tag);
    expect(tags.slice(0, 1)).toEqual(['BHT']);
    expect(segments.filter((s) => s.tag === 'HL').map((s) => s.valueOf(3))).toEqual([
      '20',
      '21',
      '22',
      'EV',
      'SS',
    ]);
    const sv1 = segments.find((s) => s.tag === 'SV1')!;
    expect(sv1.valueOf(1)).toBe('HC:J9173');
    expect(sv1.valueOf(4)).toBe(String(BILLING.unitsRequested));
    expect(segments.find((s) => s.tag === 'HI')!.valueOf(1)).toBe('ABK:C3412');
    expect(received.body).toContain('GS*HI*1234567893*DEMOMA*');
    // Assess: what the transport made of the answer
    expect(result.immediateDecision).toMatchObject({
      outcome: 'approved',
      authorizationNumber: 'AUTH-A1-77001',
    });
    expect(result.payerReference).toBe('ADMREF-0001');
    expect(result.artifacts?.map((a) => a.kind)).toEqual(['x12_278', 'x12_278']);
  });

  it.each([
    ['denied', 'denied', true],
    ['contact-payer', 'pended', true],
    ['pended', 'pended', false],
  ])('reads a %s response as %s (immediate decision: %s)', async (scenario, outcome, immediate) => {
    const result = await x12(scenario).submit(submission(payer()));
    expect(result.detail).toBe(`x12-278 POST 200: ${outcome}`);
    expect(result.immediateDecision !== undefined).toBe(immediate);
  });

  it('fails with PayerUnavailableError on a 500, then succeeds', async () => {
    flakyCalls.delete('x12/flaky');
    const transport = x12('flaky');
    await expect(transport.submit(submission(payer()))).rejects.toBeInstanceOf(PayerUnavailableError);
    expect((await transport.submit(submission(payer()))).immediateDecision?.outcome).toBe('approved');
  });

  it.each([
    ['slow', PayerUnavailableError],
    ['rejected', PayerRejectedError],
  ])('maps the %s payer to %o', async (scenario, errorClass) => {
    await expect(x12(scenario).submit(submission(payer()))).rejects.toBeInstanceOf(errorClass);
  });

  it('keeps the delimiters out of the values and marks an expedited request urgent', () => {
    // Prepare
    const input = submission(payer({ name: 'Acme*Health~Plan' }), {
      request: { ...REQUEST, priority: 'expedited' },
    });
    // Act
    const text = build278Request(input, {
      senderId: 'SENDER',
      receiverId: 'RECEIVER',
      usage: 'T',
      controlNumber: 7,
      createdAt: NOW,
    });
    // Assess
    const segments = segmentsOf(text);
    expect(segments.find((s) => s.tag === 'NM1' && s.valueOf(1) === 'X3')!.valueOf(3)).toBe(
      'ACME HEALTH PLAN',
    );
    expect(segments.find((s) => s.tag === 'UM')!.valueOf(6)).toBe('U');
    expect(text).toContain('*000000007*0*T*:~');
  });
});

// ------------------------------------------------------------------------------------------------
// manual and the factory
// ------------------------------------------------------------------------------------------------

describe('createTransport', () => {
  it('gives a manual transport that sends nothing', async () => {
    const result = await createTransport(payer({ transport: 'manual' }), deps()).submit(submission(payer()));
    expect(result).toEqual({ payerReference: null, detail: 'manual: awaiting payer decision by webhook' });
  });

  it.each(['fhir-pas', 'x12-278'] as const)('refuses a %s payer without an endpoint', (transport) => {
    expect(() => createTransport(payer({ transport }), deps())).toThrow(ValidationError);
  });

  it('refuses invalid simulator options, naming the field', () => {
    const act = () => createTransport(payer({ options: { simulator: { outcome: 'maybe' } } }), deps());
    expect(act).toThrow(ValidationError);
  });
});

// ------------------------------------------------------------------------------------------------
// simulator
// ------------------------------------------------------------------------------------------------

describe('simulator decisions', () => {
  const options = (o: Record<string, unknown> = {}) => SimulatorOptions.parse(o);

  it.each([
    ['meets_label', ['approved']],
    ['compendia_supported', ['approved']],
    ['not_supported', ['denied']],
    ['insufficient_information', ['pended', 'denied']],
  ] as const)("'auto' answers a %s assessment with %j", (verdict, outcomes) => {
    const steps = planSimulatorAnswer(submission(payer(), { assessment: assessment(verdict) }), options());
    expect(steps.map((s) => s.outcome)).toEqual(outcomes);
  });

  it.each([
    ['approved', ['approved']],
    ['denied', ['denied']],
    ['pended', ['pended']],
    ['partially_approved', ['partially_approved']],
    ['pended_then_approved', ['pended', 'approved']],
    ['pended_then_denied', ['pended', 'denied']],
  ] as const)('a configured outcome %s wins over the assessment: %j', (outcome, outcomes) => {
    const steps = planSimulatorAnswer(
      submission(payer(), { assessment: assessment('not_supported') }),
      options({ outcome }),
    );
    expect(steps.map((s) => s.outcome)).toEqual(outcomes);
  });

  it('approves every requested unit over the treatment window with a SIM- number', () => {
    const [step] = planSimulatorAnswer(submission(payer()), options());
    expect(step).toMatchObject({
      reviewAction: 'A1',
      approvedUnits: BILLING.unitsRequested,
      validFrom: REQUEST.treatmentPlan.startDate,
      validTo: '2027-08-08',
    });
    expect(step!.authorizationNumber).toMatch(/^SIM-[0-9A-F]{12}$/);
  });

  it('approves part of the administrations on a partial approval', () => {
    const [step] = planSimulatorAnswer(submission(payer()), options({ outcome: 'partially_approved' }));
    expect(step!.approvedUnits).toBe(
      Math.ceil(BILLING.administrationsRequested / 2) * BILLING.unitsPerAdministration,
    );
    expect(step!.approvedUnits).toBeLessThan(BILLING.unitsRequested);
  });

  it.each([
    ['medicare_advantage', 'N115'],
    ['commercial', 'N130'],
  ] as const)('denies a %s request with CARC 50 and RARC %s from the canned answer', (planType, rarc) => {
    const p = payer({ planType });
    const [step] = planSimulatorAnswer(submission(p, { assessment: assessment('not_supported') }), options());
    expect(step!.reasons).toEqual([
      { system: 'CARC', code: '50' },
      { system: 'RARC', code: rarc },
    ]);
  });

  it('uses configured deny reasons', () => {
    const denyReasons = [{ system: 'CARC', code: '55' }];
    const [step] = planSimulatorAnswer(submission(payer()), options({ outcome: 'denied', denyReasons }));
    expect(step!.reasons).toEqual(denyReasons);
  });

  it("asks for the assessment's unknown criteria when it pends", () => {
    const unknown = ['Date of no progression after chemoradiation', 'EGFR result'];
    const [pend] = planSimulatorAnswer(
      submission(payer(), { assessment: assessment('insufficient_information', unknown) }),
      options(),
    );
    expect(pend!.requestedDocuments).toEqual(unknown);
  });

  it('is deterministic under a seed and never calls Math.random', () => {
    // Prepare
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random must not be used');
    });
    const mix = options({ mix: { approve: 1, deny: 1, pend: 1 }, seed: 'demo-7' });
    const cases = Array.from({ length: 60 }, (_, i) => submission(payer(), { caseId: `case-${i}` }));
    // Act
    const first = cases.map((c) =>
      planSimulatorAnswer(c, mix)
        .map((s) => s.outcome)
        .join('>'),
    );
    const again = cases.map((c) =>
      planSimulatorAnswer(c, mix)
        .map((s) => s.outcome)
        .join('>'),
    );
    const otherSeed = cases.map((c) =>
      planSimulatorAnswer(c, { ...mix, seed: 'demo-8' })
        .map((s) => s.outcome)
        .join('>'),
    );
    // Assess
    expect(again).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['approved', 'denied', 'pended>approved']));
    expect(otherSeed).not.toEqual(first);
    random.mockRestore();
  });

  it('follows the mix weights: a zero weight never happens', () => {
    const onlyDeny = options({ mix: { approve: 0, deny: 5, pend: 0 } });
    const outcomes = Array.from(
      { length: 20 },
      (_, i) => planSimulatorAnswer(submission(payer(), { caseId: `c${i}` }), onlyDeny)[0]!.outcome,
    );
    expect(new Set(outcomes)).toEqual(new Set(['denied']));
  });
});

describe('simulator webhook delivery', () => {
  let receiver: { server: Server; url: string };
  const deliveries: Array<{ webhookId: string; body: string }> = [];
  let failNext = 0;

  beforeAll(async () => {
    receiver = await listen((req, res, body) => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503).end();
        return;
      }
      try {
        const { webhookId } = verifyWebhook({
          headers: req.headers as Record<string, string | undefined>,
          rawBody: body,
          secret: SECRET,
          now: clock.now(),
        });
        expect(req.url).toBe('/v1/webhooks/payers/demo-medicare-advantage');
        deliveries.push({ webhookId, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(401).end();
      }
    });
  });

  afterEach(async () => {
    await flushSimulatorCallbacks({ cancel: true });
    deliveries.length = 0;
    failNext = 0;
  });

  afterAll(async () => {
    await close(receiver.server);
  });

  const simulator = (options: Record<string, unknown>) =>
    createTransport(
      payer({ options: { simulator: { latencyMs: 5, retryBaseMs: 5, ...options } } }),
      deps({ publicUrl: `${receiver.url}/` }),
    );

  it('answers later by a signed webhook that verifies and normalises to the decision', async () => {
    // Prepare
    const input = submission(payer());
    // Act
    const result = await simulator({}).submit(input);
    const immediately = deliveries.length;
    const report = await flushSimulatorCallbacks();
    // Assess
    expect(immediately).toBe(0);
    expect(result.payerReference).toMatch(/^SIMREF-[0-9A-F]{12}$/);
    expect(result.immediateDecision).toBeUndefined();
    expect(report.delivered).toHaveLength(1);
    expect(deliveries).toHaveLength(1);
    const event = normaliseWebhook(JSON.parse(deliveries[0]!.body));
    expect(event).toMatchObject({
      caseId: input.caseId,
      outcome: 'approved',
      payerReference: result.payerReference,
      approvedUnits: BILLING.unitsRequested,
    });
    expect(event.authorizationNumber).toMatch(/^SIM-/);
  });

  it('sends a pend and then the final answer, strictly later, with distinct stable ids', async () => {
    // Prepare
    const input = submission(payer());
    // Act
    await simulator({ outcome: 'pended_then_denied' }).submit(input);
    await flushSimulatorCallbacks();
    const firstIds = deliveries.map((d) => d.webhookId);
    deliveries.length = 0;
    await simulator({ outcome: 'pended_then_denied' }).submit(input);
    await flushSimulatorCallbacks();
    // Assess
    const events = deliveries.map((d) => normaliseWebhook(JSON.parse(d.body)));
    expect(events.map((e) => statusForEvent(e))).toEqual(['NEEDS_INFO', 'DENIED']);
    expect(Date.parse(events[1]!.occurredAt)).toBeGreaterThan(Date.parse(events[0]!.occurredAt));
    expect(new Set(firstIds).size).toBe(2);
    expect(deliveries.map((d) => d.webhookId)).toEqual(firstIds);
  });

  it('retries a failed delivery with the same webhook id until the receiver is back', async () => {
    // Prepare
    failNext = 2;
    // Act
    await simulator({}).submit(submission(payer()));
    const report = await flushSimulatorCallbacks();
    // Assess
    expect(report.delivered).toHaveLength(1);
    expect(report.failed).toEqual([]);
    expect(deliveries).toHaveLength(1);
  });

  it('gives up after the configured attempts and reports it', async () => {
    failNext = 10;
    await simulator({ deliveryAttempts: 2 }).submit(submission(payer()));
    const report = await flushSimulatorCallbacks();
    expect(report.failed).toEqual([
      { caseId: 'case-01JTEST', webhookId: expect.stringMatching(/^msg_sim_/), reason: 'HTTP 503' },
    ]);
    expect(deliveries).toHaveLength(0);
  });

  it('schedules a retried submit of the same submission once', async () => {
    const transport = simulator({ latencyMs: 50 });
    await transport.submit(submission(payer()));
    await transport.submit(submission(payer()));
    expect(pendingSimulatorCallbacks()).toBe(1);
    await flushSimulatorCallbacks();
    expect(deliveries).toHaveLength(1);
  });

  it('cancels pending answers on shutdown', async () => {
    await simulator({ latencyMs: 60_000 }).submit(submission(payer()));
    const report = await flushSimulatorCallbacks({ cancel: true });
    expect(report.cancelled).toBe(1);
    expect(pendingSimulatorCallbacks()).toBe(0);
    expect(deliveries).toHaveLength(0);
  });
});
