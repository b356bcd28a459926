/** The payer registry `pa` signs webhooks with, and sending a webhook as that payer would. */
import { randomUUID } from 'node:crypto';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { PayerRegistryFile } from '#schemas/payer-registry.ts';
import demoPayers from '../../lambdas/adapters/demo-payers.json' with { type: 'json' };
import { type Connection, readJsonFile } from './config.ts';
import { CliError, EXIT } from './errors.ts';
import { call, type Reply } from './http.ts';

export interface PayerEntry {
  id: string;
  name: string;
  planType: string;
  transport: string;
  webhookSecret: string;
}

export function loadPayers(env: NodeJS.ProcessEnv = process.env): PayerEntry[] {
  const file = env.PA_PAYERS_FILE;
  const json = file ? readJsonFile(file) : demoPayers;
  const parsed = PayerRegistryFile.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CliError(
      `payer registry ${file ?? '(built-in demo)'} is invalid at [${first?.path.join('.')}]: ${first?.message}`,
      EXIT.usage,
    );
  }
  return parsed.data;
}

export function payerById(id: string): PayerEntry {
  const payer = loadPayers().find((p) => p.id === id);
  if (!payer) {
    throw new CliError(
      `payer ${id} is not in ${process.env.PA_PAYERS_FILE ?? 'the built-in demo registry'} (set PA_PAYERS_FILE)`,
      EXIT.notFound,
    );
  }
  return payer;
}

export async function sendWebhook(
  conn: Connection,
  payer: PayerEntry,
  payload: unknown,
  id = `msg_${randomUUID()}`,
): Promise<Reply> {
  const raw = JSON.stringify(payload);
  const headers = webhookHeaders({
    id,
    timestamp: Math.floor(Date.now() / 1000),
    body: raw,
    secret: payer.webhookSecret,
  });
  return call(conn, 'POST', `/v1/webhooks/payers/${encodeURIComponent(payer.id)}`, {
    raw,
    headers,
    auth: false,
  });
}
