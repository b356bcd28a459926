/**
 * POST /v1/remittances and the S3 drop folder (remittances/inbox/): an 835 read as a stream, its
 * claims matched by CLP01 and stored one by one, and each denied or short-paid durvalumab line
 * answered by the remedy a `claim.denied` webhook gets (HandlePayerEvent). Applied once per payer
 * and trace number; a file cut off half-way (a crash) is finished by the next delivery of it.
 *
 * 1. Read the whole file once without writing anything: a malformed file is a 400 naming the
 *    segment, a file of several payments (ST*835 transactions) a 400, with nothing stored
 *    (memory stays flat: the reader yields claim by claim).
 * 2. Store the remittance once by organization, payer and TRN02 (its id); a complete one is a
 *    duplicate (200).
 * 3. Read it again; for each claim: find its case by CLP01 among the claims of the remittance's
 *    organization only (another organization's claim is unmatched here), decide its status, findings and
 *    whether a remedy is owed (core/remittance), store the payer event once (its id derives from
 *    the remittance and the claim), which the table's stream starts HandlePayerEvent for (as a
 *    webhook's), then store the claim's record.
 * 4. Mark the remittance complete with its counts and PLB adjustments.
 */
import { ValidationError } from '#core/errors.ts';
import { organizationOf } from '#core/identity/tenancy.ts';
import type { PayerConfig, Ports } from '#core/ports.ts';
import { remittanceDenialEvent, remittanceEventId } from '#core/remittance/denial-event.ts';
import type {
  ProviderAdjustment,
  RemittanceClaim,
  RemittanceHeader,
  RemittancePart,
} from '#core/remittance/model.ts';
import { type RemittanceRecord, remittanceClaimRecord } from '#core/remittance/records.ts';
import { durvalumabDenials } from '#core/remittance/status.ts';
import { remittanceIdOf } from '#core/remittance/store.ts';

/** The file's parts, read afresh on each call (the use case reads it twice). */
export type RemittanceSource = () => AsyncIterable<RemittancePart>;

export interface RemittanceOutcome {
  remittanceId: string;
  claims: number;
  matched: number;
  duplicate: boolean;
}

export type RemittancePorts = Pick<Ports, 'cases' | 'remittances' | 'registry' | 'clock' | 'log'>;

/** Step 1: the first header and the claim count, or the reader's ValidationError. */
async function checkFile(read: RemittanceSource): Promise<{ header: RemittanceHeader; claims: number }> {
  let header: RemittanceHeader | undefined;
  let claims = 0;
  let payments = 0;
  for await (const part of read()) {
    if (part.kind === 'header') {
      header ??= part.header;
      payments += 1;
    } else if (part.kind === 'claim') claims += 1;
  }
  // One payment (BPR/TRN) is one remittance, stored once by its trace number: a file of several
  // would be applied under the first trace only, so it is refused whole.
  if (payments > 1) {
    const message = `${payments} transactions (ST*835), each its own payment: send one per file`;
    throw new ValidationError('the 835 holds more than one payment', [{ path: '(body)', message }]);
  }
  if (!header) {
    throw new ValidationError('the 835 has no payment header', [{ path: '(body)', message: 'no BPR/TRN' }]);
  }
  return { header, claims };
}

export async function receiveRemittance(
  read: RemittanceSource,
  ports: RemittancePorts,
  /** The organization it is received for (POST: the caller's; the inbox: its folder). */
  organizationId: string,
): Promise<RemittanceOutcome> {
  const { header } = await checkFile(read);
  const receivedAt = ports.clock.now().toISOString();
  const remittanceId = remittanceIdOf(header.payerKey, header.traceNumber, organizationId);
  const begun = await ports.remittances.begin({
    remittanceId,
    organizationId,
    ...header,
    receivedAt,
    state: 'receiving',
    claims: 0,
    matched: 0,
    providerAdjustments: [],
  });
  const { record } = begun;
  if (record.state === 'complete') {
    return { remittanceId, claims: record.claims, matched: record.matched, duplicate: true };
  }
  const stored = await storeClaims(read, record, ports);
  await ports.remittances.complete(remittanceId, stored);
  ports.log.info('remittance received', { remittanceId, claims: stored.claims, matched: stored.matched });
  return { remittanceId, claims: stored.claims, matched: stored.matched, duplicate: false };
}

