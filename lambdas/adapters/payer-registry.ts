/**
 * Where the payer registry comes from: on AWS a Secrets Manager secret (it holds the webhook
 * secrets), locally PA_PAYERS_FILE, and otherwise the built-in demo registry.
 */
import { readFileSync } from 'node:fs';
import type { PayerConfig, PayerRegistry } from '#core/ports.ts';
import { PayerRegistryFile } from '#schemas/payer-registry.ts';
import { secretString } from './aws-clients.ts';
import demoPayers from './demo-payers.json' with { type: 'json' };

function parseRegistry(json: unknown, source: string): PayerConfig[] {
  const parsed = PayerRegistryFile.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`payer registry ${source} is invalid at [${first?.path.join('.')}]: ${first?.message}`);
  }
  return parsed.data as PayerConfig[];
}

export function registryFromEntries(entries: PayerConfig[]): PayerRegistry {
  const byId = new Map(entries.map((p) => [p.id, p]));
  return {
    get: async (id) => byId.get(id),
    list: async () => [...byId.values()],
  };
}

export function loadRegistryFile(path: string): PayerConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new Error(`cannot read the payer registry file ${path}`, { cause });
  }
  return parseRegistry(json, path);
}

function secretRegistry(secretArn: string): PayerRegistry {
  let parsed: { text: string; registry: PayerRegistry } | undefined;
  const load = async (): Promise<PayerRegistry> => {
    const text = (await secretString(secretArn)) ?? '[]';
    if (parsed?.text !== text) {
      parsed = { text, registry: registryFromEntries(parseRegistry(JSON.parse(text), 'secret')) };
    }
    return parsed.registry;
  };
  return { get: async (id) => (await load()).get(id), list: async () => (await load()).list() };
}

let shared: PayerRegistry | undefined;

export function payerRegistry(): PayerRegistry {
  if (shared) return shared;
  const secretArn = process.env.PAYERS_SECRET_ARN;
  const file = process.env.PA_PAYERS_FILE;
  if (secretArn) shared = secretRegistry(secretArn);
  else if (file) shared = registryFromEntries(loadRegistryFile(file));
  else shared = registryFromEntries(parseRegistry(demoPayers, 'built-in demo registry'));
  return shared;
}
