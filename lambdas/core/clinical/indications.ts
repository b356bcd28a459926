/**
 * Durvalumab's labeled indications as data (reference/indications.json) and the assessment of a
 * request against them: which indication the request is, each label condition met / not met /
 * unknown with the evidence that decided it, and the verdict of API.md.
 *
 * Off-label use is judged by the compendia rules of Medicare Benefit Policy Manual ch.15
 * §50.4.5 as reference/regulation.md (c) summarises them.
 */
import * as z from 'zod';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Assessment, Criterion, Finding } from '../model.ts';
import indicationsData from '../reference/indications.json' with { type: 'json' };
import { canonicalIcd10 } from '../validation.ts';

// ---------------------------------------------------------------------------------------------
// The reference data, checked at load
// ---------------------------------------------------------------------------------------------

const CodeSpan = z.union([
  z.object({ code: z.string(), unverified: z.boolean().optional(), note: z.string().optional() }),
  z.object({
    from: z.string(),
    to: z.string(),
    unverified: z.boolean().optional(),
    note: z.string().optional(),
  }),
]);
export type CodeSpan = z.infer<typeof CodeSpan>;

const Basis = z.enum(['label', 'trial']);
const criterionBase = {
  id: z.string(),
  basis: Basis,
  description: z.string(),
  unverified: z.boolean().optional(),
};

const CriterionDefinition = z.discriminatedUnion('kind', [
  z.object({ ...criterionBase, kind: z.literal('diagnosis_code') }),
  z.object({ ...criterionBase, kind: z.literal('histology'), histology: z.string() }),
  z.object({ ...criterionBase, kind: z.literal('stage'), stages: z.array(z.string()).min(1) }),
  z.object({ ...criterionBase, kind: z.literal('resectability'), resectable: z.boolean() }),
  z.object({
    ...criterionBase,
    kind: z.literal('tumor_size_or_nodes'),
    minTumorSizeCm: z.number().positive(),
  }),
  z.object({ ...criterionBase, kind: z.literal('concurrent_platinum_chemoradiation') }),
  z.object({ ...criterionBase, kind: z.literal('no_progression_after_chemoradiation') }),
  z.object({
    ...criterionBase,
    kind: z.literal('chemoradiation_ended_within_days'),
    days: z.number().int().positive(),
  }),
  z.object({ ...criterionBase, kind: z.literal('ecog_at_most'), ecog: z.number().int().min(0).max(4) }),
  z.object({ ...criterionBase, kind: z.literal('biomarker_negative'), biomarker: z.string() }),
  z.object({
    ...criterionBase,
    kind: z.literal('biomarker_value'),
    biomarker: z.string(),
    value: z.string(),
  }),
  z.object({ ...criterionBase, kind: z.literal('no_prior_systemic_therapy') }),
  z.object({ ...criterionBase, kind: z.literal('cisplatin_eligible') }),
]);
export type CriterionDefinition = z.infer<typeof CriterionDefinition>;

const Regimen = z.object({
  weightBand: z.enum(['>=30kg', '<30kg', 'any']),
  mg: z.number().positive().optional(),
  mgPerKg: z.number().positive().optional(),
  intervalWeeks: z.number().int().positive(),
  unverified: z.boolean().optional(),
  note: z.string().optional(),
});
export type Regimen = z.infer<typeof Regimen>;

const Phase = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  combination: z.object({
    /** Each inner list is "one of these"; every list must be satisfied. "@platinum" = any platinum agent. */
    required: z.array(z.array(z.string()).min(1)),
    optional: z.array(z.string()).optional(),
    /** "none": nothing but the required and optional agents (single agent when both are empty). */
    others: z.enum(['allowed', 'none']),
    /** The partner is given once (e.g. tremelimumab at cycle 1 day 1): the history may show it. */
    requiredMayBeInHistory: z.boolean().optional(),
  }),
  maxCycles: z.number().int().positive().optional(),
  regimens: z.array(Regimen).min(1),
});
export type Phase = z.infer<typeof Phase>;

const PolicyRisk = z.object({
  id: z.string(),
  kind: z.literal('biomarker_positive'),
  biomarker: z.string(),
  message: z.string(),
  source: z.string(),
});

const Indication = z.object({
  id: z.string(),
  status: z.enum(['approved', 'withdrawn', 'not_approved']),
  referenceStatus: z.string(),
  unverified: z.boolean().optional(),
  trial: z.string(),
  trialRegistry: z.string().optional(),
  trialRegistryUnverified: z.boolean().optional(),
  approvalDate: z.string().optional(),
  withdrawnDate: z.string().optional(),
  title: z.string(),
  labelSummary: z.string(),
  labelSource: z.string(),
  sources: z.array(z.string()).min(1),
  diagnosisCodes: z.array(CodeSpan).min(1),
  criteria: z.array(CriterionDefinition).min(1),
  policyRisks: z.array(PolicyRisk),
  notes: z.array(z.string()).optional(),
  phases: z.array(Phase).min(1),
  maxDuration: z.object({ months: z.number().int().positive().optional(), text: z.string() }),
  dosingSource: z.string(),
});
export type Indication = z.infer<typeof Indication>;

const HistologyFamily = z.object({
  name: z.string(),
  include: z.array(z.string()),
  exclude: z.array(z.string()),
});

