/**
 * Denial analysis: what a payer's denial means and the right answer to it. The CARC/RARC codes
 * name a category through reference/denial-routing.json (denial-codes.ts); the claim scrub's
 * findings can overrule the payer's wording (a J9376 line denied as "diagnosis inconsistent" is a
 * coding error); the remedy is a clinical appeal, a corrected claim where the denial is a billing
 * error an appeal cannot fix, or none where an appeal would misstate the facts (the assessment
 * itself finds the use unsupported). The answers' prose is in denial-answers.ts, the corrected
 * claim in claim-corrections.ts.
 */
import { scrubClaim } from '../billing/claim-scrub.ts';
import type { Finding, Reason } from '../model.ts';
import { claimCorrections, frequencyCodeCorrection } from './claim-corrections.ts';
import { answerFor, appealReason, evidenceFor, failedCriteria, unknownCriteria } from './denial-answers.ts';
import {
  type CodeRoute,
  denialCategoryRule,
  describeReason,
  FINDINGS_THAT_EXPLAIN,
  isCategory,
  PRECEDENCE,
  routeOf,
  strategyOf,
} from './denial-codes.ts';
import type {
  Correction,
  DenialAnalysis,
  DenialCategory,
  DenialInput,
  Rebuttal,
  Remedy,
} from './denial-model.ts';

export { denialCategoryRule, describeReason } from './denial-codes.ts';
export {
  type CaseAuthorization,
  type Correction,
  DENIAL_CATEGORIES,
  type DenialAnalysis,
  type DenialCategory,
  type DenialInput,
  type Rebuttal,
  type Remedy,
} from './denial-model.ts';

interface RoutedReason {
  reason: Reason;
  route: CodeRoute | undefined;
}

export function analyseDenial(input: DenialInput): DenialAnalysis {
  const routes = input.reasons.map((reason) => ({ reason, route: routeOf(reason) }));
  const scrubbed = input.claim ? scrubForDenial(input) : [];
  const { category, explainedBy } = categorise(input, routes, scrubbed);
  const claimFixes = input.claim ? claimCorrections(input.claim, input) : [];
  const noAppealRights = routes.some((r) => r.route?.noAppealRights);
  const { remedy, reason } = decideRemedy(input, routes, category, explainedBy, claimFixes);
  const corrections =
    remedy === 'corrected_claim' && input.claim
      ? [...claimFixes, frequencyCodeCorrection(input.claim, noAppealRights, input.planType)]
      : claimFixes;
  return {
    category,
    remedy,
    reason,
    rebuttals: rebuttalsFor(input, routes, category, explainedBy),
    corrections,
    noAppealRights,
    findings: mergeFindings(input.findings, scrubbed),
    unknownCodes: routes
      .filter((r) => !r.route && (r.reason.system === 'CARC' || r.reason.system === 'RARC'))
      .map((r) => `${r.reason.system} ${r.reason.code}`),
  };
}

/** The claim scrub against the case's authorization, assessment and indication. */
function scrubForDenial(input: DenialInput): Finding[] {
  if (!input.claim) return [];
  const auth = input.authorization;
  return scrubClaim(input.claim, {
    billing: input.billing,
    decision: auth?.number
      ? {
          outcome: 'approved',
          authorizationNumber: auth.number,
          approvedUnits: auth.approvedUnits ?? null,
          validFrom: auth.validFrom ?? null,
          validTo: auth.validTo ?? null,
        }
      : null,
    assessment: input.assessment,
    indicationIcd10: input.indicationIcd10,
  });
}

