/**
 * The verdict of API.md for a request against durvalumab's label: meets_label,
 * compendia_supported, not_supported or insufficient_information, with one criterion per label
 * condition and the findings (CRITERION_NOT_MET, POLICY_RISK, INSUFFICIENT_INFORMATION, ...).
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Assessment, Criterion, Finding } from '../model.ts';
import { COMPENDIA_REFERENCE, type Indication } from '../reference/index.ts';
import { type EvidenceOptions, type RatedEvidence, rateEvidence } from './compendia.ts';
import type { CriterionResult } from './criteria.ts';
import { readBiomarker } from './history.ts';
import { LINE_OF_THERAPY_FINDING, LINE_OF_THERAPY_KINDS } from './line-of-therapy.ts';
import { type IndicationEvaluation, matchIndications } from './matching.ts';
import { INDICATIONS } from './terms.ts';

export interface AssessIndicationOptions extends EvidenceOptions {}

type Result = { assessment: Assessment; findings: Finding[] };

function toCriterion(criterion: CriterionResult): Criterion {
  const description =
    criterion.basis === 'trial' && !/trial/i.test(criterion.description)
      ? `${criterion.description} (trial criterion, not a label requirement)`
      : criterion.description;
  return { id: criterion.id, description, met: criterion.met, evidence: criterion.evidence };
}

function labelFields(
  indication: Indication | null,
): Pick<Assessment, 'indication' | 'indicationTitle' | 'trial' | 'labelSummary' | 'labelSource'> {
  if (indication === null)
    return { indication: null, indicationTitle: null, trial: null, labelSummary: null, labelSource: null };
  return {
    indication: indication.id,
    indicationTitle: indication.title,
    trial: indication.trialRegistry ? `${indication.trial} (${indication.trialRegistry})` : indication.trial,
    labelSummary: indication.labelSummary,
    labelSource: indication.labelSource,
  };
}

function policyFindings(evaluation: IndicationEvaluation, request: PriorAuthRequest): Finding[] {
  const { indication } = evaluation;
  const risks = indication.policyRisks.flatMap((risk): Finding[] => {
    const { reading, value } = readBiomarker(request, risk.biomarker);
    if (reading !== 'positive') return [];
    const message = `${risk.biomarker} ${value} with ${indication.trial}: ${risk.message} (${risk.source}).`;
    return [
      { severity: 'warning', code: 'POLICY_RISK', message, path: `diagnosis.biomarkers.${risk.biomarker}` },
    ];
  });
  const outsideTrial = evaluation.criteria
    .filter((criterion) => criterion.basis === 'trial' && criterion.met === false)
    .map(
      (criterion): Finding => ({
        severity: 'warning',
        code: 'POLICY_RISK',
        message: `Outside the ${indication.trial} trial population: ${criterion.description}; found ${criterion.evidence}. The label does not require it, but a reviewer may ask.`,
        path: criterion.path,
      }),
    );
  return [...risks, ...outsideTrial];
}

function missingFinding(criterion: CriterionResult, indication: Indication): Finding {
  return {
    severity: 'warning',
    code: 'INSUFFICIENT_INFORMATION',
    message: `Cannot tell whether "${criterion.description}" (${indication.trial} label) is met: ${criterion.evidence}. Add it to the request.`,
    path: criterion.path,
  };
}

function failedFinding(criterion: CriterionResult, indication: Indication): Finding {
  return {
    severity: 'error',
    code: LINE_OF_THERAPY_KINDS.has(criterion.kind) ? LINE_OF_THERAPY_FINDING : 'CRITERION_NOT_MET',
    message: `${indication.trial} label criterion "${criterion.description}" is not met: ${criterion.evidence}.`,
    path: criterion.path,
  };
}

/** The verdict for a labeled indication none of whose label conditions fails. */
function assessOnLabel(best: IndicationEvaluation, request: PriorAuthRequest): Result {
  const { indication } = best;
  const unknown = best.criteria.filter((criterion) => criterion.basis === 'label' && criterion.met === null);
  const findings = [
    ...best.criteria.flatMap((criterion) => criterion.findings),
    ...policyFindings(best, request),
  ];
  const common = {
    ...labelFields(indication),
    criteria: best.criteria.map(toCriterion),
    supportingEvidence: null,
  };
  if (unknown.length === 0) {
    const summary = `Meets the FDA label: ${indication.title} (${indication.trial}), ${best.phase.name}.`;
    return { assessment: { verdict: 'meets_label', ...common, summary }, findings };
  }
  findings.push(...unknown.map((criterion) => missingFinding(criterion, indication)));
  const missing = unknown.map((criterion) => criterion.description).join('; ');
  const summary = `Closest labeled indication: ${indication.title} (${indication.trial}); missing: ${missing}.`;
  return { assessment: { verdict: 'insufficient_information', ...common, summary }, findings };
}

