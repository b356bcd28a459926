/** Which labeled indications a request names, each evaluated criterion by criterion, best match first. */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Indication, Phase } from '../reference/index.ts';
import {
  type CriterionContext,
  type CriterionResult,
  evaluateCombination,
  evaluateCriterion,
} from './criteria.ts';
import { resolvePhase } from './regimen.ts';
import { codeInSpan, INDICATIONS } from './terms.ts';

export interface IndicationEvaluation {
  indication: Indication;
  phase: Phase;
  criteria: CriterionResult[];
}

/** Every criterion of one indication (and the combination of the phase asked for) against a request. */
export function evaluateIndication(indication: Indication, request: PriorAuthRequest): IndicationEvaluation {
  const phase = resolvePhase(indication, request.treatmentPlan, request.oncologicHistory);
  const context: CriterionContext = { request, indication, phase };
  const criteria = indication.criteria.map((definition) => evaluateCriterion(definition, context));
  criteria.push(evaluateCombination(context));
  return { indication, phase, criteria };
}

const IDENTITY_KINDS = new Set<CriterionResult['kind']>(['diagnosis_code', 'histology']);

/** Lower is a better match: wrong tissue first, then failed label conditions, unknowns, fewer met. */
function rank(evaluation: IndicationEvaluation): number[] {
  const label = evaluation.criteria.filter((criterion) => criterion.basis === 'label');
  const count = (test: (criterion: CriterionResult) => boolean) => label.filter(test).length;
  return [
    count((criterion) => IDENTITY_KINDS.has(criterion.kind) && criterion.met === false),
    count((criterion) => criterion.met === false),
    count((criterion) => criterion.met === null),
    -count((criterion) => criterion.met === true),
  ];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The indications whose diagnosis codes the request names, best match first. */
export function matchIndications(
  request: PriorAuthRequest,
  statuses: ReadonlyArray<Indication['status']> = ['approved'],
): IndicationEvaluation[] {
  return INDICATIONS.filter((indication) => statuses.includes(indication.status))
    .filter((indication) =>
      request.diagnosis.icd10.some((code) =>
        indication.diagnosisCodes.some((span) => codeInSpan(code, span)),
      ),
    )
    .map((indication) => evaluateIndication(indication, request))
    .map((evaluation, order) => ({ evaluation, order, rank: rank(evaluation) }))
    .sort((a, b) => compareRanks(a.rank, b.rank) || a.order - b.order)
    .map(({ evaluation }) => evaluation);
}
