/**
 * The single entry the rest of the system calls for a prior-auth request: the indication against
 * the label, the billing, and every finding, in one pure call.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { computeBilling } from '../billing/billing.ts';
import { assessCourse, type Continuation } from '../course/continuation.ts';
import type { Assessment, Billing, Finding, PlanType } from '../model.ts';
import { assessIndication } from './indications.ts';
import { type SiteOfCarePolicy, siteOfCareFindings } from './site-of-care.ts';

export interface AssessRequestOptions {
  /** The payer's plan type (from the payer registry); defaults to request.coverage.planType. */
  planType?: PlanType;
  /** Count NCCN category 2B as supportive (payer option; MAC article A58113 does). */
  acceptNccn2B?: boolean;
  /** Count peer-reviewed literature as supportive (payer option; BPM ch.15 §50.4.5(C) "may"). */
  acceptLiterature?: boolean;
  /** The payer's site-of-care policy (payer registry), when it has one: SITE_OF_CARE_POLICY. */
  siteOfCare?: { policy: SiteOfCarePolicy; payerName: string };
  /** A continuation's course so far: cycle caps count its administrations; its progress notes. */
  course?: Continuation;
}

/**
 * Assessment, billing and findings of a request. A labeled use whose dose or length exceeds a
 * label limit is not supported (regulation.md (c): "on label but exceed a label limit"), so the
 * dose and duration checks join the criteria and can turn meets_label into not_supported.
 */
export function assessRequest(
  request: PriorAuthRequest,
  options: AssessRequestOptions = {},
): { assessment: Assessment; billing: Billing; findings: Finding[] } {
  const planType = options.planType ?? request.coverage.planType;
  const indicationOptions = {
    ...(options.acceptNccn2B === undefined ? {} : { acceptNccn2B: options.acceptNccn2B }),
    ...(options.acceptLiterature === undefined ? {} : { acceptLiterature: options.acceptLiterature }),
  };
  const indication = assessIndication(request, indicationOptions);
  // The label's dose and duration apply where the label is the basis: not to an off-label use
  // (its closest indication's regimen would only add noise).
  const labelBasis = ['meets_label', 'insufficient_information'].includes(indication.assessment.verdict);
  const billed = computeBilling(request, labelBasis ? indication.assessment.indication : null);
  const course = options.course
    ? assessCourse(request, labelBasis ? indication.assessment.indication : null, options.course)
    : { findings: [], criteria: [] };

  const criteria = [...indication.assessment.criteria, ...billed.criteria, ...course.criteria];
  const exceeded = [...billed.criteria, ...course.criteria].filter((criterion) => criterion.met === false);
  let assessment: Assessment = { ...indication.assessment, criteria };
  if (assessment.verdict === 'meets_label' && exceeded.length > 0) {
    assessment = {
      ...assessment,
      verdict: 'not_supported',
      summary:
        `${assessment.summary ?? ''} Not supported as requested: ${exceeded.map((criterion) => criterion.description).join('; ')} not met.`.trim(),
    };
  }

  const findings: Finding[] = [...indication.findings, ...billed.findings, ...course.findings];
  if (options.siteOfCare)
    findings.push(
      ...siteOfCareFindings(request.provider, options.siteOfCare.policy, options.siteOfCare.payerName),
    );
  if (planType === 'medicare') {
    findings.push({
      severity: 'info',
      code: 'NO_PRIOR_AUTH_REQUIRED',
      message:
        'Original Medicare requires no prior authorization for a Part B drug such as durvalumab: bill the claim with this documentation instead of submitting a prior-auth request (coverage rests on the label or the compendia, BPM ch.15 §50.4.5).',
      path: 'coverage.planType',
    });
  }
  return { assessment, billing: billed.billing, findings };
}
