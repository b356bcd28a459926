/** The RemittanceStore in maps: the twin of adapters/remittance-repository.ts (same contract suite). */
import { NotFoundError } from '#core/errors.ts';
import {
  type ClaimPayment,
  claimPayment,
  type RemittanceClaimRecord,
  type RemittanceRecord,
} from '#core/remittance/records.ts';
import { pageOf, type RemittanceStore } from '#core/remittance/store.ts';
import { stripKeys } from '../case-keys.ts';
import {
  REMITTANCE_LIST,
  remittanceItem,
  remittanceListPk,
  remittanceListStart,
  remittanceListToken,
} from '../remittance-keys.ts';

export interface InMemoryRemittanceStore extends RemittanceStore {
  readonly remittances: Map<string, RemittanceRecord>;
}

const copy = <T>(value: T): T => structuredClone(value);

export function inMemoryRemittanceStore(): InMemoryRemittanceStore {
  const remittances = new Map<string, RemittanceRecord>();
  const claims = new Map<string, Map<number, RemittanceClaimRecord>>();
  const payments = new Map<string, Map<string, ClaimPayment>>();
  return {
    remittances,
    async begin(record) {
      const stored = remittances.get(record.remittanceId);
      if (stored) return { created: false, record: copy(stored) };
      remittances.set(record.remittanceId, copy(record));
      return { created: true, record: copy(record) };
    },
    async putClaim(record) {
      const ofRemittance = claims.get(record.remittanceId) ?? new Map<number, RemittanceClaimRecord>();
      ofRemittance.set(record.seq, copy(record));
      claims.set(record.remittanceId, ofRemittance);
      const payment = claimPayment(record);
      if (!payment) return;
      const ofCase = payments.get(payment.caseId) ?? new Map<string, ClaimPayment>();
      ofCase.set(`${payment.claimId}#${payment.remittanceId}#${payment.seq}`, payment);
      payments.set(payment.caseId, ofCase);
    },
    async complete(remittanceId, summary) {
      const stored = remittances.get(remittanceId);
      if (!stored) throw new NotFoundError(`remittance ${remittanceId} not found`);
      const next: RemittanceRecord = { ...stored, ...copy(summary), state: 'complete' };
      remittances.set(remittanceId, next);
      return copy(next);
    },
    async get(remittanceId, page) {
      const remittance = remittances.get(remittanceId);
      if (!remittance) return undefined;
      const stored = [...(claims.get(remittanceId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
      if (!page) return { remittance: copy(remittance), claims: copy(stored) };
      const after = stored.filter((c) => page.afterSeq === undefined || c.seq > page.afterSeq);
      return { remittance: copy(remittance), ...pageOf(copy(after.slice(0, page.limit + 1)), page.limit) };
    },
    async list(q) {
      const { skName } = REMITTANCE_LIST;
      const start = remittanceListStart(q);
      const listed = [...remittances.values()]
        .map(remittanceItem)
        .filter((item) => item.gsi3pk === remittanceListPk(q.organizationId))
        .sort((a, b) => String(b[skName]).localeCompare(String(a[skName])))
        .filter((item) => !start || String(item[skName]) < String(start[skName]));
      const page = listed.slice(0, q.limit);
      // As DynamoDB: a last key whenever the page stopped at its Limit.
      const last = page.length === q.limit ? page.at(-1) : undefined;
      return {
        items: page.map((item) => stripKeys<RemittanceRecord>(copy(item))),
        nextToken: remittanceListToken(last),
      };
    },

    async claimPayments(caseId) {
      return copy([...(payments.get(caseId)?.values() ?? [])]);
    },
  };
}