/**
 * The request against durvalumab's label: the verdict (meets_label, compendia_supported,
 * not_supported, insufficient_information), one criterion per label condition with its
 * evidence, and findings (CRITERION_NOT_MET, POLICY_RISK, INSUFFICIENT_INFORMATION, ...).
 */
export function assessIndication(request: PriorAuthRequest, options: AssessIndicationOptions = {}): Result {
  const best = matchIndications(request)[0];
  const failsLabel = best?.criteria.some(
    (criterion) => criterion.basis === 'label' && criterion.met === false,
  );
  if (best !== undefined && !failsLabel) return assessOnLabel(best, request);
  // Off-label: no labeled indication matches, or the closest one fails a label condition.
  const rated = request.treatmentPlan.supportingEvidence.map((evidence, index) =>
    rateEvidence(evidence, index, options),
  );
  return assessOffLabel(request, best ?? null, rated);
}

/** What an off-label assessment says whatever the evidence: why off label, and the criteria so far. */
interface OffLabelContext {
  request: PriorAuthRequest;
  closest: IndicationEvaluation | null;
  failed: CriterionResult[];
  why: string;
  unapprovedNote: string;
  baseCriteria: Criterion[];
  rated: RatedEvidence[];
}

function offLabelContext(
  request: PriorAuthRequest,
  closest: IndicationEvaluation | null,
  rated: RatedEvidence[],
): OffLabelContext {
  const icd10 = request.diagnosis.icd10.join(', ');
  const failed =
    closest?.criteria.filter((criterion) => criterion.basis === 'label' && criterion.met === false) ?? [];
  const unapproved = matchIndications(request, ['withdrawn', 'not_approved']).find((evaluation) =>
    evaluation.criteria.every((criterion) => criterion.basis !== 'label' || criterion.met !== false),
  );
  const unapprovedNote =
    unapproved === undefined
      ? ''
      : ` It matches ${unapproved.indication.title} (${unapproved.indication.trial}), which is not on the US label (${unapproved.indication.referenceStatus}).`;
  const why =
    closest === null
      ? `diagnosis.icd10 = ${icd10} matches no labeled durvalumab indication.`
      : `Closest labeled indication ${closest.indication.trial} fails: ${failed.map((criterion) => criterion.description).join('; ')}.`;
  const baseCriteria: Criterion[] =
    closest === null
      ? [
          {
            id: 'diagnosis_code',
            description: 'Diagnosis of a labeled durvalumab indication',
            met: false,
            evidence: `diagnosis.icd10 = ${icd10}: no labeled indication`,
          },
        ]
      : closest.criteria.map(toCriterion);
  return { request, closest, failed, why, unapprovedNote, baseCriteria, rated };
}

const evidencePath = (entry: RatedEvidence) => `treatmentPlan.supportingEvidence[${entry.index}]`;

