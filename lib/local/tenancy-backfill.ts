/**
 * A local data dir made before tenancy holds cases and remittances keyed without organization:
 * their worklist keys (STATUS#..., PAYER#..., WORKLIST#0) name no organization and they lack the
 * sweep's byStatusAll key and the remittance list's key. When ensureCasesTable has just added the
 * tenancy indexes, each such item is written again with the keys of lambdas/adapters (its
 * organization: `default`), so the old cases stay in the worklist and the sweep, and the old
 * remittances in the list. Local only: on AWS there is no data from before tenancy to carry.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { caseItem, type Item, stripKeys } from '../../lambdas/adapters/case-keys.ts';
import { remittanceItem } from '../../lambdas/adapters/remittance-keys.ts';
import type { CaseRecord } from '../../lambdas/core/case/case-record.ts';
import type { RemittanceRecord } from '../../lambdas/core/remittance/records.ts';

/** The item with the keys tenancy gives it and the key whose absence marks it old, or undefined. */
function rekeyed(item: Item): { next: Item; missing: string } | undefined {
  if (item.sk === 'CASE' && item.gsi5pk === undefined)
    return { next: caseItem(stripKeys<CaseRecord>(item)), missing: 'gsi5pk' };
  if (item.sk === 'REMIT' && item.gsi3pk === undefined)
    return { next: remittanceItem(stripKeys<RemittanceRecord>(item)), missing: 'gsi3pk' };
  return undefined;
}

/** Writes again every case and remittance item stored before tenancy; answers how many. */
export async function backfillTenancyKeys(client: DynamoDBClient, tableName: string): Promise<number> {
  const documents = DynamoDBDocumentClient.from(client);
  let written = 0;
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk IN (:case, :remit)',
        ExpressionAttributeValues: { ':case': 'CASE', ':remit': 'REMIT' },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const rekey = rekeyed(item);
      if (!rekey) continue;
      // Only an item still without the key is replaced: a change made since (which keys it) wins.
      try {
        await documents.send(
          new PutCommand({
            TableName: tableName,
            Item: rekey.next,
            ConditionExpression: `attribute_not_exists(${rekey.missing})`,
          }),
        );
        written += 1;
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return written;
}
