/**
 * How the payer simulator posts one answer: a Standard Webhooks delivery signed with the payer's
 * secret, to this system's webhook route, with a bounded number of attempts and a doubling backoff.
 * DeliverSimulatedAnswer's Task runs it when the answer is due.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import type { PayerConfig } from '#core/ports.ts';
import type { TransportDeps } from './types.ts';

export function webhookUrl(publicUrl: string, payerId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/v1/webhooks/payers/${encodeURIComponent(payerId)}`;
}

export type WebhookPostResult = { delivered: true; status: number } | { delivered: false; reason: string };

export interface WebhookPost {
  payer: PayerConfig;
  webhookId: string;
  body: string;
  deps: TransportDeps;
  attempts: number;
  retryBaseMs: number;
}

/** POSTs the signed body until the receiver takes it (2xx), refuses it for good (410) or attempts run out. */
export async function postSignedWebhook(post: WebhookPost): Promise<WebhookPostResult> {
  const { deps } = post;
  const doFetch = deps.fetch ?? globalThis.fetch;
  const url = webhookUrl(deps.publicUrl, post.payer.id);
  let lastReason = 'not attempted';
  for (let attempt = 0; attempt < post.attempts; attempt += 1) {
    if (attempt > 0) await sleep(post.retryBaseMs * 2 ** (attempt - 1));
    // Standard Webhooks: the timestamp (and so the signature) is that of this attempt.
    const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
    const headers = webhookHeaders({
      id: post.webhookId,
      timestamp,
      body: post.body,
      secret: post.payer.webhookSecret,
    });
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: post.body,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { delivered: true, status: response.status };
      lastReason = `HTTP ${response.status}`;
      // 410 Gone: the receiver disabled this endpoint (Standard Webhooks): stop retrying.
      if (response.status === 410) break;
    } catch (error) {
      lastReason = error instanceof Error ? error.name : 'network error';
    }
  }
  return { delivered: false, reason: lastReason };
}
