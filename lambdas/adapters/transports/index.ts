/**
 * The payer channel: one transport per payer, chosen by the registry's `transport`.
 */
import { ValidationError } from '#core/errors.ts';
import type { PayerConfig, PayerTransport } from '#core/ports.ts';
import { PayerAuth } from '#schemas/payer-registry.ts';
import { createFhirPasTransport } from './fhir-pas.ts';
import { createManualTransport } from './manual.ts';
import { createSimulatorTransport } from './simulator.ts';
import type { HttpPayer, TransportDeps } from './types.ts';
import { createX12_278Transport } from './x12-278.ts';

export { createPayerTokens, type PayerTokens } from './smart-auth.ts';
export type { TransportDeps } from './types.ts';

/** The entry's endpoint and its credentials (the registry's auth, checked again here). */
function withEndpoint(payer: PayerConfig): HttpPayer {
  const { endpoint } = payer;
  if (endpoint === undefined || !URL.canParse(endpoint)) {
    throw new ValidationError(`payer ${payer.id}: transport ${payer.transport} needs an endpoint URL`, [
      { path: 'endpoint', message: `an absolute URL is required for transport ${payer.transport}` },
    ]);
  }
  const auth = PayerAuth.optional().safeParse('auth' in payer ? payer.auth : undefined);
  if (!auth.success) {
    throw new ValidationError(
      `payer ${payer.id}: invalid auth`,
      auth.error.issues.map((i) => ({ path: ['auth', ...i.path].join('.'), message: i.message })),
    );
  }
  return { ...payer, endpoint, auth: auth.data };
}

export function createTransport(payer: PayerConfig, deps: TransportDeps): PayerTransport {
  switch (payer.transport) {
    case 'simulator':
      return createSimulatorTransport(payer, deps);
    case 'manual':
      return createManualTransport();
    case 'fhir-pas':
      return createFhirPasTransport(withEndpoint(payer), deps);
    case 'x12-278':
      return createX12_278Transport(withEndpoint(payer), deps);
    default:
      throw new ValidationError(`payer ${(payer as PayerConfig).id}: unknown transport`, [
        { path: 'transport', message: 'must be simulator, manual, fhir-pas or x12-278' },
      ]);
  }
}