/**
 * Claims matched and stored this many at a time: a 10,000-claim file takes seconds of DynamoDB
 * round trips instead of minutes (inside API Gateway's 30 s), and memory stays flat (at most this
 * many claims held). Each claim keeps its place in the file by its seq, whatever order they finish in.
 */
const CLAIMS_IN_FLIGHT = 16;

async function storeClaims(read: RemittanceSource, remittance: RemittanceRecord, ports: RemittancePorts) {
  const payers = new Map<string, Promise<PayerConfig | undefined>>();
  const payerOf = (payerId: string) => {
    if (!payers.has(payerId)) payers.set(payerId, ports.registry.get(payerId));
    return payers.get(payerId);
  };
  const providerAdjustments: ProviderAdjustment[] = [];
  let claims = 0;
  let matched = 0;
  const storeOne = async (claim: RemittanceClaim, seq: number) => {
    const found = await claimOfOrganization(claim.claimId, organizationOf(remittance), ports);
    const record = found ? await ports.cases.getCase(found.caseId) : undefined;
    if (found && record) matched += 1;
    const payer = record ? await payerOf(record.payer.id) : undefined;
    const denialEventId =
      found && record ? await startRemedy(claim, found.caseId, record.payer.id, remittance, ports) : null;
    await ports.remittances.putClaim(
      remittanceClaimRecord({
        remittanceId: remittance.remittanceId,
        seq,
        claim,
        caseId: record ? (found?.caseId ?? null) : null,
        rates: payer?.rates,
        denialEventId,
        receivedAt: remittance.receivedAt,
      }),
    );
  };
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const part of read()) {
    if (part.kind === 'provider-adjustments') providerAdjustments.push(...part.adjustments);
    if (part.kind !== 'claim') continue;
    const task: Promise<void> = storeOne(part.claim, claims)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    claims += 1;
    if (inFlight.size >= CLAIMS_IN_FLIGHT) await Promise.race(inFlight);
    if (failure) break;
  }
  await Promise.all(inFlight);
  // A claim that could not be stored fails the whole file; posted again, it is finished (the
  // stored claims and events are written once).
  if (failure) throw failure.error;
  return { claims, matched, providerAdjustments };
}

/** The claim a CLP01 names, when it is a claim of the organization (findClaim scoped). */
async function claimOfOrganization(claimId: string, organizationId: string, ports: RemittancePorts) {
  const found = await ports.cases.findClaim(claimId);
  return found && organizationOf(found) === organizationId ? found : undefined;
}

/**
 * A denied or short-paid durvalumab line: the claim.denied event stored once under an id of the
 * remittance and the claim, and HandlePayerEvent started (the sweep re-drives a stored event that
 * could not start). Answers the event's id, or null when no remedy is owed.
 */
async function startRemedy(
  claim: RemittanceClaim,
  caseId: string,
  payerId: string,
  remittance: RemittanceRecord,
  ports: RemittancePorts,
): Promise<string | null> {
  const denials = durvalumabDenials(claim);
  if (denials.length === 0) return null;
  const { remittanceId, receivedAt } = remittance;
  const eventId = remittanceEventId(payerId, remittanceId, claim.claimId);
  const event = remittanceDenialEvent({ caseId, remittanceId, claim, denials, receivedAt });
  const webhookId = `835:${remittanceId}:${claim.claimId}`;
  const raw = JSON.stringify({ remittanceId, claim });
  await ports.cases.storeEventOnce({
    eventId,
    payerId,
    webhookId,
    caseId,
    channel: 'x12-835',
    receivedAt,
    event,
    raw,
  });
  return eventId;
}