const IndicationsFile = z.object({
  weightThresholdKg: z.number().positive(),
  weightRule: z.string(),
  weightRuleSources: z.array(z.string()),
  doseToleranceMg: z.number().nonnegative(),
  vocabulary: z.object({
    platinumAgents: z.array(z.string()).min(1),
    agentSynonyms: z.record(z.string(), z.array(z.string())),
    regimenAbbreviations: z.record(z.string(), z.array(z.string())),
    radiationTerms: z.array(z.string()).min(1),
    noProgressionResponses: z.array(z.string()),
    progressionResponses: z.array(z.string()),
    histologyFamilies: z.record(z.string(), HistologyFamily),
    biomarkerNegativeValues: z.array(z.string()),
    biomarkerUnknownValues: z.array(z.string()),
  }),
  indications: z.array(Indication).min(1),
});
export type IndicationsReference = z.infer<typeof IndicationsFile>;

function loadReference(): IndicationsReference {
  const reference = IndicationsFile.parse(indicationsData);
  for (const indication of reference.indications) {
    for (const criterion of indication.criteria) {
      if (
        criterion.kind === 'histology' &&
        !(criterion.histology in reference.vocabulary.histologyFamilies)
      ) {
        throw new Error(`indications.json: ${indication.id}.${criterion.id} names unknown histology family`);
      }
    }
  }
  return reference;
}

/** reference/indications.json, checked once at load: a broken data file fails at start. */
export const INDICATIONS_REFERENCE: IndicationsReference = loadReference();
export const INDICATIONS: readonly Indication[] = INDICATIONS_REFERENCE.indications;
export const WEIGHT_THRESHOLD_KG = INDICATIONS_REFERENCE.weightThresholdKg;
const vocabulary = INDICATIONS_REFERENCE.vocabulary;

export function findIndication(id: string): Indication | undefined {
  return INDICATIONS.find((indication) => indication.id === id);
}

// ---------------------------------------------------------------------------------------------
// Small readers of the request's clinical facts
// ---------------------------------------------------------------------------------------------

type Plan = PriorAuthRequest['treatmentPlan'];
type TherapyEntry = PriorAuthRequest['oncologicHistory'][number];

/** Whether an ICD-10-CM code falls in a span; a range's upper bound covers its subcodes (C68 covers C68.9). */
export function codeInSpan(code: string, span: CodeSpan): boolean {
  const value = canonicalIcd10(code);
  if ('code' in span) return value.startsWith(span.code);
  return value >= span.from && (value <= span.to || value.startsWith(span.to));
}

function describeSpan(span: CodeSpan): string {
  return 'code' in span ? span.code : `${span.from}-${span.to}`;
}

function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/non[\s-]+small/g, 'nonsmall')
    .replace(/[_\s]+/g, ' ')
    .trim();
}

function hasTerm(text: string, term: string): boolean {
  const escaped = normaliseText(term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text);
}

/** Whether a histology text belongs to a family of reference vocabulary.histologyFamilies. */
export function histologyMatches(histology: string, family: string): boolean {
  const definition = vocabulary.histologyFamilies[family];
  if (definition === undefined) return false;
  const text = normaliseText(histology);
  return (
    definition.include.some((term) => hasTerm(text, term)) &&
    !definition.exclude.some((term) => hasTerm(text, term))
  );
}

const ARABIC_TO_ROMAN: Record<string, string> = { '1': 'I', '2': 'II', '3': 'III', '4': 'IV' };

/** An AJCC stage group in upper-case Roman form (IIIB, IVA, 0IS) or a lower-case word (limited). */
export function normaliseStage(stage: string): string {
  const text = stage
    .trim()
    .replace(/^stage\s*/i, '')
    .trim();
  const arabic = /^([1-4])([a-c]\d?)?$/i.exec(text);
  if (arabic) return `${ARABIC_TO_ROMAN[arabic[1] ?? ''] ?? ''}${(arabic[2] ?? '').toUpperCase()}`;
  if (/^[0IVX]+[A-C]?\d?$/i.test(text) || /^0(is|a)$/i.test(text)) return text.toUpperCase();
  return normaliseText(text.replace(/-/g, ' '));
}

/** Whether a stage falls in one of the allowed groups: "III" covers IIIA-IIIC2, never IV. */
export function stageMatches(stage: string, allowed: readonly string[]): boolean {
  const value = normaliseStage(stage);
  return allowed.some((group) => {
    if (/^[0IVX]/.test(group)) {
      if (value === group) return true;
      if (!value.startsWith(group)) return false;
      const next = value.charAt(group.length);
      return !(/[IVX]$/.test(group) && /[IVX]/.test(next));
    }
    return hasTerm(value, group);
  });
}

function canonicalAgent(agent: string): string {
  const text = normaliseText(agent);
  for (const [name, synonyms] of Object.entries(vocabulary.agentSynonyms)) {
    if ([name, ...synonyms].some((candidate) => agentIs(text, candidate))) return name;
  }
  return text;
}

function agentIs(agent: string, name: string): boolean {
  return agent === name || [' ', '-', '('].some((separator) => agent.startsWith(`${name}${separator}`));
}

/** The agents of a list as canonical names, abbreviations (FLOT) expanded, durvalumab left out. */
export function expandAgents(agents: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of agents) {
    for (const part of entry.split(/[/+,]/)) {
      const text = normaliseText(part);
      if (text === '') continue;
      const expansion = vocabulary.regimenAbbreviations[text.replace(/[\s-]/g, '')];
      for (const agent of expansion ?? [text]) {
        const canonical = canonicalAgent(agent);
        if (canonical !== 'durvalumab' && !out.includes(canonical)) out.push(canonical);
      }
    }
  }
  return out;
}

function groupNames(name: string): string[] {
  return name === '@platinum' ? vocabulary.platinumAgents : [name];
}

