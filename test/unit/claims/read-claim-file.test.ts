/**
 * readClaimFile through in-memory ports: the claim found by its id alone, its case and the payer's
 * trading-partner ids, the 837 view decided; an unknown claim is a 404.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { ClaimInput } from '#schemas/claim.ts';
import claimJson from '#schemas/examples/claim.json' with { type: 'json' };
import { readClaimFile } from '#use-cases/read-claim-file.ts';
import { submitClaim } from '#use-cases/submit-claim.ts';
import { PAYER, packetReady, world } from '../use-cases/support.ts';

const BILLING = {
  taxId: '123456789',
  address: { line1: '100 Synthetic Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
};

describe('readClaimFile', () => {
  it('finds the claim by its id alone and decides its 837 with the registry entry’s x12 ids', async () => {
    // Prepare
    const w = world({
      payers: [{ ...PAYER, x12: { senderId: 'SUBMITTER7', receiverId: 'PAYER7', usage: 'T' } }],
    });
    const caseId = await packetReady(w);
    const claim = ClaimInput.parse({
      ...claimJson,
      billingProvider: BILLING,
      patientAddress: BILLING.address,
    });
    await submitClaim(OPERATOR, caseId, claim, w);

    // Act
    const file = await readClaimFile(OPERATOR, claim.claimId, w);

    // Assess
    expect(file.caseId).toBe(caseId);
    expect(file.view).toMatchObject({ form: 'professional', claimId: claim.claimId, facilityCode: '11' });
    expect(file.envelope).toMatchObject({ senderId: 'SUBMITTER7', receiverId: 'PAYER7', usage: 'T' });
  });

  it('answers 404 for a claim no case has', async () => {
    await expect(readClaimFile(OPERATOR, 'CLM-UNKNOWN', world())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers 422 for a claim without the billing provider’s tax id and address', async () => {
    // Prepare
    const w = world();
    const caseId = await packetReady(w);
    await submitClaim(OPERATOR, caseId, ClaimInput.parse(claimJson), w);

    // Act
    const reading = readClaimFile(OPERATOR, claimJson.claimId, w);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ValidationError);
    await expect(reading).rejects.toMatchObject({ statusCode: 422 });
  });
});
