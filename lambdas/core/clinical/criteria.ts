/**
 * Each kind of label or trial criterion of reference/indications.json has one evaluator: it
 * reads the request and says met / not met / unknown, with the evidence and the field that
 * decided it. A new kind of criterion is a schema entry and one evaluator here.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Criterion, Finding } from '../model.ts';
import type { CriterionDefinition, Indication, Phase } from '../reference/index.ts';
import { canonicalIcd10 } from '../validation.ts';
import { daysBetween, readBiomarker, readChemoradiation, readProgression } from './history.ts';
import { readFirstLine, readStartedWithFirstPhase } from './line-of-therapy.ts';
import {
  agentIs,
  allowedAgents,
  canonicalAgent,
  describeGroup,
  expandAgents,
  fitsCombination,
  historyAgents,
  satisfiesGroup,
} from './regimen.ts';
import { codeInSpan, describeSpan, histologyMatches, readNodes, stageMatches, vocabulary } from './terms.ts';

export interface CriterionResult extends Criterion {
  basis: 'label' | 'trial';
  kind: CriterionDefinition['kind'] | 'combination';
  /** The request field that decided it, or that is missing. */
  path: string;
  /** Warnings the evaluation raised on its own (an UNVERIFIED code that matched, ...). */
  findings: Finding[];
}

export interface CriterionContext {
  request: PriorAuthRequest;
  indication: Indication;
  phase: Phase;
}

type Definition = Pick<CriterionResult, 'id' | 'description' | 'basis' | 'kind'>;

function result(
  definition: Definition,
  met: boolean | null,
  evidence: string,
  path: string,
  findings: Finding[] = [],
): CriterionResult {
  const { id, description, basis, kind } = definition;
  return { id, description, basis, kind, met, evidence, path, findings };
}

/** A yes/no field of the diagnosis: unknown when absent, else met when `test` holds. */
function fieldResult<T>(
  definition: Definition,
  path: string,
  value: T | undefined,
  test: (value: T) => boolean,
): CriterionResult {
  if (value === undefined) return result(definition, null, `${path} is not given`, path);
  return result(definition, test(value), `${path} = ${value}`, path);
}

type Evaluators = {
  [K in CriterionDefinition['kind']]: (
    definition: Extract<CriterionDefinition, { kind: K }>,
    context: CriterionContext,
  ) => CriterionResult;
};

function diagnosisCode(definition: Definition, { request, indication }: CriterionContext): CriterionResult {
  const icd10 = request.diagnosis.icd10;
  for (const code of icd10) {
    const span = indication.diagnosisCodes.find((candidate) => codeInSpan(code, candidate));
    if (span === undefined) continue;
    const findings: Finding[] = span.unverified
      ? [
          {
            severity: 'warning',
            code: 'UNVERIFIED_REFERENCE',
            message: `${canonicalIcd10(code)} under ${indication.trial}: ${span.note ?? 'UNVERIFIED in the reference data'}`,
            path: 'diagnosis.icd10',
          },
        ]
      : [];
    const evidence = `diagnosis.icd10 = ${canonicalIcd10(code)} (within ${describeSpan(span)})`;
    return result(definition, true, evidence, 'diagnosis.icd10', findings);
  }
  const spans = indication.diagnosisCodes.map(describeSpan).join(', ');
  return result(
    definition,
    false,
    `diagnosis.icd10 = ${icd10.join(', ')}: not in ${spans}`,
    'diagnosis.icd10',
  );
}

function tumorSizeOrNodes(
  definition: Extract<CriterionDefinition, { kind: 'tumor_size_or_nodes' }>,
  { request }: CriterionContext,
): CriterionResult {
  const { tumorSizeCm: size, nodalStatus: nodes } = request.diagnosis;
  const nodeReading = nodes === undefined ? null : readNodes(nodes);
  const evidence = [
    size === undefined ? 'diagnosis.tumorSizeCm not given' : `diagnosis.tumorSizeCm = ${size}`,
    nodes === undefined ? 'diagnosis.nodalStatus not given' : `diagnosis.nodalStatus = ${nodes}`,
  ].join('; ');
  const bigEnough = size !== undefined && size >= definition.minTumorSizeCm;
  if (bigEnough || nodeReading === true)
    return result(definition, true, evidence, bigEnough ? 'diagnosis.tumorSizeCm' : 'diagnosis.nodalStatus');
  if (size !== undefined && nodeReading === false)
    return result(definition, false, evidence, 'diagnosis.tumorSizeCm');
  return result(
    definition,
    null,
    evidence,
    size === undefined ? 'diagnosis.tumorSizeCm' : 'diagnosis.nodalStatus',
  );
}