function satisfiesGroup(agents: readonly string[], group: readonly string[]): string | undefined {
  const names = group.flatMap(groupNames);
  return agents.find((agent) => names.some((name) => agentIs(agent, name)));
}

function describeGroup(group: readonly string[]): string {
  return group.map((name) => (name === '@platinum' ? 'a platinum agent' : name)).join(' or ');
}

/** Whether the agents fit a phase's combination rule. */
function fitsCombination(
  agents: readonly string[],
  phase: Phase,
  historyAgents: readonly string[] = [],
): boolean {
  const spec = phase.combination;
  const pool = spec.requiredMayBeInHistory ? [...agents, ...historyAgents] : agents;
  if (!spec.required.every((group) => satisfiesGroup(pool, group) !== undefined)) return false;
  if (spec.others === 'allowed') return true;
  const allowed = [...spec.required.flat().flatMap(groupNames), ...(spec.optional ?? [])];
  return agents.every((agent) => allowed.some((name) => agentIs(agent, name)));
}

function historyAgents(history: readonly TherapyEntry[]): string[] {
  return expandAgents(history.flatMap((entry) => entry.agents));
}

/**
 * The phase of an indication's regimen the plan asks for: the one it names
 * (treatmentPlan.phase), else the one whose combination fits, else the one whose interval fits,
 * else the first.
 */
export function resolvePhase(
  indication: Indication,
  plan: Plan,
  history: readonly TherapyEntry[] = [],
): Phase {
  const phases = indication.phases;
  const first = phases[0]!;
  if (phases.length === 1) return first;
  if (plan.phase !== undefined) {
    const stated = normaliseText(plan.phase);
    const named =
      phases.find((phase) => normaliseText(phase.id) === stated) ??
      phases.find((phase) => phase.aliases.some((alias) => normaliseText(alias) === stated));
    if (named) return named;
  }
  const agents = expandAgents(plan.combination);
  const previous = historyAgents(history);
  const fitting = phases.filter((phase) => fitsCombination(agents, phase, previous));
  const byInterval = (candidates: readonly Phase[]) =>
    candidates.find((phase) =>
      phase.regimens.some((regimen) => regimen.intervalWeeks === plan.intervalWeeks),
    );
  return byInterval(fitting) ?? fitting[0] ?? byInterval(phases) ?? first;
}

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

type BiomarkerReading = 'negative' | 'positive' | 'unknown';

function readBiomarker(
  request: PriorAuthRequest,
  name: string,
): { reading: BiomarkerReading; value: string | null } {
  const raw = request.diagnosis.biomarkers?.[name];
  if (raw === undefined || raw === null || String(raw).trim() === '')
    return { reading: 'unknown', value: null };
  const value = String(raw).trim();
  const text = normaliseText(value);
  if (vocabulary.biomarkerUnknownValues.some((term) => normaliseText(term) === text))
    return { reading: 'unknown', value };
  if (vocabulary.biomarkerNegativeValues.some((term) => normaliseText(term) === text))
    return { reading: 'negative', value };
  return { reading: 'positive', value };
}

function isRadiation(entry: TherapyEntry): boolean {
  if ((entry.radiationGy ?? 0) > 0) return true;
  const text = normaliseText(entry.therapy);
  return vocabulary.radiationTerms.some((term) => hasTerm(text, term) || text.includes(normaliseText(term)));
}

function platinumIn(entry: TherapyEntry): string | undefined {
  return satisfiesGroup(expandAgents(entry.agents), ['@platinum']);
}

function overlaps(a: TherapyEntry, b: TherapyEntry): boolean | null {
  if (!a.startDate || !b.startDate || !a.endDate || !b.endDate) return null;
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

interface ChemoradiationReading {
  met: boolean | null;
  evidence: string;
  /** The history entries the reading rests on. */
  indexes: number[];
}

/** Concurrent platinum chemoradiation in the history: one entry with both, or two overlapping. */
function readChemoradiation(history: readonly TherapyEntry[]): ChemoradiationReading {
  const describe = (index: number) => {
    const entry = history[index]!;
    const agents = entry.agents.length > 0 ? ` with ${entry.agents.join(', ')}` : '';
    const gy = entry.radiationGy !== undefined ? `, ${entry.radiationGy} Gy` : '';
    const dates = entry.startDate ? `, ${entry.startDate} to ${entry.endDate ?? '?'}` : '';
    return `oncologicHistory[${index}]: ${entry.therapy}${agents}${gy}${dates}`;
  };
  const combined = history
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => isRadiation(entry) && platinumIn(entry) !== undefined);
  for (const { entry, index } of combined) {
    const text = normaliseText(entry.therapy);
    if (hasTerm(text, 'sequential'))
      return { met: false, evidence: `${describe(index)} (sequential, not concurrent)`, indexes: [index] };
    if (hasTerm(text, 'concurrent') || hasTerm(text, 'concomitant'))
      return { met: true, evidence: describe(index), indexes: [index] };
  }
  if (combined.length > 0) {
    const { index } = combined[0]!;
    return {
      met: null,
      evidence: `${describe(index)}: the history does not say whether it was concurrent or sequential`,
      indexes: [index],
    };
  }
  const radiation = history
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => isRadiation(entry));
  const platinum = history
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => !isRadiation(entry) && platinumIn(entry) !== undefined);
  for (const r of radiation) {
    for (const p of platinum) {
      const overlap = overlaps(r.entry, p.entry);
      if (overlap === true)
        return {
          met: true,
          evidence: `${describe(p.index)} overlapping ${describe(r.index)}`,
          indexes: [p.index, r.index],
        };
      if (overlap === false)
        return {
          met: false,
          evidence: `${describe(p.index)} and ${describe(r.index)} do not overlap (sequential)`,
          indexes: [p.index, r.index],
        };
    }
  }
  if (radiation.length > 0 && platinum.length > 0) {
    return {
      met: null,
      evidence:
        'platinum chemotherapy and radiation are in oncologicHistory without dates that show them concurrent',
      indexes: [],
    };
  }
  const missing =
    radiation.length === 0 && platinum.length === 0
      ? 'platinum chemotherapy or radiation'
      : radiation.length === 0
        ? 'radiation'
        : 'platinum chemotherapy';
  return { met: false, evidence: `oncologicHistory shows no ${missing}`, indexes: [] };
}

