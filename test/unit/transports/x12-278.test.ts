import { describe, expect, it } from 'vitest';
import { createTransport } from '#adapters/transports/index.ts';
import { build278Request } from '#adapters/transports/x12-278.ts';
import { PayerRejectedError, PayerUnavailableError, ValidationError } from '#core/errors.ts';
import { PayerEntry } from '#schemas/payer-registry.ts';
import { refusedPaths } from '../support/validation-refusal.ts';
import { useStandInPayer } from './stand-in-payer.ts';
import { BILLING, deps, hierarchyLevels, NOW, payer, REQUEST, segmentsOf, submission } from './support.ts';

const standIn = useStandInPayer();

describe('x12-278 transport', () => {
  const x12 = (scenario: string) =>
    createTransport(
      payer({
        transport: 'x12-278',
        endpoint: `${standIn().url}/x12/${scenario}`,
        options: { x12: { receiverId: 'DEMOMA' } },
      }),
      deps(),
    );

  it('builds a 005010X217 request with J9173 and the requested units, and reads the approval', async () => {
    // Prepare
    standIn().received.length = 0;
    // Act
    const result = await x12('approved').submit(submission());
    // Assess: what the payer received
    const received = standIn().received[0]!;
    expect(received.headers['content-type']).toBe('application/EDI-X12');
    expect(received.body.startsWith('ISA*00*')).toBe(true);
    const segments = segmentsOf(received.body);
    expect(segments[0]?.tag).toBe('BHT');
    expect(hierarchyLevels(segments)).toBe('20 21 22 EV SS');
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
    expect(result.artifacts?.[0]?.body).toBe(received.body);
  });

  it.each([
    ['denied', 'denied', true],
    ['contact-payer', 'pended', true],
    ['pended', 'pended', false],
  ])('reads a %s response as %s (immediate decision: %s)', async (scenario, outcome, immediate) => {
    const result = await x12(scenario).submit(submission());
    expect(result.detail).toBe(`x12-278 POST 200: ${outcome}`);
    expect(result.immediateDecision !== undefined).toBe(immediate);
  });

  it('fails with PayerUnavailableError on a 500, then succeeds', async () => {
    standIn().flakyCalls.delete('x12/flaky');
    const transport = x12('flaky');
    await expect(transport.submit(submission())).rejects.toBeInstanceOf(PayerUnavailableError);
    expect((await transport.submit(submission())).immediateDecision?.outcome).toBe('approved');
  });

  it.each([
    ['slow', PayerUnavailableError],
    ['rejected', PayerRejectedError],
  ])('maps the %s payer to %o', async (scenario, errorClass) => {
    await expect(x12(scenario).submit(submission())).rejects.toBeInstanceOf(errorClass);
  });

  it('refuses invalid x12 options, naming the field', () => {
    const act = () =>
      createTransport(
        payer({ transport: 'x12-278', endpoint: standIn().url, options: { x12: { usage: 'X' } } }),
        deps(),
      );
    expect(act).toThrow(ValidationError);
    expect(act).toThrow('invalid x12 options');
  });
});

describe('build278Request', () => {
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

  const build = (input = submission(), usage?: 'P' | 'T') =>
    segmentsOf(
      build278Request(input, {
        senderId: 'SENDER',
        receiverId: 'RECEIVER',
        usage: usage ?? 'P',
        controlNumber: 7,
        createdAt: NOW,
      }),
    );

  it('traces the case with TRN*1 in the patient event (echoed as TRN*2 in the answer)', () => {
    const trn = build().find((s) => s.tag === 'TRN')!;
    expect([trn.valueOf(1), trn.valueOf(2), trn.valueOf(3)]).toEqual(['1', submission().caseId, '9SENDER']);
  });

  it('requests the JW discarded units as a second service, as the PAS Claim does', () => {
    // Prepare
    const billing = {
      ...BILLING,
      wasteModifier: 'JW' as const,
      discardedUnits: 10,
      discardedUnitsRequested: 60,
    };
    // Act
    const segments = build(submission(payer(), { billing }));
    // Assess
    const services = segments.filter((s) => s.tag === 'SV1').map((s) => [s.valueOf(1), s.valueOf(4)]);
    expect(services).toEqual([
      ['HC:J9173', String(BILLING.unitsRequested)],
      ['HC:J9173:JW', '60'],
    ]);
    expect(hierarchyLevels(segments)).toBe('20 21 22 EV SS SS');
  });

  it('refuses an envelope id over 15 characters rather than cutting it', () => {
    const long = {
      senderId: 'SENDER',
      receiverId: 'RECEIVER-0123456',
      usage: 'P' as const,
      controlNumber: 7,
      createdAt: NOW,
    };
    expect(() => build278Request(submission(), long)).toThrow('x12.receiverId');
  });

  it('requests no JW service for a JZ (nothing discarded) request', () => {
    expect(build().filter((s) => s.tag === 'SV1')).toHaveLength(1);
  });
});

describe('x12-278 registry entry', () => {
  const transportFor = (entry: Record<string, unknown>) =>
    createTransport(payer({ transport: 'x12-278', endpoint: 'http://127.0.0.1:9/x12', ...entry }), deps());

  it('sends ISA15 P (production) unless the registry entry says T', async () => {
    const standInPayer = (usage?: 'P' | 'T') =>
      createTransport(
        payer({
          transport: 'x12-278',
          endpoint: `${standIn().url}/x12/approved`,
          x12: { receiverId: 'DEMOMA', ...(usage ? { usage } : {}) },
        }),
        deps(),
      );
    standIn().received.length = 0;
    await standInPayer().submit(submission());
    await standInPayer('T').submit(submission());
    const isa15 = standIn().received.map((r) => r.body.split('*')[15]);
    expect(isa15).toEqual(['P', 'T']);
  });

  it.each([
    ['a receiver id over 15 characters', { x12: { receiverId: 'RECEIVER-0123456' } }, 'x12.receiverId'],
    [
      'a payer id over 15 characters as the default receiver',
      { id: 'payer-with-a-long-id' },
      'x12.receiverId',
    ],
  ])('refuses %s instead of truncating it', (_what, entry, path) => {
    expect(refusedPaths(() => transportFor(entry))).toContain(path);
  });

  it.each([
    ['a receiver id over 15 characters', { id: 'demoma', x12: { receiverId: 'RECEIVER-0123456' } }, false],
    ['a payer id over 15 characters and no receiver id', { id: 'payer-with-a-long-id' }, false],
    [
      'a long payer id with a short receiver id',
      { id: 'payer-with-a-long-id', x12: { receiverId: 'DEMOMA' } },
      true,
    ],
  ])('registry validation: %s (valid: %s)', (_what, entry, valid) => {
    // Prepare
    const base = {
      name: 'Demo',
      planType: 'commercial',
      transport: 'x12-278',
      webhookSecret: `whsec_${'A'.repeat(40)}`,
    };
    // Act
    const parsed = PayerEntry.safeParse({ ...base, endpoint: 'https://payer.example/x12', ...entry });
    // Assess
    expect(parsed.success).toBe(valid);
    if (!parsed.success) expect(parsed.error.issues.map((i) => i.path.join('.'))).toContain('x12.receiverId');
  });

  it('defaults ISA15 usage to P (production) in the registry entry', () => {
    const base = {
      name: 'Demo',
      planType: 'commercial',
      transport: 'x12-278',
      webhookSecret: `whsec_${'A'.repeat(40)}`,
    };
    expect(PayerEntry.parse({ ...base, id: 'demoma', x12: {} }).x12?.usage).toBe('P');
  });
});
