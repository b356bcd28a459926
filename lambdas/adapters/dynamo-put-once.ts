/**
 * A put that never overwrites: conditional on a new key (attribute_not_exists(pk)). The notes, the
 * audit events, the remittances and the identity records are each written once this way.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientAndName } from './aws-clients.ts';

/** Puts `item` unless its key is taken: true when it was written, false when the key was there already. */
export async function putOnce(
  table: ClientAndName<DynamoDBDocumentClient>,
  item: Record<string, unknown>,
): Promise<boolean> {
  try {
    await table.client.send(
      new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