function readProgression(
  history: readonly TherapyEntry[],
  indexes: readonly number[],
): { met: boolean | null; evidence: string } {
  if (indexes.length === 0)
    return { met: null, evidence: 'no chemoradiation in oncologicHistory to judge progression after' };
  const entries = indexes.map((index) => ({ index, entry: history[index]! }));
  const progressed = entries.find(({ entry }) => entry.progressionDate !== undefined);
  if (progressed)
    return {
      met: false,
      evidence: `oncologicHistory[${progressed.index}].progressionDate = ${progressed.entry.progressionDate}`,
    };
  const responses = entries.filter(({ entry }) => entry.response !== undefined);
  for (const { index, entry } of responses) {
    const text = normaliseText(entry.response!);
    if (vocabulary.progressionResponses.some((term) => normaliseText(term) === text)) {
      return { met: false, evidence: `oncologicHistory[${index}].response = ${entry.response}` };
    }
  }
  for (const { index, entry } of responses) {
    const text = normaliseText(entry.response!);
    if (vocabulary.noProgressionResponses.some((term) => normaliseText(term) === text)) {
      return { met: true, evidence: `oncologicHistory[${index}].response = ${entry.response}` };
    }
  }
  const first = indexes[0]!;
  return {
    met: null,
    evidence: `oncologicHistory[${first}].response does not say whether the disease progressed`,
  };
}

// ---------------------------------------------------------------------------------------------
// Criteria
// ---------------------------------------------------------------------------------------------

export interface CriterionResult extends Criterion {
  basis: 'label' | 'trial';
  kind: CriterionDefinition['kind'] | 'combination';
  /** The request field that decided it, or that is missing. */
  path: string;
  /** Warnings the evaluation raised on its own (an UNVERIFIED code that matched, ...). */
  findings: Finding[];
}

interface Context {
  request: PriorAuthRequest;
  indication: Indication;
  phase: Phase;
}

function result(
  definition: { id: string; description: string; basis: 'label' | 'trial'; kind: CriterionResult['kind'] },
  met: boolean | null,
  evidence: string,
  path: string,
  findings: Finding[] = [],
): CriterionResult {
  return {
    id: definition.id,
    description: definition.description,
    basis: definition.basis,
    kind: definition.kind,
    met,
    evidence,
    path,
    findings,
  };
}

function priorSystemicTherapy(context: Context): Array<{ index: number; entry: TherapyEntry }> {
  const { request, indication, phase } = context;
  const firstPhase = indication.phases[0]!;
  const laterPhase = phase.id !== firstPhase.id;
  return request.oncologicHistory
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => {
      if (entry.agents.length === 0) return false;
      const raw = entry.agents.map((agent) => canonicalAgent(agent));
      if (raw.includes('durvalumab')) return false; // this regimen's own earlier cycles
      // In a later phase, the first phase's chemotherapy is part of this regimen.
      if (
        laterPhase &&
        fitsCombination(expandAgents(entry.agents), {
          ...firstPhase,
          combination: { ...firstPhase.combination, others: 'allowed' },
        })
      )
        return false;
      return expandAgents(entry.agents).length > 0;
    });
}

