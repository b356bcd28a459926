/**
 * The webhook floor: the essential work of any receiver of signed payer webhooks, and nothing
 * more. A bare node:http server in the bench process that, per request, reads the body, checks its
 * Standard Webhooks signature once with the payer's secret (the product's own verifyWebhook), and
 * writes the event once: one conditional PutItem (`attribute_not_exists(pk)`) of an event item as
 * large as the system's (a receipt the system stored, with the pending-index keys), to the same
 * DynamoDB Local; a redelivery fails the condition and is answered as a duplicate. No registry,
 * no case lookup, no workflow start, no Lambda event: what the product adds on top is its cost.
 * It stays up across the bench's rounds: started before the warm-up (when no receipt of the
 * system exists yet, the item written is the event's body alone: the warm-up's, not counted), then
 * given the system's receipts (`useItems`) before its first counted round.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AttributeValue, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { verifyWebhook } from '#core/payer/webhook-signature.ts';
import type { LocalCredentials } from '../lib/local/credentials.ts';
import { localDynamoDbClient } from '../lib/local/dynamodb.ts';
import { LOCAL_HOST } from '../lib/local/network.ts';
import { LOCAL_TABLE_NAME } from '../lib/table-design.ts';

export const FLOOR_WHAT =
  'HTTP POST to a bare node:http server: one signature check + one conditional PutItem of an event item of the same size, same DynamoDB Local';

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
  secret: string;
  items?: readonly Item[];
}): Promise<FloorReceiver> {
  const db = localDynamoDbClient(options.endpoint, options.credentials);
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
