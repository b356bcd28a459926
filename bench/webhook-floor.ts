/**
 * The webhook floor: the essential work of any receiver of signed payer webhooks for this
 * contract, and nothing more. A bare node:http server in the bench process that, per request,
 * reads the body, checks its Standard Webhooks signature once with the payer's secret (the
 * product's own verifyWebhook), reads the event's case id from the body (JSON.parse), refuses an
 * event of a case that is not the signing payer's (404, nothing stored: a payer changes its own
 * cases only, so a receiver must know each case's payer; read once per case with one GetItem of
 * the case's payer id, and kept, since a case's payer never changes), and writes the event once:
 * one conditional PutItem (`attribute_not_exists(pk)`) of an event item as large as the system's
 * (a receipt the system stored, with the pending-index keys), to the same DynamoDB Local; a
 * redelivery fails the condition and is answered as a duplicate. No registry, no schema, no
 * workflow start, no Lambda event: what the product adds on top is its cost. (Until the run of
 * 2026-11-30T21:34Z the floor did not read the case's payer: it stored every signed event, another
 * payer's case's too, so the check the product must make on a case's first update counted as its
 * overhead.)
 * It stays up across the bench's rounds: started before the warm-up (when no receipt of the
 * system exists yet, the item written is the event's body alone: the warm-up's, not counted), then
 * given the system's receipts (`useItems`) before its first counted round.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AttributeValue, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { casePk } from '#adapters/case-keys.ts';
import { verifyWebhook } from '#core/payer/webhook-signature.ts';
import type { LocalCredentials } from '../lib/local/credentials.ts';
import { localDynamoDbClient } from '../lib/local/dynamodb.ts';
import { LOCAL_HOST } from '../lib/local/network.ts';
import { LOCAL_TABLE_NAME } from '../lib/table-design.ts';

export const FLOOR_WHAT =
  "HTTP POST to a bare node:http server: one signature check, the case's payer (one GetItem, once per case), one conditional PutItem of an event item of the same size, same DynamoDB Local";

export interface FloorReceiver {
  readonly url: string;
  /** From now on, write these event items (receipts the system stored), one after another. */
  useItems(items: readonly Item[]): void;
  stop(): Promise<void>;
}

type Item = Record<string, AttributeValue>;

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/**
 * The floor receiver on a free loopback port; `items` are event items of the system's run (until
 * there are some, see `useItems`, each write is of the event's body alone).
 */
export async function startFloorReceiver(options: {
  endpoint: string;
  credentials: LocalCredentials;
  /** The payer whose secret signs: an event of another payer's case is refused. */
  payerId: string;
  secret: string;
  items?: readonly Item[];
}): Promise<FloorReceiver> {
  const db = localDynamoDbClient(options.endpoint, options.credentials);
  const payerOfCase = new Map<string, string>();
  /** The case's payer id, read once (a case's payer never changes); undefined for no such case. */
  const payerOf = async (caseId: string): Promise<string | undefined> => {
    const known = payerOfCase.get(caseId);
    if (known !== undefined) return known;
    const out = await db.send(
      new GetItemCommand({
        TableName: LOCAL_TABLE_NAME,
        Key: { pk: { S: casePk(caseId) }, sk: { S: 'CASE' } },
        ProjectionExpression: '#payer.#id',
        ExpressionAttributeNames: { '#payer': 'payer', '#id': 'id' },
        ConsistentRead: true,
      }),
    );
    const payerId = out.Item?.payer?.M?.id?.S;
    if (payerId !== undefined) payerOfCase.set(caseId, payerId);
    return payerId;
  };
  let items: readonly Item[] = options.items ?? [];
  let k = 0;
  const server = createServer((request, response) => {
    const answer = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    void (async () => {
      const rawBody = await bodyOf(request);
      let webhookId: string;
      try {
        ({ webhookId } = verifyWebhook({
          headers: headersOf(request),
          rawBody,
          secret: options.secret,
          now: new Date(),
        }));
      } catch {
        return answer(401, { title: 'Unauthorized' });
      }
      let caseId: unknown;
      try {
        caseId = (JSON.parse(rawBody.toString('utf8')) as { data?: { caseId?: unknown } }).data?.caseId;
      } catch {
        return answer(400, { title: 'Bad Request' });
      }
      if (typeof caseId !== 'string') return answer(400, { title: 'Bad Request' });
      if ((await payerOf(caseId)) !== options.payerId) return answer(404, { title: 'Not Found' });
      const item = items.length > 0 ? items[k++ % items.length]! : { raw: { S: rawBody.toString() } };
      const receivedAt = new Date().toISOString();
      try {
        await db.send(
          new PutItemCommand({
            TableName: LOCAL_TABLE_NAME,
            Item: {
              ...item,
              pk: { S: `FLOOR#${webhookId}` },
              // Not the product's RECEIPT: its table's stream hands those to the product.
              sk: { S: 'FLOOR_RECEIPT' },
              gsi1pk: { S: 'FLOOR_PENDING_EVENT' },
              gsi1sk: { S: `${receivedAt}#${webhookId}` },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return answer(202, { duplicate: false, received: true });
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        return answer(200, { duplicate: true });
      }
    })().catch(() => answer(500, { title: 'Internal Server Error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, LOCAL_HOST, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOCAL_HOST}:${port}`,
    useItems(next) {
      if (next.length === 0) throw new Error('the floor needs at least one event item');
      items = next;
      k = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.destroy();
    },
  };
}