function evaluateCriterion(definition: CriterionDefinition, context: Context): CriterionResult {
  const { request, indication } = context;
  const diagnosis = request.diagnosis;
  switch (definition.kind) {
    case 'diagnosis_code': {
      for (const code of diagnosis.icd10) {
        const span = indication.diagnosisCodes.find((candidate) => codeInSpan(code, candidate));
        if (span !== undefined) {
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
          return result(
            definition,
            true,
            `diagnosis.icd10 = ${canonicalIcd10(code)} (within ${describeSpan(span)})`,
            'diagnosis.icd10',
            findings,
          );
        }
      }
      return result(
        definition,
        false,
        `diagnosis.icd10 = ${diagnosis.icd10.join(', ')}: not in ${indication.diagnosisCodes.map(describeSpan).join(', ')}`,
        'diagnosis.icd10',
      );
    }
    case 'histology': {
      const family = vocabulary.histologyFamilies[definition.histology]!;
      const met = histologyMatches(diagnosis.histology, definition.histology);
      return result(
        definition,
        met,
        `diagnosis.histology = ${diagnosis.histology}${met ? '' : ` (not ${family.name})`}`,
        'diagnosis.histology',
      );
    }
    case 'stage': {
      const met = stageMatches(diagnosis.stage, definition.stages);
      return result(
        definition,
        met,
        `diagnosis.stage = ${diagnosis.stage}${met ? '' : ` (needs ${definition.stages.join(' or ')})`}`,
        'diagnosis.stage',
      );
    }
    case 'resectability': {
      if (diagnosis.resectable === undefined) {
        return result(
          definition,
          null,
          `diagnosis.resectable is not given (needs ${definition.resectable ? 'resectable' : 'unresectable'})`,
          'diagnosis.resectable',
        );
      }
      return result(
        definition,
        diagnosis.resectable === definition.resectable,
        `diagnosis.resectable = ${diagnosis.resectable}`,
        'diagnosis.resectable',
      );
    }
    case 'tumor_size_or_nodes': {
      const size = diagnosis.tumorSizeCm;
      const nodes = diagnosis.nodalStatus;
      const nodeReading = nodes === undefined ? null : readNodes(nodes);
      const parts = [
        size === undefined ? 'diagnosis.tumorSizeCm not given' : `diagnosis.tumorSizeCm = ${size}`,
        nodes === undefined ? 'diagnosis.nodalStatus not given' : `diagnosis.nodalStatus = ${nodes}`,
      ];
      const evidence = parts.join('; ');
      if ((size !== undefined && size >= definition.minTumorSizeCm) || nodeReading === true) {
        return result(
          definition,
          true,
          evidence,
          size !== undefined && size >= definition.minTumorSizeCm
            ? 'diagnosis.tumorSizeCm'
            : 'diagnosis.nodalStatus',
        );
      }
      if (size !== undefined && nodeReading === false)
        return result(definition, false, evidence, 'diagnosis.tumorSizeCm');
      return result(
        definition,
        null,
        evidence,
        size === undefined ? 'diagnosis.tumorSizeCm' : 'diagnosis.nodalStatus',
      );
    }
    case 'concurrent_platinum_chemoradiation': {
      const reading = readChemoradiation(request.oncologicHistory);
      return result(definition, reading.met, reading.evidence, 'oncologicHistory');
    }
    case 'no_progression_after_chemoradiation': {
      const reading = readChemoradiation(request.oncologicHistory);
      const progression = readProgression(request.oncologicHistory, reading.indexes);
      return result(definition, progression.met, progression.evidence, 'oncologicHistory');
    }
    case 'chemoradiation_ended_within_days': {
      const reading = readChemoradiation(request.oncologicHistory);
      const ends = reading.indexes
        .map((index) => request.oncologicHistory[index]!.endDate)
        .filter((date): date is string => date !== undefined);
      const end = ends.sort().at(-1);
      if (end === undefined)
        return result(definition, null, 'no chemoradiation end date in oncologicHistory', 'oncologicHistory');
      const days = daysBetween(end, request.treatmentPlan.startDate);
      return result(
        definition,
        days <= definition.days,
        `chemoradiation ended ${end}, treatmentPlan.startDate = ${request.treatmentPlan.startDate} (${days} days)`,
        'treatmentPlan.startDate',
      );
    }
    case 'ecog_at_most': {
      if (diagnosis.ecog === undefined)
        return result(definition, null, 'diagnosis.ecog is not given', 'diagnosis.ecog');
      return result(
        definition,
        diagnosis.ecog <= definition.ecog,
        `diagnosis.ecog = ${diagnosis.ecog}`,
        'diagnosis.ecog',
      );
    }
    case 'biomarker_negative': {
      const path = `diagnosis.biomarkers.${definition.biomarker}`;
      const { reading, value } = readBiomarker(request, definition.biomarker);
      if (reading === 'unknown')
        return result(definition, null, value === null ? `${path} is not given` : `${path} = ${value}`, path);
      return result(definition, reading === 'negative', `${path} = ${value}`, path);
    }
    case 'biomarker_value': {
      const path = `diagnosis.biomarkers.${definition.biomarker}`;
      const raw = diagnosis.biomarkers?.[definition.biomarker];
      if (raw === undefined) return result(definition, null, `${path} is not given`, path);
      return result(definition, String(raw) === definition.value, `${path} = ${raw}`, path);
    }
    case 'no_prior_systemic_therapy': {
      const prior = priorSystemicTherapy(context);
      if (prior.length === 0) {
        return result(
          definition,
          true,
          request.oncologicHistory.length === 0
            ? 'oncologicHistory is empty'
            : 'no earlier systemic therapy in oncologicHistory',
          'oncologicHistory',
        );
      }
      const { entry, index } = prior[0]!;
      return result(
        definition,
        false,
        `oncologicHistory[${index}]: ${entry.therapy} with ${entry.agents.join(', ')}`,
        `oncologicHistory[${index}]`,
      );
    }
    case 'cisplatin_eligible': {
      if (diagnosis.cisplatinEligible === undefined)
        return result(
          definition,
          null,
          'diagnosis.cisplatinEligible is not given',
          'diagnosis.cisplatinEligible',
        );
      return result(
        definition,
        diagnosis.cisplatinEligible,
        `diagnosis.cisplatinEligible = ${diagnosis.cisplatinEligible}`,
        'diagnosis.cisplatinEligible',
      );
    }
  }
}

function readNodes(nodalStatus: string): boolean | null {
  const text = nodalStatus.trim().toLowerCase();
  const n = /n([0-3])/.exec(text);
  if (n) return n[1] !== '0';
  if (/^(positive|node[\s-]?positive|n\+)$/.test(text)) return true;
  if (/^(negative|node[\s-]?negative)$/.test(text)) return false;
  return null;
}

