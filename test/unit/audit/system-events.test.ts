/**
 * What the payers and the system do is recorded too: webhook.apply (actor payer) when a payer
 * event is applied to its case, remittance.create (actor system) for an 835 of the drop folder.
 */
import { describe, expect, it } from 'vitest';
import { ingestInboxObject } from '#handlers/remittance-inbox.ts';
import { applyPayerEvent } from '#use-cases/apply-payer-event.ts';
import { build835 } from '../../fixtures/x12/remittance-835.ts';
import { CASE_ID, EVENT_ID, givenEvent, payerEvent, submittedCase } from '../support/payer-case.ts';
import { givenCase, world } from '../use-cases/support.ts';

describe('system events in the audit trail', () => {
  it('webhook.apply: the payer, the case, under the case organization; once, not when applied before', async () => {
    const w = world();
    await givenCase(w, { ...submittedCase(), organizationId: 'org-a' });
    const receipt = await givenEvent(w, payerEvent());
    await applyPayerEvent(CASE_ID, EVENT_ID, w);
    await applyPayerEvent(CASE_ID, EVENT_ID, w);
    expect(w.audit.events).toEqual([
      expect.objectContaining({
        action: 'webhook.apply',
        outcome: 'allowed',
        actor: { type: 'payer', id: receipt.payerId },
        caseId: CASE_ID,
        organizationId: 'org-a',
      }),
    ]);
  });

  it('webhook.apply whose record failed is recorded when the step is retried, once', async () => {
    const w = world();
    await givenCase(w, submittedCase());
    await givenEvent(w, payerEvent());
    w.audit.failWith(new Error('table unavailable'));
    await expect(applyPayerEvent(CASE_ID, EVENT_ID, w)).rejects.toThrow('table unavailable');
    w.audit.failWith(null);
    await applyPayerEvent(CASE_ID, EVENT_ID, w);
    await applyPayerEvent(CASE_ID, EVENT_ID, w);
    expect(w.audit.events.map((e) => [e.action, e.caseId])).toEqual([['webhook.apply', CASE_ID]]);
  });

  it('remittance.create from the drop folder: the system, the remittance, its folder organization; once', async () => {
    const w = world();
    const text = build835({
      payerId: 'P',
      payerName: 'PAYER',
      trace: 'AUDIT-1',
      claims: [{ claimId: 'CLM-AUDIT', lines: [{ hcpcs: 'J9173', units: 10, charge: 1000, paid: 900 }] }],
    });
    const open = () => [Buffer.from(text)];
    const key = 'remittances/inbox/org-a/era.835';
    const first = await ingestInboxObject(key, open, w);
    await ingestInboxObject(key, open, w);
    expect(w.audit.events).toEqual([
      expect.objectContaining({
        action: 'remittance.create',
        actor: { type: 'system', id: 'remittance-inbox' },
        remittanceId: (first as { remittanceId: string }).remittanceId,
        organizationId: 'org-a',
      }),
    ]);
  });
});
