import { describe, expect, it } from 'vitest';
import { createTransport } from '#adapters/transports/index.ts';
import { ValidationError } from '#core/errors.ts';
import type { PayerConfig } from '#core/ports.ts';
import { deps, payer, submission } from './support.ts';

describe('createTransport', () => {
  it('gives a manual transport that sends nothing', async () => {
    const result = await createTransport(payer({ transport: 'manual' }), deps()).submit(submission());
    expect(result).toEqual({ payerReference: null, detail: 'manual: awaiting payer decision by webhook' });
  });

  it.each(['fhir-pas', 'x12-278'] as const)('refuses a %s payer without an endpoint', (transport) => {
    expect(() => createTransport(payer({ transport }), deps())).toThrow(ValidationError);
  });

  it.each(['fhir-pas', 'x12-278'] as const)('refuses a %s payer whose endpoint is not a URL', (transport) => {
    expect(() => createTransport(payer({ transport, endpoint: 'payer.example' }), deps())).toThrow(
      'needs an endpoint URL',
    );
  });

  it('refuses an unknown transport', () => {
    const unknown = { ...payer(), transport: 'carrier-pigeon' } as unknown as PayerConfig;
    expect(() => createTransport(unknown, deps())).toThrow(ValidationError);
  });

  it('refuses invalid simulator options, naming the field', () => {
    const act = () => createTransport(payer({ options: { simulator: { outcome: 'maybe' } } }), deps());
    expect(act).toThrow(ValidationError);
  });
});