function evaluateCombination(context: Context): CriterionResult {
  const { request, phase } = context;
  const plan = request.treatmentPlan;
  const spec = phase.combination;
  const agents = expandAgents(plan.combination);
  const previous = historyAgents(request.oncologicHistory);
  const required = spec.required.map(describeGroup);
  const description =
    spec.required.length === 0
      ? spec.others === 'none'
        ? `Single agent${spec.optional?.length ? `, optionally with ${spec.optional.join(' or ')}` : ''} (${phase.name})`
        : `Durvalumab (${phase.name})`
      : `In combination with ${required.join(' and ')} (${phase.name})`;
  const definition = {
    id: 'combination',
    description,
    basis: 'label' as const,
    kind: 'combination' as const,
  };
  const evidence = `treatmentPlan.combination = [${plan.combination.join(', ')}]`;
  const pool = spec.requiredMayBeInHistory ? [...agents, ...previous] : agents;
  const missing = spec.required.filter((group) => satisfiesGroup(pool, group) === undefined);
  if (missing.length > 0) {
    return result(
      definition,
      false,
      `${evidence}: missing ${missing.map(describeGroup).join(' and ')}`,
      'treatmentPlan.combination',
    );
  }
  if (spec.others === 'none') {
    const allowed = [...spec.required.flat().flatMap(groupNames), ...(spec.optional ?? [])];
    const extra = agents.filter((agent) => !allowed.some((name) => agentIs(agent, name)));
    if (extra.length > 0) {
      return result(
        definition,
        false,
        `${evidence}: ${extra.join(', ')} is not part of the labeled ${phase.name} regimen`,
        'treatmentPlan.combination',
      );
    }
  }
  const fromHistory =
    spec.requiredMayBeInHistory && spec.required.some((group) => satisfiesGroup(agents, group) === undefined);
  return result(
    definition,
    true,
    fromHistory ? `${evidence}; the partner is in oncologicHistory` : evidence,
    'treatmentPlan.combination',
  );
}

export interface IndicationEvaluation {
  indication: Indication;
  phase: Phase;
  criteria: CriterionResult[];
}

/** Every criterion of one indication (and the combination of the phase asked for) against a request. */
export function evaluateIndication(indication: Indication, request: PriorAuthRequest): IndicationEvaluation {
  const phase = resolvePhase(indication, request.treatmentPlan, request.oncologicHistory);
  const context: Context = { request, indication, phase };
  const criteria = indication.criteria.map((definition) => evaluateCriterion(definition, context));
  criteria.push(evaluateCombination(context));
  return { indication, phase, criteria };
}

const IDENTITY_KINDS = new Set<CriterionResult['kind']>(['diagnosis_code', 'histology']);