/** The category the codes signal (by precedence), unless a billing error on the claim explains the denial better. */
function categorise(
  input: DenialInput,
  routes: RoutedReason[],
  scrubbed: Finding[],
): { category: DenialCategory; explainedBy: Finding | undefined } {
  const signalled = routes.map((r) => r.route?.category).filter(isCategory);
  const category: DenialCategory = PRECEDENCE.find((c) => signalled.includes(c)) ?? 'other';
  if (input.subject !== 'claim') return { category, explainedBy: undefined };
  for (const rule of FINDINGS_THAT_EXPLAIN) {
    const finding = scrubbed.find((f) => f.code === rule.finding && f.severity === 'error');
    if (finding && isCategory(rule.category) && rule.explains.includes(category)) {
      return { category: rule.category, explainedBy: finding };
    }
  }
  return { category, explainedBy: undefined };
}

function rebuttalsFor(
  input: DenialInput,
  routes: RoutedReason[],
  category: DenialCategory,
  explainedBy: Finding | undefined,
): Rebuttal[] {
  const anchor = routes.find((r) => isCategory(r.route?.category))?.reason;
  return routes.map(({ reason, route }) => {
    const own = isCategory(route?.category) ? route.category : null;
    const answerCategory = explainedBy ? category : (own ?? category);
    const description = describeReason(reason);
    const strategy = strategyOf(reason);
    // A remark that only qualifies a categorised code is answered by that code's answer.
    if (!own && reason.system === 'RARC' && anchor && !explainedBy) {
      const answer =
        route?.answer ??
        `This remark qualifies ${anchor.system} ${anchor.code}; the answer above covers both.`;
      return { reason, description, category: null, answer, evidence: [], strategy };
    }
    return {
      reason,
      description,
      category: own,
      answer: answerFor(answerCategory, input),
      evidence: evidenceFor(answerCategory, input),
      strategy,
    };
  });
}

function decideRemedy(
  input: DenialInput,
  routes: RoutedReason[],
  category: DenialCategory,
  explainedBy: Finding | undefined,
  claimFixes: Correction[],
): { remedy: Remedy; reason: string } {
  const rule = denialCategoryRule(category);
  const clinical = rule.clinical || routes.some((r) => r.route?.clinical && r.route.category === category);
  const preferCorrection = routes.some((r) => r.route?.preferCorrection);
  const verdict = input.assessment?.verdict;
  if (routes.some((r) => r.route?.noAppealRights)) {
    const fixes = claimFixes.length
      ? ` (${claimFixes.length} correction${claimFixes.length > 1 ? 's' : ''} below)`
      : '; no correction could be derived from the case, so review the remittance advice';
    return {
      remedy: 'corrected_claim',
      reason: `The claim was returned as unprocessable (RARC MA130): there are no appeal rights. Submit a new claim with the complete and correct information${fixes}.`,
    };
  }
  if (clinical && verdict === 'not_supported') {
    return {
      remedy: 'none',
      reason: `No appeal: the case's own assessment finds the use not supported${failedCriteria(input.assessment)}. An appeal would misstate the facts; review the treatment plan with the ordering physician (a different regimen, compendium support, or a new request).`,
    };
  }
  if (clinical && verdict === 'insufficient_information') {
    return {
      remedy: 'none',
      reason: `Not yet appealable: the record does not establish ${unknownCriteria(input.assessment)}. Complete the documentation, reassess, then appeal before the deadline.`,
    };
  }
  if (input.subject === 'claim' && claimFixes.length > 0 && (rule.correctable || preferCorrection)) {
    return {
      remedy: 'corrected_claim',
      reason: `${rule.title}: a billing error on the claim${explainedBy ? ` (${explainedBy.code})` : ''} that an appeal cannot fix. Send a corrected claim (frequency code 7, replacing the original claim) with: ${claimFixes.map((c) => `${c.field} from ${c.from} to ${c.to}`).join('; ')}.`,
    };
  }
  if (rule.remedy === 'none')
    return { remedy: 'none', reason: rule.noneReason ?? `${rule.title}: not appealed.` };
  return { remedy: 'appeal', reason: `${rule.title}: ${appealReason(category, input)}` };
}

function mergeFindings(a: Finding[], b: Finding[]): Finding[] {
  const seen = new Set<string>();
  return [...a, ...b].filter((f) => {
    const key = `${f.code}|${f.path ?? ''}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
