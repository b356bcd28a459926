/**
 * POST /v1/prior-auths/{caseId}/administrations/{administrationId}/claim: the claim built from
 * an administration (core/course/claim.ts), scrubbed and kept by the submit-claim use case as
 * POST /claims would. The claim's id is derived from the administration, so the same
 * administration twice gives the same claim, not two.
 *
 * Primary course:
 * 1. Load the case and the administration.
 * 2. Build the claim from them (no retyping).
 * 3. Scrub and store it through submit-claim, unless this administration's claim is stored already.
 */
import { claimFromAdministration } from '#core/course/claim.ts';
import { NotFoundError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import type { Finding } from '#core/model.ts';
import type { Ports } from '#core/ports.ts';
import { requireVisibleCase } from './acting-organization.ts';
import { submitClaim } from './submit-claim.ts';

export async function claimFromRecordedAdministration(
  caller: Principal,
  caseId: string,
  administrationId: string,
  options: { placeOfService?: string | undefined },
  deps: Pick<Ports, 'cases' | 'clock'>,
): Promise<{ claimId: string; findings: Finding[]; administrationFindings: Finding[]; replayed: boolean }> {
  // 1. The case and the administration.
  const record = await requireVisibleCase(caller, caseId, deps.cases);
  const administration = (await deps.cases.listAdministrations(caseId)).find(
    (a) => a.administrationId === administrationId,
  );
  if (!administration)
    throw new NotFoundError(`administration ${administrationId} not found on case ${caseId}`);

  // 2. The claim.
  const claim = claimFromAdministration(record, administration, options);

  // 3. Scrubbed and stored once: a claim already made from this administration is answered as stored.
  const stored = await deps.cases.getClaim(caseId, claim.claimId);
  if (stored)
    return {
      claimId: stored.claimId,
      findings: stored.findings,
      administrationFindings: administration.findings,
      replayed: true,
    };
  const result = await submitClaim(caller, caseId, claim, deps);
  return { ...result, administrationFindings: administration.findings };
}