/** Lower is a better match: wrong tissue first, then failed label conditions, unknowns, fewer met. */
function rank(evaluation: IndicationEvaluation): number[] {
  const label = evaluation.criteria.filter((criterion) => criterion.basis === 'label');
  return [
    label.filter((criterion) => IDENTITY_KINDS.has(criterion.kind) && criterion.met === false).length,
    label.filter((criterion) => criterion.met === false).length,
    label.filter((criterion) => criterion.met === null).length,
    -label.filter((criterion) => criterion.met === true).length,
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

// ---------------------------------------------------------------------------------------------
// Off-label evidence (BPM ch.15 §50.4.5, regulation.md (c))
// ---------------------------------------------------------------------------------------------

type Evidence = Plan['supportingEvidence'][number];

export interface EvidenceOptions {
  /** Count NCCN category 2B as supportive (MAC article A58113 does; BPM §50.4.5 lists 1 and 2A). */
  acceptNccn2B?: boolean;
  /** Count peer-reviewed literature as support (a contractor MAY accept it, BPM §50.4.5(C)). */
  acceptLiterature?: boolean;
}

export type EvidenceRating = 'supportive' | 'not_supportive' | 'incomplete' | 'unrecognised' | 'neither';

export interface RatedEvidence {
  index: number;
  rating: EvidenceRating;
  /** The citation as a reviewer reads it: "NCCN category 2A (version 2026.3, 2026-09-01): ..." */
  text: string;
  /** Why it counts or not, for the finding. */
  reason: string;
  /** Fields a compendium citation lacks (version, date). */
  missing: string[];
}

/** The date from which Lexi-Drugs is a recognised compendium (CR 9386). */
const LEXI_DRUGS_RECOGNISED_FROM = '2015-08-12';

function describeEvidence(evidence: Evidence): string {
  if (evidence.type === 'literature') return `literature: ${evidence.citation}`;
  const detail = [evidence.version ? `version ${evidence.version}` : null, evidence.date ?? null]
    .filter(Boolean)
    .join(', ');
  return `${evidence.source} ${evidence.category}${detail ? ` (${detail})` : ''}${evidence.citation ? `: ${evidence.citation}` : ''}`;
}

/** How one supporting-evidence entry counts under BPM ch.15 §50.4.5 (regulation.md (c)). */
export function rateEvidence(
  evidence: Evidence,
  index: number,
  options: EvidenceOptions = {},
): RatedEvidence {
  const text = describeEvidence(evidence);
  const rated = (rating: EvidenceRating, reason: string, missing: string[] = []): RatedEvidence => ({
    index,
    rating,
    text,
    reason,
    missing,
  });
  if (evidence.type === 'literature') {
    return options.acceptLiterature
      ? rated('supportive', 'peer-reviewed literature, which this payer accepts (BPM ch.15 §50.4.5(C))')
      : rated(
          'neither',
          'peer-reviewed literature alone is not a compendium listing: a contractor may accept it (BPM ch.15 §50.4.5(C)) and A58113 asks for full articles',
        );
  }
  const source = evidence.source.toLowerCase();
  const category = evidence.category
    .trim()
    .toLowerCase()
    .replace(/^(category|class|cat\.?)\s*/, '');
  let rating: 'supportive' | 'not_supportive' | 'neither' | 'unrecognised';
  let reason: string;
  if (source.includes('nccn')) {
    const value = category.toUpperCase();
    if (value === '1' || value === '2A')
      [rating, reason] = ['supportive', `NCCN category ${value} is supportive`];
    else if (value === '2B')
      [rating, reason] = options.acceptNccn2B
        ? ['supportive', 'NCCN category 2B, which this payer accepts (A58113)']
        : [
            'not_supportive',
            'NCCN category 2B is not supportive under BPM §50.4.5 unless the payer accepts it',
          ];
    else if (value === '3') [rating, reason] = ['not_supportive', 'NCCN category 3 is not supportive'];
    else
      [rating, reason] = ['neither', `NCCN category "${evidence.category}" is not a category (1, 2A, 2B, 3)`];
  } else if (source.includes('drugdex') || source.includes('micromedex')) {
    const value = category.toLowerCase();
    if (value === 'i' || value === 'iia' || value === 'iib')
      [rating, reason] = ['supportive', `DrugDex class ${evidence.category} is supportive`];
    else if (value === 'iii') [rating, reason] = ['not_supportive', 'DrugDex class III is not supportive'];
    else
      [rating, reason] = [
        'neither',
        `DrugDex class "${evidence.category}" is not a class (I, IIa, IIb, III)`,
      ];
  } else if (source.includes('ahfs') || source.includes('clinical pharmacology')) {
    if (/not\s+supportive|unsupportive/.test(category))
      [rating, reason] = ['not_supportive', `${evidence.source} narrative is not supportive`];
    else if (/supportive/.test(category))
      [rating, reason] = ['supportive', `${evidence.source} narrative is supportive`];
    else
      [rating, reason] = ['neither', `${evidence.source} without a supportive narrative counts as neither`];
  } else if (source.includes('lexi')) {
    if (evidence.date !== undefined && evidence.date < LEXI_DRUGS_RECOGNISED_FROM) {
      [rating, reason] = [
        'unrecognised',
        `Lexi-Drugs is a recognised compendium only from ${LEXI_DRUGS_RECOGNISED_FROM} (CR 9386)`,
      ];
    } else if (/unsupported/.test(category))
      [rating, reason] = ['not_supportive', 'Lexi-Drugs "Use: Unsupported" is not supportive'];
    else if (/(^|\W)(evidence\s+)?level\s+a\b|^a$/.test(category))
      [rating, reason] = ['supportive', 'Lexi-Drugs "Use: Off-Label" with Evidence Level A is supportive'];
    else [rating, reason] = ['neither', 'Lexi-Drugs supports an off-label use only with Evidence Level A'];
  } else {
    [rating, reason] = [
      'unrecognised',
      `${evidence.source} is not a compendium recognised by BPM ch.15 §50.4.5 (NCCN, DrugDex, Clinical Pharmacology, AHFS-DI, Lexi-Drugs)`,
    ];
  }
  if (rating === 'supportive') {
    // The system cannot read the compendium itself: the citation must carry its version and date.
    const missing = [evidence.version ? null : 'version', evidence.date ? null : 'date'].filter(
      (field): field is string => field !== null,
    );
    if (missing.length > 0)
      return rated('incomplete', `${reason}, but the citation lacks its ${missing.join(' and ')}`, missing);
  }
  return rated(rating, reason);
}

// ---------------------------------------------------------------------------------------------
// The assessment
// ---------------------------------------------------------------------------------------------

export interface AssessIndicationOptions extends EvidenceOptions {}

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
  const findings: Finding[] = [];
  for (const risk of evaluation.indication.policyRisks) {
    const { reading, value } = readBiomarker(request, risk.biomarker);
    if (reading === 'positive') {
      findings.push({
        severity: 'warning',
        code: 'POLICY_RISK',
        message: `${risk.biomarker} ${value} with ${evaluation.indication.trial}: ${risk.message} (${risk.source}).`,
        path: `diagnosis.biomarkers.${risk.biomarker}`,
      });
    }
  }
  for (const criterion of evaluation.criteria) {
    if (criterion.basis === 'trial' && criterion.met === false) {
      findings.push({
        severity: 'warning',
        code: 'POLICY_RISK',
        message: `Outside the ${evaluation.indication.trial} trial population: ${criterion.description}; found ${criterion.evidence}. The label does not require it, but a reviewer may ask.`,
        path: criterion.path,
      });
    }
  }
  return findings;
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
    code: 'CRITERION_NOT_MET',
    message: `${indication.trial} label criterion "${criterion.description}" is not met: ${criterion.evidence}.`,
    path: criterion.path,
  };
}

/**
 * The request against durvalumab's label: the verdict (meets_label, compendia_supported,
 * not_supported, insufficient_information), one criterion per label condition with its
 * evidence, and findings (CRITERION_NOT_MET, POLICY_RISK, INSUFFICIENT_INFORMATION, ...).
 */
