/**
 * Fuzzing the payer webhook over HTTP (fast-check), signed correctly so that the fuzz reaches
 * past the signature: malformed JSON, JSON that is not an event, wrong types and odd Unicode at
 * every path of an event, wrong content types, unsigned or badly signed deliveries. The answer is
 * always a 4xx problem+json (or a 2xx where the event happens to be valid), never a 5xx, and a
 * refused delivery writes nothing. The other routes: fuzz.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { decisionWebhook } from '../fixtures/payer-decision.ts';
import { signedHeaders, submittedCase } from './client.ts';
import {
  expectCleanAnswer,
  expectRefused,
  getAt,
  MANUAL_PAYER,
  malformedJson,
  NO_WRITES,
  oddString,
  pathsOf,
  RUNS,
  send,
  setAt,
  withoutWrites,
  wrongFor,
} from './fuzz-support.ts';

describe('fuzzing the payer webhook', () => {
  /** A case that only the refused webhooks name: it must stay as it is. */
  let webhookCaseId: string;
  /** A case that mutated webhooks name: a mutation that is still valid may change it. */
  let mutatedCaseId: string;
  const webhookPath = `/v1/webhooks/payers/${MANUAL_PAYER}`;
  /** A pend as the payer sends it (the one builder of decision webhooks). */
  const event = (about = webhookCaseId) =>
    decisionWebhook(about, 'pended', { payerReference: 'REF-FUZZ' }, '2026-11-20T15:04:05Z');

  beforeAll(async () => {
    [webhookCaseId, mutatedCaseId] = await Promise.all([
      submittedCase(MANUAL_PAYER),
      submittedCase(MANUAL_PAYER),
    ]);
  }, 120_000);

  /** A delivery signed correctly over exactly these bytes: the fuzz reaches past the signature. */
  const signed = (
    bytes: Uint8Array,
    contentType: string | undefined = 'application/json',
  ): { body: Uint8Array; auth: boolean; headers: Record<string, string> } => ({
    body: bytes,
    auth: false,
    headers: {
      ...signedHeaders(MANUAL_PAYER, new TextDecoder().decode(bytes)),
      'content-type': contentType,
    },
  });

  it('refuses signed malformed JSON and JSON that is not an event', async () => {
    const body = fc.oneof(
      malformedJson(event()),
      fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
    );
    await withoutWrites(webhookCaseId, async () => {
      await fc.assert(
        fc.asyncProperty(body, async (bytes) => {
          expectRefused(
            await send('POST', webhookPath, signed(bytes)),
            `webhook ${new TextDecoder().decode(bytes).slice(0, 80)}`,
          );
        }),
        RUNS,
      );
      return NO_WRITES;
    });
  });

  it('answers a wrong type or odd Unicode at any path of a signed event with a 4xx (or a 2xx if valid)', async () => {
    const example = event(mutatedCaseId);
    const paths = pathsOf(example);
    await withoutWrites(webhookCaseId, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.nat(),
          oddString,
          fc.boolean(),
          async (pickPath, pickValue, odd, useOdd) => {
            const path = paths[pickPath % paths.length]!;
            const wrongs = wrongFor(getAt(example, path));
            const replacement = useOdd ? odd : wrongs[pickValue % wrongs.length];
            const raw = JSON.stringify(setAt(example, path, replacement));
            const answer = await send('POST', webhookPath, signed(new TextEncoder().encode(raw)));
            expectCleanAnswer(answer, `webhook ${path.join('.')}=${JSON.stringify(replacement)}`);
          },
        ),
        RUNS,
      );
      return NO_WRITES;
    });
  }, 120_000);

  it('refuses wrong content types and unsigned or badly signed deliveries', async () => {
    const contentType = fc.constantFrom(
      undefined,
      'application/fhir+json',
      'application/x12',
      'text/plain',
      'application/xml',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
    );
    const headerSet = fc.constantFrom('none', 'no-signature', 'bad-signature', 'bad-timestamp', 'odd-id');
    await withoutWrites(webhookCaseId, async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), contentType, headerSet, async (byType, type, headersKind) => {
          const bytes = new TextEncoder().encode(JSON.stringify(event()));
          let delivery = signed(bytes, type);
          if (type === undefined) {
            const { 'content-type': _dropped, ...rest } = delivery.headers;
            delivery = { ...delivery, headers: rest };
          }
          if (!byType) {
            const good = signed(bytes).headers;
            const headers: Record<string, string> =
              headersKind === 'none'
                ? { 'content-type': 'application/json' }
                : headersKind === 'no-signature'
                  ? { ...good, 'webhook-signature': '' }
                  : headersKind === 'bad-signature'
                    ? { ...good, 'webhook-signature': 'v1,AAAA' }
                    : headersKind === 'bad-timestamp'
                      ? { ...good, 'webhook-timestamp': 'yesterday' }
                      : { ...good, 'webhook-id': 'msg odd\u00ff\u00e9 '.repeat(40) };
            delivery = { ...delivery, headers };
          }
          expectRefused(await send('POST', webhookPath, delivery), `webhook ${type} ${headersKind}`);
        }),
        RUNS,
      );
      return NO_WRITES;
    });
  });
});