function compendiaSupported(context: OffLabelContext, supportive: RatedEvidence): Result {
  const findings = context.rated
    .filter((entry) => entry.rating === 'not_supportive')
    .map(
      (entry): Finding => ({
        severity: 'warning',
        code: 'POLICY_RISK',
        message: `Conflicting compendium evidence: ${entry.text} (${entry.reason}).`,
        path: evidencePath(entry),
      }),
    );
  const support: Criterion = {
    id: 'compendia_support',
    description: COMPENDIA_REFERENCE.criterion,
    met: true,
    evidence: `${evidencePath(supportive)}: ${supportive.text} (${supportive.reason})`,
  };
  return {
    assessment: {
      verdict: 'compendia_supported',
      ...labelFields(null),
      criteria: [...context.baseCriteria, support],
      supportingEvidence: supportive.text,
      summary: `Off-label use (${context.why.replace(/\.$/, '')}) supported by ${supportive.text}.${context.unapprovedNote}`,
    },
    findings,
  };
}

function offLabelFailure(context: OffLabelContext): Finding[] {
  const { closest, why } = context;
  if (closest !== null)
    return context.failed.map((criterion) => failedFinding(criterion, closest.indication));
  const labeled = INDICATIONS.filter((indication) => indication.status === 'approved')
    .map((indication) => indication.trial)
    .join(', ');
  return [
    {
      severity: 'error',
      code: 'DIAGNOSIS_NOT_COVERED',
      message: `${why} Durvalumab is labeled for ${labeled} indications.`,
      path: 'diagnosis.icd10',
    },
  ];
}

function unsupportedFinding(context: OffLabelContext): Finding {
  const { rated } = context;
  const cited =
    rated.length === 0
      ? 'treatmentPlan.supportingEvidence is empty'
      : rated.map((entry) => `${entry.text} (${entry.reason})`).join('; ');
  return {
    severity: 'error',
    code: 'OFF_LABEL_UNSUPPORTED',
    message: `Off-label use without supportive compendium evidence: ${cited}. ${COMPENDIA_REFERENCE.accepted}${context.unapprovedNote}`,
    path: 'treatmentPlan.supportingEvidence',
  };
}

function assessOffLabel(
  request: PriorAuthRequest,
  closest: IndicationEvaluation | null,
  rated: RatedEvidence[],
): Result {
  const context = offLabelContext(request, closest, rated);
  const supportive = rated.find((entry) => entry.rating === 'supportive');
  if (supportive !== undefined) return compendiaSupported(context, supportive);

  const incomplete = rated.find((entry) => entry.rating === 'incomplete');
  const support: Criterion = {
    id: 'compendia_support',
    description: COMPENDIA_REFERENCE.criterion,
    met: incomplete === undefined ? false : null,
    evidence:
      rated.length === 0
        ? 'treatmentPlan.supportingEvidence is empty'
        : rated.map((entry) => `${evidencePath(entry)}: ${entry.text} (${entry.reason})`).join('; '),
  };
  const common = {
    ...labelFields(closest?.indication ?? null),
    criteria: [...context.baseCriteria, support],
    supportingEvidence: null,
  };
  const findings = offLabelFailure(context);
  if (incomplete !== undefined) {
    const lacks = incomplete.missing.join(' and ');
    findings.push({
      severity: 'warning',
      code: 'INSUFFICIENT_INFORMATION',
      message: `${incomplete.text}: ${incomplete.reason}; add treatmentPlan.supportingEvidence[${incomplete.index}].${lacks}.`,
      path: `${evidencePath(incomplete)}.${incomplete.missing[0] ?? 'version'}`,
    });
    const summary = `Off-label use: ${context.why} The compendium citation lacks its ${lacks}.${context.unapprovedNote}`;
    return { assessment: { verdict: 'insufficient_information', ...common, summary }, findings };
  }
  findings.push(unsupportedFinding(context));
  const summary = `Not supported: ${context.why}${context.unapprovedNote}`;
  return { assessment: { verdict: 'not_supported', ...common, summary }, findings };
}