export function assessIndication(
  request: PriorAuthRequest,
  options: AssessIndicationOptions = {},
): { assessment: Assessment; findings: Finding[] } {
  const best = matchIndications(request)[0];
  const findings: Finding[] = [];
  const rated = request.treatmentPlan.supportingEvidence.map((evidence, index) =>
    rateEvidence(evidence, index, options),
  );

  if (best !== undefined) {
    const label = best.criteria.filter((criterion) => criterion.basis === 'label');
    const failed = label.filter((criterion) => criterion.met === false);
    const unknown = label.filter((criterion) => criterion.met === null);
    const ownFindings = best.criteria.flatMap((criterion) => criterion.findings);
    if (failed.length === 0) {
      findings.push(...ownFindings, ...policyFindings(best, request));
      const criteria = best.criteria.map(toCriterion);
      if (unknown.length === 0) {
        return {
          assessment: {
            verdict: 'meets_label',
            ...labelFields(best.indication),
            criteria,
            supportingEvidence: null,
            summary: `Meets the FDA label: ${best.indication.title} (${best.indication.trial}), ${best.phase.name}.`,
          },
          findings,
        };
      }
      findings.push(...unknown.map((criterion) => missingFinding(criterion, best.indication)));
      return {
        assessment: {
          verdict: 'insufficient_information',
          ...labelFields(best.indication),
          criteria,
          supportingEvidence: null,
          summary: `Closest labeled indication: ${best.indication.title} (${best.indication.trial}); missing: ${unknown.map((criterion) => criterion.description).join('; ')}.`,
        },
        findings,
      };
    }
  }

  // Off-label: no labeled indication matches, or the closest one fails a label condition.
  return assessOffLabel(request, best ?? null, rated);
}

function assessOffLabel(
  request: PriorAuthRequest,
  closest: IndicationEvaluation | null,
  rated: RatedEvidence[],
): { assessment: Assessment; findings: Finding[] } {
  const findings: Finding[] = [];
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
      ? `diagnosis.icd10 = ${request.diagnosis.icd10.join(', ')} matches no labeled durvalumab indication.`
      : `Closest labeled indication ${closest.indication.trial} fails: ${failed.map((criterion) => criterion.description).join('; ')}.`;
  const baseCriteria: Criterion[] =
    closest === null
      ? [
          {
            id: 'diagnosis_code',
            description: 'Diagnosis of a labeled durvalumab indication',
            met: false,
            evidence: `diagnosis.icd10 = ${request.diagnosis.icd10.join(', ')}: no labeled indication`,
          },
        ]
      : closest.criteria.map(toCriterion);

  const supportive = rated.find((entry) => entry.rating === 'supportive');
  const contrary = rated.filter((entry) => entry.rating === 'not_supportive');
  const evidencePath = (entry: RatedEvidence) => `treatmentPlan.supportingEvidence[${entry.index}]`;

  if (supportive !== undefined) {
    for (const entry of contrary) {
      findings.push({
        severity: 'warning',
        code: 'POLICY_RISK',
        message: `Conflicting compendium evidence: ${entry.text} (${entry.reason}).`,
        path: evidencePath(entry),
      });
    }
    return {
      assessment: {
        verdict: 'compendia_supported',
        ...labelFields(null),
        criteria: [
          ...baseCriteria,
          {
            id: 'compendia_support',
            description: 'Off-label use supported by a recognised compendium (BPM ch.15 §50.4.5)',
            met: true,
            evidence: `${evidencePath(supportive)}: ${supportive.text} (${supportive.reason})`,
          },
        ],
        supportingEvidence: supportive.text,
        summary: `Off-label use (${why.replace(/\.$/, '')}) supported by ${supportive.text}.${unapprovedNote}`,
      },
      findings,
    };
  }

  const incomplete = rated.find((entry) => entry.rating === 'incomplete');
  const criteria: Criterion[] = [
    ...baseCriteria,
    {
      id: 'compendia_support',
      description: 'Off-label use supported by a recognised compendium (BPM ch.15 §50.4.5)',
      met: incomplete === undefined ? false : null,
      evidence:
        rated.length === 0
          ? 'treatmentPlan.supportingEvidence is empty'
          : rated.map((entry) => `${evidencePath(entry)}: ${entry.text} (${entry.reason})`).join('; '),
    },
  ];
  if (closest !== null)
    findings.push(...failed.map((criterion) => failedFinding(criterion, closest.indication)));
  else
    findings.push({
      severity: 'error',
      code: 'DIAGNOSIS_NOT_COVERED',
      message: `${why} Durvalumab is labeled for ${INDICATIONS.filter(
        (indication) => indication.status === 'approved',
      )
        .map((indication) => indication.trial)
        .join(', ')} indications.`,
      path: 'diagnosis.icd10',
    });

  if (incomplete !== undefined) {
    findings.push({
      severity: 'warning',
      code: 'INSUFFICIENT_INFORMATION',
      message: `${incomplete.text}: ${incomplete.reason}; add treatmentPlan.supportingEvidence[${incomplete.index}].${incomplete.missing.join(' and ')}.`,
      path: `${evidencePath(incomplete)}.${incomplete.missing[0] ?? 'version'}`,
    });
    return {
      assessment: {
        verdict: 'insufficient_information',
        ...labelFields(closest?.indication ?? null),
        criteria,
        supportingEvidence: null,
        summary: `Off-label use: ${why} The compendium citation lacks its ${incomplete.missing.join(' and ')}.${unapprovedNote}`,
      },
      findings,
    };
  }

  findings.push({
    severity: 'error',
    code: 'OFF_LABEL_UNSUPPORTED',
    message: `Off-label use without supportive compendium evidence: ${
      rated.length === 0
        ? 'treatmentPlan.supportingEvidence is empty'
        : rated.map((entry) => `${entry.text} (${entry.reason})`).join('; ')
    }. Medicare accepts NCCN category 1 or 2A, DrugDex class I, IIa or IIb, a supportive AHFS-DI or Clinical Pharmacology narrative, or Lexi-Drugs Evidence Level A (BPM ch.15 §50.4.5).${unapprovedNote}`,
    path: 'treatmentPlan.supportingEvidence',
  });
  return {
    assessment: {
      verdict: 'not_supported',
      ...labelFields(closest?.indication ?? null),
      criteria,
      supportingEvidence: null,
      summary: `Not supported: ${why}${unapprovedNote}`,
    },
    findings,
  };
}
