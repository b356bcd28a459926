import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRemittance } from '#adapters/x12/remittance-835.ts';
import { ValidationError } from '#core/errors.ts';
import type { PayerConfig } from '#core/ports.ts';
import { toRemittanceView } from '#core/remittance/records.ts';
import { remittanceIdOf } from '#core/remittance/store.ts';
import { applyPayerEvent } from '#use-cases/apply-payer-event.ts';
import { receiveRemittance } from '#use-cases/receive-remittance.ts';
import { build835, type Claim835, DENIED_J9173, ORIGINATOR } from '../../fixtures/x12/remittance-835.ts';
import { carc, rarc } from '../support/appeal-case.ts';
import { CASE_ID, givenEvent, payerEvent, storedClaim, submittedCase } from '../support/payer-case.ts';
import { givenCase, historyOf, PAYER, type World, world } from '../use-cases/support.ts';

const deniedJ9173: Claim835 = {
  claimId: 'CLM-1',
  lines: [{ hcpcs: '96413', units: 1, charge: 300, paid: 250 }, DENIED_J9173],
};
const unmatched: Claim835 = {
  claimId: 'CLM-NOBODY',
  lines: [{ hcpcs: 'J9173', units: 10, charge: 1000, paid: 900 }],
};

function file(claims: Claim835[], trace = 'TRACE-1'): string {
  return build835({ payerId: 'PAYER1', payerName: 'DEMO PAYER', trace, claims });
}

const source = (text: string) => () => readRemittance(Readable.from([Buffer.from(text)]));

async function approvedCaseWithClaim(w: World): Promise<void> {
  await givenCase(w, submittedCase({ status: 'APPROVED' }));
  await w.cases.putClaimOnce(CASE_ID, storedClaim);
}

/** The payer events stored for HandlePayerEvent (the table's stream starts it for each). */
const storedPayerEvents = (w: World) => w.cases.listPendingEvents();
/** The id of a stored payer event. */
const storedEventId = async (w: World, index = 0) => String((await storedPayerEvents(w))[index]?.eventId);

