/**
 * A claim as the product keeps it after the scrub, and the history entry that says so. Pure.
 */

import type { ClaimInput } from '#schemas/claim.ts';
import { claimFormFindings } from '../billing/claim-form.ts';
import { scrubClaim } from '../billing/claim-scrub.ts';
import { modifierFindings } from '../billing/modifiers.ts';
import { digest } from '../ids.ts';
import type { Claim, HistoryEntry } from '../model.ts';
import type { CaseChange } from '../ports.ts';
import { correctedClaim } from '../remedies/claim-corrections.ts';
import { caseAuthorization, indicationCodes } from '../remedies/plan.ts';
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

/** The id of a denied claim's corrected claim: the original's, marked, one per denial event. */
export function correctedClaimIdOf(originalClaimId: string, eventId: string): string {
  const mark = digest(originalClaimId, eventId).slice(0, 6).toUpperCase();
  const id = `${originalClaimId.replace(/[^A-Za-z0-9_-]/g, '-')}-C${mark}`;
  // CLM01 holds 38 characters.
  return id.length <= 38 ? id : `C${digest(originalClaimId, eventId).slice(0, 20).toUpperCase()}`;
}

/**
 * A corrected_claim remedy's change with its corrected claim: the claim stored with the case
 * (scrubbed like any claim, so GET /v1/claims/{id}/x12 serves it) and named on the remedy with
 * the instructions of its route (replacement, new claim or reopening).
 */
export function withCorrectedClaim(
  record: CaseRecord,
  change: CaseChange,
  remedy: {
    appealId: string;
    eventId: string;
    claim: ClaimInput;
    payerReference: string | null;
    noAppealRights: boolean;
    at: string;
  },
): CaseChange {
  const correctedClaimId = correctedClaimIdOf(remedy.claim.claimId, remedy.eventId);
  const corrected = correctedClaim(
    {
      claim: remedy.claim,
      billing: record.billing,
      authorization: caseAuthorization(record),
      caseDiagnosisCodes: record.request.diagnosis.icd10,
      indicationIcd10: indicationCodes(record.assessment?.indication ?? null),
      correctedClaimId,
      planType: record.payer.planType,
      payerClaimNumber: remedy.payerReference,
    },
    remedy.noAppealRights,
  );
  const { claim } = scrubbedClaim(record, corrected.claim, remedy.at);
  const appeals = change.next.appeals.map((a) =>
    a.appealId === remedy.appealId ? { ...a, correctedClaimId, instructions: corrected.instructions } : a,
  );
  return {
    ...change,
    next: { ...change.next, appeals },
    claims: [...(change.claims ?? []), claim],
  };
}
