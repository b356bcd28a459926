/**
 * Durvalumab's labeled indications (reference/indications.json) and the assessment of a request
 * against them, as one entry point. The work lives in the modules re-exported here: terms
 * (codes, histology, stage), regimen (agents, phases), history (the clinical record), criteria
 * (one evaluator per kind), matching (best indication), compendia (off-label evidence) and
 * verdict (the assessment of API.md).
 */
export {
  type CodeSpan,
  type CriterionDefinition,
  INDICATIONS_REFERENCE,
  type Indication,
  type IndicationsReference,
  type Phase,
  type Regimen,
} from '../reference/index.ts';
export { type EvidenceOptions, type EvidenceRating, type RatedEvidence, rateEvidence } from './compendia.ts';
export type { CriterionResult } from './criteria.ts';
export { evaluateIndication, type IndicationEvaluation, matchIndications } from './matching.ts';
export { expandAgents, resolvePhase } from './regimen.ts';
export {
  codeInSpan,
  findIndication,
  histologyMatches,
  INDICATIONS,
  normaliseStage,
  stageMatches,
  WEIGHT_THRESHOLD_KG,
} from './terms.ts';
export { type AssessIndicationOptions, assessIndication } from './verdict.ts';