describe('receiveRemittance', () => {
  it('matches claims by CLP01, stores each, and stores the claim.denied event (the stream starts its remedy) for a denied J9173 line', async () => {
    // Prepare
    const w = world();
    await approvedCaseWithClaim(w);
    // Act
    const outcome = await receiveRemittance(source(file([deniedJ9173, unmatched])), w, 'default');
    // Assess
    const remittanceId = remittanceIdOf(ORIGINATOR, 'TRACE-1');
    expect(outcome).toEqual({ remittanceId, claims: 2, matched: 1, duplicate: false });
    const starts = await storedPayerEvents(w);
    expect(starts).toHaveLength(1);
    const eventId = await storedEventId(w);
    const receipt = await w.cases.getEventReceipt(eventId);
    expect(receipt).toMatchObject({
      caseId: CASE_ID,
      payerId: PAYER.id,
      channel: 'x12-835',
      event: {
        type: 'claim.denied',
        claimId: 'CLM-1',
        outcome: 'denied',
        reasons: [carc('16', 'CO'), rarc('N56'), rarc('M51')],
      },
    });
    expect(receipt?.raw).not.toContain('PATIENT');
    const stored = await w.remittances.get(remittanceId);
    const view = toRemittanceView(stored!.remittance, stored!.claims);
    expect(view).toMatchObject({ state: 'complete', claimCount: 2, matched: 1, unmatched: ['CLM-NOBODY'] });
    expect(view.claims[0]).toMatchObject({
      claimId: 'CLM-1',
      matched: true,
      status: 'partially_paid',
      paidAmount: 250,
      denialEventId: eventId,
      lines: [
        { hcpcs: '96413', units: 1, paidAmount: 250, adjustments: [], remarks: [] },
        {
          hcpcs: 'J9173',
          units: 112,
          paidAmount: 0,
          adjustments: [{ group: 'CO', code: '16', amount: 11200 }],
          remarks: ['N56', 'M51'],
        },
      ],
    });
    expect(await w.remittances.claimPayments(CASE_ID)).toEqual([
      expect.objectContaining({ claimId: 'CLM-1', remittanceId, status: 'partially_paid', paidAmount: 250 }),
    ]);
  });

  it('applies the same file once: a second post is a duplicate and stores no event again', async () => {
    const w = world();
    await approvedCaseWithClaim(w);
    const first = await receiveRemittance(source(file([deniedJ9173])), w, 'default');
    const again = await receiveRemittance(source(file([deniedJ9173])), w, 'default');
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await storedPayerEvents(w)).toHaveLength(1);
  });

  it('gives one remedy when the same denial also arrives as a claim.denied webhook (after or before the 835)', async () => {
    // Prepare: the 835's event applied (remedy owed), then the webhook's
    const w = world();
    await approvedCaseWithClaim(w);
    await receiveRemittance(source(file([deniedJ9173])), w, 'default');
    const eventId = await storedEventId(w);
    expect((await applyPayerEvent(CASE_ID, eventId, w)).next).toBe('compose_remedy');
    await givenEvent(w, payerEvent({ type: 'claim.denied', claimId: 'CLM-1' }), 'evt_webhook');
    // Act
    const second = await applyPayerEvent(CASE_ID, 'evt_webhook', w);
    // Assess
    expect(second.next).toBe('done');
    expect(await historyOf(w, CASE_ID)).toEqual(['claim.denied', 'claim.denied.refused']);
    expect((await w.cases.requireCase(CASE_ID)).pendingRemedyEventId).toBe(eventId);
  });

  it('the webhook first, then the 835: the 835 event is refused, no second remedy', async () => {
    const w = world();
    await approvedCaseWithClaim(w);
    await givenEvent(
      w,
      payerEvent({ type: 'claim.denied', claimId: 'CLM-1', occurredAt: '2026-03-01T00:00:00Z' }),
      'evt_webhook',
    );
    expect((await applyPayerEvent(CASE_ID, 'evt_webhook', w)).next).toBe('compose_remedy');
    await receiveRemittance(source(file([deniedJ9173])), w, 'default');
    const eventId = await storedEventId(w);
    expect((await applyPayerEvent(CASE_ID, eventId, w)).next).toBe('done');
  });

  it('writes nothing for a malformed file and names the segment', async () => {
    const w = world();
    await approvedCaseWithClaim(w);
    const broken = file([deniedJ9173, unmatched]).replace(
      'CLP*CLM-NOBODY*1*1000.00',
      'CLP*CLM-NOBODY*1*l000.00',
    );
    const refused = receiveRemittance(source(broken), w, 'default');
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toThrow(/segment \d+ \(CLP\): CLP03/);
    expect(w.remittances.remittances.size).toBe(0);
    expect(await storedPayerEvents(w)).toEqual([]);
  });

  it('finishes a remittance a crash left half-stored when the file comes again', async () => {
    const w = world();
    await approvedCaseWithClaim(w);
    const remittanceId = remittanceIdOf(ORIGINATOR, 'TRACE-1');
    await w.remittances.begin({
      remittanceId,
      payerKey: ORIGINATOR,
      payerName: 'DEMO PAYER',
      traceNumber: 'TRACE-1',
      paymentAmount: 0,
      paymentMethod: 'ACH',
      paymentDate: null,
      receivedAt: '2026-03-02T14:00:00.000Z',
      state: 'receiving',
      claims: 0,
      matched: 0,
      providerAdjustments: [],
    });
    const outcome = await receiveRemittance(source(file([deniedJ9173])), w, 'default');
    expect(outcome).toEqual({ remittanceId, claims: 1, matched: 1, duplicate: false });
    expect((await w.remittances.get(remittanceId))?.remittance.state).toBe('complete');
    expect(await storedPayerEvents(w)).toHaveLength(1);
  });

  it('raises UNDERPAID when the payer registry configures a rate the allowed amount falls under', async () => {
    const rated: PayerConfig = {
      ...PAYER,
      rates: { J9173: { allowedPerUnit: 60, source: 'contract 2026 (synthetic)' } },
    };
    const w = world({ payers: [rated] });
    await approvedCaseWithClaim(w);
    const short: Claim835 = {
      claimId: 'CLM-1',
      lines: [
        {
          hcpcs: 'J9173',
          units: 112,
          charge: 11200,
          paid: 5000,
          allowed: 5600,
          adjustments: [{ group: 'CO', code: '45', amount: 5600 }],
        },
      ],
    };
    const { remittanceId } = await receiveRemittance(source(file([short])), w, 'default');
    const stored = await w.remittances.get(remittanceId);
    expect(stored?.claims[0]?.findings).toEqual([
      expect.objectContaining({
        code: 'UNDERPAID',
        path: 'lines.0',
        message: expect.stringContaining('1120.00 under'),
      }),
    ]);
    expect(await storedPayerEvents(w)).toEqual([]);
  });
});

describe('receiveRemittance: one payment per file', () => {
  it('refuses a file of two 835 transactions (two traces) and stores nothing', async () => {
    const w = world();
    const one = file([unmatched], 'TRACE-A');
    const two = file([unmatched], 'TRACE-B');
    // The second transaction inside the same interchange: its ST..SE after the first's SE.
    const second = two.slice(two.indexOf('ST*835'), two.indexOf('GE*'));
    const both = one.replace('GE*', `${second}GE*`);
    await expect(receiveRemittance(source(both), w, 'default')).rejects.toThrow(/more than one payment/);
    expect(w.remittances.remittances.size).toBe(0);
  });
});
