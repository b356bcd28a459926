/**
 * Where the payer registry comes from: on AWS a Secrets Manager secret (it holds the webhook
 * secrets), locally PA_PAYERS_FILE, and in demo mode (the local stack, `npm start`, off the Lambda
 * runtime) the built-in demo registry. Never a silent fallback to the demo registry's committed
 * secrets on AWS: a registry that is missing or empty there answers 503 saying so.
 */
import { readFileSync, statSync } from 'node:fs';
import { AppError } from '#core/errors.ts';
import type { PayerConfig, PayerRegistry } from '#core/ports.ts';
import { PayerRegistryFile } from '#schemas/payer-registry.ts';
import { secretString } from './aws-clients.ts';
import demoPayers from './demo-payers.json' with { type: 'json' };

/** No payer registry to look payers up in: 503 problem+json that says so (not a 500). */
export class RegistryNotConfiguredError extends AppError {
  override name = 'RegistryNotConfiguredError';
  constructor(reason: string) {
    super(`the payer registry is ${reason}: fill it as the README says`, {
      statusCode: 503,
      type: 'registry-not-configured',
    });
  }
}

/** Every lookup says the registry is missing; listing gives no payer. */
function unconfiguredRegistry(reason: string): PayerRegistry {
  return {
    get: async () => {
      throw new RegistryNotConfiguredError(reason);
    },
    list: async () => [],
  };
}

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

/** How often a registry file's change (`pa rotate webhook-secret`) is looked for. */
export const REGISTRY_FILE_CHECK_MS = 1_000;

/**
 * The registry of a file (the local stack's PA_PAYERS_FILE), read again when the file changes
 * (checked at most once per REGISTRY_FILE_CHECK_MS): a rotated webhook secret needs no restart.
 */
export function fileRegistry(path: string, checkEveryMs = REGISTRY_FILE_CHECK_MS): PayerRegistry {
  let loaded = {
    version: versionOf(path),
    checkedAt: Date.now(),
    registry: registryFromEntries(loadRegistryFile(path)),
  };
  const current = (): PayerRegistry => {
    if (Date.now() - loaded.checkedAt < checkEveryMs) return loaded.registry;
    const version = versionOf(path);
    loaded =
      version === loaded.version
        ? { ...loaded, checkedAt: Date.now() }
        : { version, checkedAt: Date.now(), registry: registryFromEntries(loadRegistryFile(path)) };
    return loaded.registry;
  };
  return { get: async (id) => current().get(id), list: async () => current().list() };
}

function versionOf(path: string): string {
  const { mtimeMs, size, ino } = statSync(path);
  return `${mtimeMs}:${size}:${ino}`;
}

/** The registry a payers secret holds; an empty one answers 503 instead of knowing no payer. */
export function registryFromSecretText(text: string): PayerRegistry {
  const json: unknown = text.trim() === '' ? [] : JSON.parse(text);
  // A fresh deploy's secret is `[]`.
  if (Array.isArray(json) && json.length === 0) {
    return unconfiguredRegistry('empty (the payers secret holds no payer)');
  }
  return registryFromEntries(parseRegistry(json, 'secret'));
}

function secretRegistry(secretArn: string): PayerRegistry {
  let parsed: { text: string; registry: PayerRegistry } | undefined;
  const load = async (): Promise<PayerRegistry> => {
    const text = (await secretString(secretArn)) ?? '[]';
    if (parsed?.text !== text) parsed = { text, registry: registryFromSecretText(text) };
    return parsed.registry;
  };
  return { get: async (id) => (await load()).get(id), list: async () => (await load()).list() };
}

/** Demo mode: off the Lambda runtime (whose runtime sets AWS_EXECUTION_ENV), i.e. the local stack. */
function isDemoMode(env: NodeJS.ProcessEnv): boolean {
  return !(env.AWS_EXECUTION_ENV ?? '').startsWith('AWS_Lambda_');
}

/** The registry the environment names; the demo registry only in demo mode. */
export function registryFor(env: NodeJS.ProcessEnv): PayerRegistry {
  const secretArn = env.PAYERS_SECRET_ARN;
  const file = env.PA_PAYERS_FILE;
  if (secretArn) return secretRegistry(secretArn);
  if (file) return fileRegistry(file);
  if (isDemoMode(env)) return registryFromEntries(parseRegistry(demoPayers, 'built-in demo registry'));
  return unconfiguredRegistry('not configured (PAYERS_SECRET_ARN is not set)');
}

let shared: PayerRegistry | undefined;

export function payerRegistry(): PayerRegistry {
  shared ??= registryFor(process.env);
  return shared;
}