function chemoradiationEndedWithin(
  definition: Extract<CriterionDefinition, { kind: 'chemoradiation_ended_within_days' }>,
  { request }: CriterionContext,
): CriterionResult {
  const history = request.oncologicHistory;
  const end = readChemoradiation(history)
    .indexes.map((index) => history[index]!.endDate)
    .filter((date): date is string => date !== undefined)
    .sort()
    .at(-1);
  if (end === undefined)
    return result(definition, null, 'no chemoradiation end date in oncologicHistory', 'oncologicHistory');
  const start = request.treatmentPlan.startDate;
  const days = daysBetween(end, start);
  const evidence = `chemoradiation ended ${end}, treatmentPlan.startDate = ${start} (${days} days)`;
  return result(definition, days <= definition.days, evidence, 'treatmentPlan.startDate');
}

/** Earlier systemic therapy: not durvalumab's own cycles, nor (in a later phase) the first phase's chemotherapy. */
function priorSystemicTherapy({ request, indication, phase }: CriterionContext) {
  const firstPhase = indication.phases[0]!;
  const openFirstPhase = {
    ...firstPhase,
    combination: { ...firstPhase.combination, others: 'allowed' as const },
  };
  const laterPhase = phase.id !== firstPhase.id;
  return request.oncologicHistory
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => {
      if (entry.agents.length === 0) return false;
      if (entry.agents.map(canonicalAgent).includes('durvalumab')) return false;
      const agents = expandAgents(entry.agents);
      if (laterPhase && fitsCombination(agents, openFirstPhase)) return false;
      return agents.length > 0;
    });
}

function noPriorSystemicTherapy(definition: Definition, context: CriterionContext): CriterionResult {
  const prior = priorSystemicTherapy(context)[0];
  if (prior === undefined) {
    const evidence =
      context.request.oncologicHistory.length === 0
        ? 'oncologicHistory is empty'
        : 'no earlier systemic therapy in oncologicHistory';
    return result(definition, true, evidence, 'oncologicHistory');
  }
  const { entry, index } = prior;
  const evidence = `oncologicHistory[${index}]: ${entry.therapy} with ${entry.agents.join(', ')}`;
  return result(definition, false, evidence, `oncologicHistory[${index}]`);
}

