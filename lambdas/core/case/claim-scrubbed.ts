/**
 * A claim as the product keeps it after the scrub, and the history entry that says so. Pure.
 */

import type { ClaimInput } from '#schemas/claim.ts';
import { claimFormFindings } from '../billing/claim-form.ts';
import { scrubClaim } from '../billing/claim-scrub.ts';
import { modifierFindings } from '../billing/modifiers.ts';
import { digest } from '../ids.ts';
import type { Claim, HistoryEntry } from '../model.ts';
import type { CaseRecord } from './case-record.ts';

/** The claim's own id, or one derived from the case and the claim, so a replay finds it. */
export function claimIdOf(caseId: string, claim: ClaimInput): string {
  return claim.claimId ?? `clm_${digest(caseId, JSON.stringify(claim)).slice(0, 20)}`;
}

export function scrubbedClaim(
  record: CaseRecord,
  claim: ClaimInput,
  at: string,
): { claim: Claim; entry: HistoryEntry } {
  const findings = [
    ...scrubClaim(claim, {
      billing: record.billing,
      decision: record.decision,
      assessment: record.assessment,
    }),
    ...claimFormFindings(claim),
    ...modifierFindings(claim),
  ];
  const claimId = claimIdOf(record.caseId, claim);
  const errors = findings.filter((f) => f.severity === 'error').map((f) => f.code);
  return {
    claim: { claimId, receivedAt: at, findings, claim: { ...claim, claimId }, status: 'SCRUBBED' },
    entry: {
      at,
      status: record.status,
      source: 'api',
      event: 'claim.scrubbed',
      detail: `claim ${claimId}: ${errors.length ? `errors ${errors.join(', ')}` : 'no errors'}`,
    },
  };
}

/** A claim stored before under the same id is a replay only with the same content. */
export function isSameClaim(stored: Claim | undefined, claim: Claim): stored is Claim {
  return stored !== undefined && JSON.stringify(stored.claim) === JSON.stringify(claim.claim);
}
