/** The payer registry port: the registry file or secret the environment names. */
import { payerRegistry } from '#adapters/payer-registry.ts';

export const registry = payerRegistry;