const EVALUATORS: Evaluators = {
  diagnosis_code: diagnosisCode,
  histology: (definition, { request }) => {
    const { histology } = request.diagnosis;
    const family = vocabulary.histologyFamilies[definition.histology]!;
    const met = histologyMatches(histology, definition.histology);
    const evidence = `diagnosis.histology = ${histology}${met ? '' : ` (not ${family.name})`}`;
    return result(definition, met, evidence, 'diagnosis.histology');
  },
  stage: (definition, { request }) => {
    const { stage } = request.diagnosis;
    const met = stageMatches(stage, definition.stages);
    const evidence = `diagnosis.stage = ${stage}${met ? '' : ` (needs ${definition.stages.join(' or ')})`}`;
    return result(definition, met, evidence, 'diagnosis.stage');
  },
  resectability: (definition, { request }) => {
    const path = 'diagnosis.resectable';
    const needs = definition.resectable ? 'resectable' : 'unresectable';
    if (request.diagnosis.resectable === undefined)
      return result(definition, null, `${path} is not given (needs ${needs})`, path);
    return fieldResult(
      definition,
      path,
      request.diagnosis.resectable,
      (value) => value === definition.resectable,
    );
  },
  tumor_size_or_nodes: tumorSizeOrNodes,
  concurrent_platinum_chemoradiation: (definition, { request }) => {
    const reading = readChemoradiation(request.oncologicHistory);
    return result(definition, reading.met, reading.evidence, 'oncologicHistory');
  },
  no_progression_after_chemoradiation: (definition, { request }) => {
    const history = request.oncologicHistory;
    const progression = readProgression(history, readChemoradiation(history).indexes);
    return result(definition, progression.met, progression.evidence, 'oncologicHistory');
  },
  chemoradiation_ended_within_days: chemoradiationEndedWithin,
  ecog_at_most: (definition, { request }) =>
    fieldResult(definition, 'diagnosis.ecog', request.diagnosis.ecog, (ecog) => ecog <= definition.ecog),
  biomarker_negative: (definition, { request }) => {
    const path = `diagnosis.biomarkers.${definition.biomarker}`;
    const { reading, value } = readBiomarker(request, definition.biomarker);
    if (reading === 'unknown')
      return result(definition, null, value === null ? `${path} is not given` : `${path} = ${value}`, path);
    return result(definition, reading === 'negative', `${path} = ${value}`, path);
  },
  biomarker_value: (definition, { request }) =>
    fieldResult(
      definition,
      `diagnosis.biomarkers.${definition.biomarker}`,
      request.diagnosis.biomarkers?.[definition.biomarker],
      (raw) => String(raw) === definition.value,
    ),
  no_prior_systemic_therapy: noPriorSystemicTherapy,
  cisplatin_eligible: (definition, { request }) =>
    fieldResult(
      definition,
      'diagnosis.cisplatinEligible',
      request.diagnosis.cisplatinEligible,
      (eligible) => eligible,
    ),
  first_line: (definition, { request }) => {
    const line = readFirstLine(request);
    return result(definition, line.met, line.evidence, line.path);
  },
  started_with_first_phase: (definition, { request, indication, phase }) => {
    const line = readStartedWithFirstPhase(request, indication, phase);
    return result(definition, line.met, line.evidence, line.path);
  },
};

export function evaluateCriterion(
  definition: CriterionDefinition,
  context: CriterionContext,
): CriterionResult {
  const evaluate = EVALUATORS[definition.kind] as (
    definition: CriterionDefinition,
    context: CriterionContext,
  ) => CriterionResult;
  return evaluate(definition, context);
}

function describeCombination(phase: Phase): string {
  const spec = phase.combination;
  if (spec.required.length > 0)
    return `In combination with ${spec.required.map(describeGroup).join(' and ')} (${phase.name})`;
  if (spec.others !== 'none') return `Durvalumab (${phase.name})`;
  const optional = spec.optional?.length ? `, optionally with ${spec.optional.join(' or ')}` : '';
  return `Single agent${optional} (${phase.name})`;
}

/** The plan's partners against the combination rule of the phase asked for. */
export function evaluateCombination({ request, phase }: CriterionContext): CriterionResult {
  const plan = request.treatmentPlan;
  const spec = phase.combination;
  const agents = expandAgents(plan.combination);
  const definition: Definition = {
    id: 'combination',
    description: describeCombination(phase),
    basis: 'label',
    kind: 'combination',
  };
  const path = 'treatmentPlan.combination';
  const evidence = `treatmentPlan.combination = [${plan.combination.join(', ')}]`;
  const pool = spec.requiredMayBeInHistory ? [...agents, ...historyAgents(request.oncologicHistory)] : agents;
  const missing = spec.required.filter((group) => satisfiesGroup(pool, group) === undefined);
  if (missing.length > 0)
    return result(
      definition,
      false,
      `${evidence}: missing ${missing.map(describeGroup).join(' and ')}`,
      path,
    );
  if (spec.others === 'none') {
    const allowed = allowedAgents(phase);
    const extra = agents.filter((agent) => !allowed.some((name) => agentIs(agent, name)));
    if (extra.length > 0) {
      const why = `${extra.join(', ')} is not part of the labeled ${phase.name} regimen`;
      return result(definition, false, `${evidence}: ${why}`, path);
    }
  }
  const fromHistory =
    spec.requiredMayBeInHistory && spec.required.some((group) => satisfiesGroup(agents, group) === undefined);
  return result(
    definition,
    true,
    fromHistory ? `${evidence}; the partner is in oncologicHistory` : evidence,
    path,
  );
}
