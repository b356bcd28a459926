/**
 * A webhook flood far past the API's bound on requests in flight (64): the answers are only 2xx,
 * 429 or 503, never 500; every event that got a 2xx is handled exactly once, and the refused ones,
 * sent again as a payer would (honouring Retry-After), are handled once too. No event is lost.
 *
 * Each of 40 cases gets two events (a pend, then a final decision), each delivered 4 times, all
 * 320 requests at once and in shuffled order.
 */
import { describe, expect, it } from 'vitest';
import {
  decision,
  doubled,
  inBatches,
  manualPayerStack,
  type Observed,
  submittedCases,
  untilAccepted,
} from './support.ts';

const CASES = 40;
const COPIES = 4;

interface Delivery {
  caseId: string;
  webhookId: string;
  payload: unknown;
  final: 'approved' | 'denied';
}

/** Fisher-Yates with a fixed seed: the order is shuffled, and the same on every run. */
function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every history entry of a payer event (applied, stale or refused), by event id. */
function handledTimes(c: any, eventId: string): number {
  return c.history.filter(
    (h: any) => h.eventId === eventId && String(h.event).startsWith('prior_auth.decision'),
  ).length;
}

describe('a webhook flood past capacity', () => {
  const bound = manualPayerStack();

  it('degrades to 429/503, never 500, and loses no event', async () => {
    // Prepare: 40 cases awaiting a decision; per case a pend and, a minute later, the decision.
    const { client } = bound;
    const caseIds = await submittedCases(client, CASES);
    const events: Delivery[] = caseIds.flatMap((caseId, i) => {
      const final = i % 2 === 0 ? ('approved' as const) : ('denied' as const);
      const pend = decision(caseId, 'pended', '2026-11-20T10:00:00Z');
      return [
        { caseId, webhookId: `msg_flood_${i}_pend`, payload: pend, final },
        {
          caseId,
          webhookId: `msg_flood_${i}_final`,
          payload: decision(caseId, final, '2026-11-20T10:01:00Z'),
          final,
        },
      ];
    });
    const flood = shuffled(events.flatMap((e) => Array.from({ length: COPIES }, () => e)));

    // Act: all at once; then the refused ones again, honouring Retry-After, until each got a 2xx.
    const first = await Promise.all(
      flood.map(async (e) => ({
        e,
        reply: await client.postWebhook('manual-payer', e.payload, e.webhookId),
      })),
    );
    const acceptedFirst = new Map<string, string>();
    for (const { e, reply } of first)
      if (reply.status < 300) acceptedFirst.set(e.webhookId, reply.body.eventId);
    const refused = events.filter((e) => !acceptedFirst.has(e.webhookId));
    const later: Observed[] = [];
    const eventIds = new Map(acceptedFirst);
    await inBatches(refused, 8, async (e) => {
      const send = () => client.postWebhook('manual-payer', e.payload, e.webhookId);
      const reply = await untilAccepted(send, later, { busy429: true });
      eventIds.set(e.webhookId, reply.body.eventId);
    });

    // Assess: only 2xx, 429 or 503, each refusal a problem+json with Retry-After.
    const replies: Observed[] = [
      ...first.map(({ reply: r }) => ({ ...r, retryAfter: r.headers.get('retry-after'), ms: 0 })),
      ...later,
    ];
    const statuses = new Set(replies.map((r) => r.status));
    expect([...statuses].filter((s) => ![200, 202, 429, 503].includes(s))).toEqual([]);
    expect(first.some((f) => f.reply.status === 503 || f.reply.status === 429)).toBe(true);
    for (const r of replies.filter((x) => x.status >= 400)) {
      expect(r.contentType).toContain('application/problem+json');
      expect(r.retryAfter).toMatch(/^\d+$/);
    }
    expect(eventIds.size).toBe(events.length);

    // ...and every event handled exactly once; each case ends on its final decision.
    const finals = await client.waitForAll(
      caseIds,
      (c) =>
        events
          .filter((e) => e.caseId === c.caseId)
          .every((e) => handledTimes(c, eventIds.get(e.webhookId)!) > 0) &&
        ['APPROVED', 'APPEAL_READY'].includes(c.status),
      120_000,
    );
    for (const c of finals) {
      const mine = events.filter((e) => e.caseId === c.caseId);
      for (const e of mine) expect(handledTimes(c, eventIds.get(e.webhookId)!)).toBe(1);
      expect(c.status).toBe(mine[0]!.final === 'approved' ? 'APPROVED' : 'APPEAL_READY');
      expect(doubled(c)).toEqual([]);
    }
  }, 300_000);
});
