import type { ScrubContext } from '#core/billing/claim-scrub.ts';
import { authorization, pacificAssessment, pacificBilling } from './appeal-case.ts';

/** The claim scrub's view of an approved PACIFIC case: the example billing, its authorization as the decision. */
export function approvedScrubContext(indicationIcd10: string[]): ScrubContext {
  const { number: authorizationNumber, ...validity } = authorization;
  return {
    billing: pacificBilling,
    decision: { outcome: 'approved', authorizationNumber, ...validity },
    assessment: pacificAssessment,
    indicationIcd10,
  };
}
