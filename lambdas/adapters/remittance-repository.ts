/**
 * The RemittanceStore port on DynamoDB, in the cases table (lib/table-design.ts):
 *   REMIT#<remittanceId> / REMIT                 the remittance, put once (its id is payer + trace)
 *   REMIT#<remittanceId> / CLAIM#<seq>           one CLP's record, in file order
 *   CASE#<caseId> / PAYMENT#<claimId>#<remittanceId>#<seq>   a matched claim's payment, under its case
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '#core/errors.ts';
import {
  type ClaimPayment,
  claimPayment,
  type RemittanceClaimRecord,
  type RemittanceRecord,
} from '#core/remittance/records.ts';
import {
  type ClaimsPage,
  pageOf,
  type RemittanceClaims,
  type RemittanceStore,
} from '#core/remittance/store.ts';
import { type ClientAndName, dynamoClient, fromEnvironment } from './aws-clients.ts';
import { casePk, type Item, stripKeys } from './case-keys.ts';
import { putOnce } from './dynamo-put-once.ts';
import {
  REMITTANCE_LIST,
  remittanceItem,
  remittanceListPk,
  remittanceListStart,
  remittanceListToken,
  remittancePk,
} from './remittance-keys.ts';

const envTable = fromEnvironment(dynamoClient, 'TABLE_NAME');

const claimSk = (seq: number) => `CLAIM#${String(seq).padStart(6, '0')}`;
const paymentSk = (p: ClaimPayment) =>
  `PAYMENT#${p.claimId}#${p.remittanceId}#${String(p.seq).padStart(6, '0')}`;

export function dynamoRemittanceStore(
  table: ClientAndName<DynamoDBDocumentClient> = envTable,
): RemittanceStore {
  const query = async (input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> => {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const out = await table.client.send(
        new QueryCommand({ TableName: table.name, ConsistentRead: true, ...input, ExclusiveStartKey }),
      );
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };
  const getRemittance = async (remittanceId: string) => {
    const out = await table.client.send(
      new GetCommand({
        TableName: table.name,
        Key: { pk: remittancePk(remittanceId), sk: 'REMIT' },
        ConsistentRead: true,
      }),
    );
    return out.Item ? stripKeys<RemittanceRecord>(out.Item) : undefined;
  };

  /** One page by Query: Limit limit + 1 (the one more says more follow), from the claim after `afterSeq`. */
  const claimsPage = async (
    remittanceId: string,
    page: ClaimsPage,
  ): Promise<RemittanceClaims | undefined> => {
    const remittance = await getRemittance(remittanceId);
    if (!remittance) return undefined;
    const pk = remittancePk(remittanceId);
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined =
      page.afterSeq === undefined ? undefined : { pk, sk: claimSk(page.afterSeq) };
    do {
      const out = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          ConsistentRead: true,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :claim)',
          ExpressionAttributeValues: { ':pk': pk, ':claim': 'CLAIM#' },
          Limit: page.limit + 1 - items.length,
          ExclusiveStartKey,
        }),
      );
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length <= page.limit);
    return {
      remittance,
      ...pageOf(
        items.map((i) => stripKeys<RemittanceClaimRecord>(i)),
        page.limit,
      ),
    };
  };

  return {
    async begin(record) {
      if (await putOnce(table, remittanceItem(record))) return { created: true, record };
      const stored = await getRemittance(record.remittanceId);
      if (!stored) throw new Error(`remittance ${record.remittanceId} exists but could not be read`);
      return { created: false, record: stored };
    },

    async putClaim(record) {
      const claim = { pk: remittancePk(record.remittanceId), sk: claimSk(record.seq), ...record };
      const payment = claimPayment(record);
      if (!payment) {
        await table.client.send(new PutCommand({ TableName: table.name, Item: claim }));
        return;
      }
      await table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table.name, Item: claim } },
            {
              Put: {
                TableName: table.name,
                Item: { pk: casePk(payment.caseId), sk: paymentSk(payment), ...payment },
              },
            },
          ],
        }),
      );
    },

    async complete(remittanceId, summary) {
      // A Put of the whole record (the api and inbox functions are granted Put, not Update).
      const stored = await getRemittance(remittanceId);
      if (!stored) throw new NotFoundError(`remittance ${remittanceId} not found`);
      const next: RemittanceRecord = { ...stored, ...summary, state: 'complete' };
      await table.client.send(
        new PutCommand({
          TableName: table.name,
          Item: remittanceItem(next),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return next;
    },

    async get(remittanceId, page) {
      if (page) return claimsPage(remittanceId, page);
      const items = await query({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': remittancePk(remittanceId) },
      });
      const head = items.find((i) => i.sk === 'REMIT');
      if (!head) return undefined;
      const claims = items
        .filter((i) => String(i.sk).startsWith('CLAIM#'))
        .map((i) => stripKeys<RemittanceClaimRecord>(i));
      return { remittance: stripKeys<RemittanceRecord>(head), claims };
    },

    async list(q) {
      const { index, pkName } = REMITTANCE_LIST;
      const out = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: index,
          KeyConditionExpression: `${pkName} = :pk`,
          ExpressionAttributeValues: { ':pk': remittanceListPk(q.organizationId) },
          ScanIndexForward: false,
          Limit: q.limit,
          ExclusiveStartKey: remittanceListStart(q),
        }),
      );
      return {
        items: (out.Items ?? []).map((i) => stripKeys<RemittanceRecord>(i)),
        nextToken: remittanceListToken(out.LastEvaluatedKey),
      };
    },

    async claimPayments(caseId) {
      const items = await query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :payment)',
        ExpressionAttributeValues: { ':pk': casePk(caseId), ':payment': 'PAYMENT#' },
      });
      return items.map((i) => stripKeys<ClaimPayment>(i));
    },
  };
}
