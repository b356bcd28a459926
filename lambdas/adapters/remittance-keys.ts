/**
 * The remittance items of the cases table (lib/table-design.ts) and the index that lists an
 * organization's remittances, newest first: shared by the DynamoDB adapter and its in-memory twin
 * so both lay out, order and page them the same way.
 */
import { ValidationError } from '#core/errors.ts';
import { organizationOf } from '#core/identity/tenancy.ts';
import type { RemittanceRecord } from '#core/remittance/records.ts';
import type { RemittanceListQuery } from '#core/remittance/store.ts';
import { decodeToken, encodeToken, type Item } from './case-keys.ts';

export const remittancePk = (remittanceId: string) => `REMIT#${remittanceId}`;

/** The list index: byDue's gsi3, in a partition of the organization's remittances. */
export const REMITTANCE_LIST = { index: 'byDue', pkName: 'gsi3pk', skName: 'gsi3sk' } as const;
export const remittanceListPk = (organizationId: string) => `ORG#${organizationId}#REMITTANCES`;

/** The remittance's head item, on its organization's list (sk = receivedAt#remittanceId). */
export function remittanceItem(record: RemittanceRecord): Item {
  return {
    pk: remittancePk(record.remittanceId),
    sk: 'REMIT',
    ...record,
    gsi3pk: remittanceListPk(organizationOf(record)),
    gsi3sk: `${record.receivedAt}#${record.remittanceId}`,
  };
}

/** The page token of the list: the keys of the last item given. */
export function remittanceListToken(last: Item | undefined): string | null {
  if (!last) return null;
  const { pk, sk, gsi3pk, gsi3sk } = last;
  return encodeToken({ pk, sk, gsi3pk, gsi3sk });
}

/** The start key a token stands for, when it is a token of this very query; else a 400 naming nextToken. */
export function remittanceListStart(q: RemittanceListQuery): Item | undefined {
  if (q.nextToken === undefined) return undefined;
  let key: Item | undefined;
  try {
    key = decodeToken(q.nextToken);
  } catch {
    key = undefined;
  }
  const names = key ? Object.keys(key).sort().join(',') : '';
  const valid =
    key !== undefined &&
    names === 'gsi3pk,gsi3sk,pk,sk' &&
    key.gsi3pk === remittanceListPk(q.organizationId) &&
    key.sk === 'REMIT' &&
    typeof key.pk === 'string' &&
    key.pk.startsWith('REMIT#') &&
    typeof key.gsi3sk === 'string';
  if (!valid)
    throw new ValidationError('invalid remittance query', [
      { path: 'nextToken', message: 'not a token this API gave out for this query' },
    ]);
  return key;
}
