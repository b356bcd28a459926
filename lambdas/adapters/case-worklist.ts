/**
 * The reads of the cases table that Query a partition or a worklist index (GSI), never a scan.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '#core/case/case-record.ts';
import { type Administration, byAdministeredAt } from '#core/course/administration.ts';
import type { CaseStatus } from '#core/model.ts';
import type { PendingEvent, WorklistQuery } from '#core/ports.ts';
import {
  casePk,
  encodeToken,
  type Item,
  PENDING_EVENT_INDEX_KEY,
  pendingEventOf,
  stripKeys,
  worklistFilter,
  worklistIndex,
  worklistStartKey,
} from './case-keys.ts';
import type { DynamoTable } from './case-repository.ts';

export function caseQueries(table: DynamoTable) {
  /** Pages of a Query until `enough` says so or the index ends; answers the last key read. */
  async function pages(
    input: Omit<QueryCommandInput, 'TableName'>,
    onItem: (item: Item) => void,
    pageLimit: () => number | undefined,
    startKey?: Item,
  ): Promise<Item | undefined> {
    let key = startKey;
    do {
      const limit = pageLimit();
      const out = await table.client.send(
        new QueryCommand({
          ...input,
          TableName: table.name,
          ExclusiveStartKey: key,
          ...(limit === undefined ? {} : { Limit: limit }),
        }),
      );
      for (const item of out.Items ?? []) onItem(item);
      key = out.LastEvaluatedKey;
    } while (key && (pageLimit() ?? 1) > 0);
    return key;
  }

  return {
    /** Every item of a partition (a case with its history and claims), consistently read. */
    async partition(pk: string): Promise<Item[]> {
      const items: Item[] = [];
      await pages(
        {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        },
        (item) => items.push(item),
        () => undefined,
      );
      return items;
    },

    /** The administrations of a case (ADMIN# items of its partition), oldest first. */
    async administrations(caseId: string): Promise<Administration[]> {
      const items: Administration[] = [];
      await pages(
        {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :admin)',
          ExpressionAttributeValues: { ':pk': casePk(caseId), ':admin': 'ADMIN#' },
          ConsistentRead: true,
        },
        (item) => items.push(stripKeys<Administration>(item)),
        () => undefined,
      );
      return items.sort(byAdministeredAt);
    },

    /** The worklist from a GSI, most urgent deadline first. */
    async queryWorklist(q: WorklistQuery): Promise<{ items: CaseRecord[]; nextToken: string | null }> {
      const { index, pkName, skName, pkValue } = worklistIndex(q);
      const filter = worklistFilter(q);
      const values: Item = { ':pk': pkValue, ...filter.values };
      let condition = `${pkName} = :pk`;
      if (q.dueBefore) {
        condition += ` AND ${skName} < :due`;
        values[':due'] = q.dueBefore;
      }
      const items: CaseRecord[] = [];
      // A filter can thin a page: read on until the page is full or the index ends.
      const last = await pages(
        {
          IndexName: index,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: values,
          ...(filter.expression ? { FilterExpression: filter.expression } : {}),
          ...(filter.names ? { ExpressionAttributeNames: filter.names } : {}),
        },
        (item) => items.push(stripKeys<CaseRecord>(item)),
        () => q.limit - items.length,
        worklistStartKey(q),
      );
      return { items, nextToken: encodeToken(last) };
    },

    /**
     * Cases in a status of every organization, oldest deadline first: for the sweep and the
     * re-drive only (the system index byStatusAll; no API route reads it).
     */
    async listCasesByStatus(status: CaseStatus, limit = 500): Promise<CaseRecord[]> {
      const out: CaseRecord[] = [];
      await pages(
        {
          IndexName: 'byStatusAll',
          KeyConditionExpression: 'gsi5pk = :pk',
          ExpressionAttributeValues: { ':pk': `STATUS#${status}` },
        },
        (item) => out.push(stripKeys<CaseRecord>(item)),
        () => Math.min(100, limit - out.length),
      );
      return out;
    },

    /** Payer events stored but not yet applied, oldest first (one page). */
    async listPendingEvents(limit = 200): Promise<PendingEvent[]> {
      const out = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': PENDING_EVENT_INDEX_KEY },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(pendingEventOf);
    },
  };
}
