import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import type { ClaimInput } from '#schemas/claim.ts';
import claimJson from '#schemas/examples/claim.json' with { type: 'json' };
import { submitClaim } from '#use-cases/submit-claim.ts';
import { packetReady as assembled, historyOf, world } from './support.ts';

const claim = claimJson as unknown as ClaimInput;

describe('submitClaim', () => {
  it('keeps the scrubbed claim with the case and records the scrub in its history', async () => {
    // Prepare
    const w = world();
    const caseId = await assembled(w);

    // Act
    const result = await submitClaim(OPERATOR, caseId, claim, w);

    // Assess
    expect(result.replayed).toBe(false);
    const stored = await w.cases.getClaim(caseId, result.claimId);
    expect(stored).toMatchObject({ claimId: result.claimId, status: 'SCRUBBED', findings: result.findings });
    const history = (await w.cases.getCaseWithChildren(caseId))?.history ?? [];
    expect(history.at(-1)).toMatchObject({ event: 'claim.scrubbed', source: 'api' });
    expect(history.at(-1)?.detail).toContain(`claim ${result.claimId}`);
  });

  it('answers the same claim again with its stored findings, once in the history', async () => {
    // Prepare
    const w = world();
    const caseId = await assembled(w);
    const first = await submitClaim(OPERATOR, caseId, claim, w);

    // Act
    const again = await submitClaim(OPERATOR, caseId, claim, w);

    // Assess
    expect(again).toEqual({ ...first, replayed: true });
    expect((await historyOf(w, caseId)).filter((e) => e === 'claim.scrubbed')).toHaveLength(1);
  });

  it('refuses other content under a claim id already used', async () => {
    // Prepare
    const w = world();
    const caseId = await assembled(w);
    const first = await submitClaim(OPERATOR, caseId, claim, w);

    // Act
    const other = submitClaim(
      OPERATOR,
      caseId,
      { ...claim, claimId: first.claimId, totalCharge: 1 } as ClaimInput,
      w,
    );

    // Assess
    await expect(other).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a claim for an unknown case', async () => {
    await expect(submitClaim(OPERATOR, 'pa_unknown', claim, world())).rejects.toBeInstanceOf(NotFoundError);
  });
});
