/**
 * The line of therapy, derived from the oncologic history, and the two rules the first-line
 * indications (CASPIAN, POSEIDON, TOPAZ-1, HIMALAYA, DUO-E) apply to it, each as data in
 * reference/indications.json with the label or trial text it rests on:
 * - `first_line`: no progression on a prior systemic therapy for the advanced disease (a therapy
 *   in an early-disease setting, vocabulary.earlyDiseaseSettings, does not count);
 * - `started_with_first_phase`: the label gives durvalumab "in combination with" the first
 *   phase's chemotherapy, so durvalumab started as maintenance after that chemotherapy was given
 *   without it is not the labeled regimen.
 * Pure: it reads the request and says met / not met / unknown with the evidence.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { FindingCode } from '../model.ts';
import type { Indication, Phase } from '../reference/index.ts';
import { readProgression } from './history.ts';
import { canonicalAgent, expandAgents, fitsCombination, type TherapyEntry } from './regimen.ts';
import { hasTerm, normaliseText, vocabulary } from './terms.ts';

export interface LineReading {
  met: boolean | null;
  evidence: string;
  path: string;
}

/** A label line-of-therapy rule that fails is named for what it is, not as a generic criterion. */
export const LINE_OF_THERAPY_FINDING: FindingCode = 'LINE_OF_THERAPY_NOT_LABELED';
export const LINE_OF_THERAPY_KINDS: ReadonlySet<string> = new Set(['first_line', 'started_with_first_phase']);

const hasDurvalumab = (entry: TherapyEntry) => entry.agents.map(canonicalAgent).includes('durvalumab');

function inEarlySetting(entry: TherapyEntry): boolean {
  const setting = normaliseText(entry.setting ?? '');
  return (
    setting !== '' && vocabulary.earlyDiseaseSettings.some((term) => hasTerm(setting, normaliseText(term)))
  );
}

function describe(entry: TherapyEntry, index: number): string {
  return `oncologicHistory[${index}]: ${entry.therapy} with ${entry.agents.join(', ')}`;
}

/** Systemic therapies for the advanced disease before durvalumab: with agents, not durvalumab's own, not early-disease. */
export function priorAdvancedTherapies(
  history: readonly TherapyEntry[],
): Array<{ entry: TherapyEntry; index: number }> {
  return history
    .map((entry, index) => ({ entry, index }))
    .filter(
      ({ entry }) => expandAgents(entry.agents).length > 0 && !hasDurvalumab(entry) && !inEarlySetting(entry),
    );
}

export interface LineOfTherapy {
  /** 1 + the prior therapies for the advanced disease the disease progressed on. */
  line: number;
  progressedOn: Array<{ index: number; evidence: string }>;
}

/** The line of therapy durvalumab would be: the first unless the disease progressed on an earlier therapy. */
export function deriveLineOfTherapy(history: readonly TherapyEntry[]): LineOfTherapy {
  const progressedOn = priorAdvancedTherapies(history).flatMap(({ entry, index }) => {
    const reading = readProgression(history, [index]);
    return reading.met === false
      ? [{ index, evidence: `${describe(entry, index)}; ${reading.evidence}` }]
      : [];
  });
  return { line: 1 + progressedOn.length, progressedOn };
}

/** first_line: no progression on a prior systemic therapy for the advanced disease. */
export function readFirstLine(request: PriorAuthRequest): LineReading {
  const { line, progressedOn } = deriveLineOfTherapy(request.oncologicHistory);
  const first = progressedOn[0];
  if (first === undefined) {
    const prior = priorAdvancedTherapies(request.oncologicHistory).length;
    const evidence =
      prior === 0
        ? 'line of therapy 1: no prior systemic therapy for the advanced disease in oncologicHistory'
        : `line of therapy 1: no progression recorded on the ${prior} prior systemic ${prior === 1 ? 'therapy' : 'therapies'} in oncologicHistory`;
    return { met: true, evidence, path: 'oncologicHistory' };
  }
  return {
    met: false,
    evidence: `line of therapy ${line}: progression on ${first.evidence}`,
    path: `oncologicHistory[${first.index}]`,
  };
}

/** started_with_first_phase: a later phase follows first-phase therapy that included durvalumab. */
export function readStartedWithFirstPhase(
  request: PriorAuthRequest,
  indication: Indication,
  phase: Phase,
): LineReading {
  const firstPhase = indication.phases[0]!;
  if (phase.id === firstPhase.id)
    return {
      met: true,
      evidence: `treatmentPlan asks for the ${firstPhase.name} phase: durvalumab starts with it`,
      path: 'treatmentPlan.phase',
    };
  const history = request.oncologicHistory;
  const open = { ...firstPhase, combination: { ...firstPhase.combination, others: 'allowed' as const } };
  const chemo = history
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => fitsCombination(expandAgents(entry.agents), open));
  if (chemo.length === 0)
    return {
      met: null,
      evidence: `the ${phase.name} phase is asked for, but oncologicHistory shows no ${firstPhase.name} for it to follow`,
      path: 'oncologicHistory',
    };
  const withDurvalumab = chemo.find(({ entry }) => hasDurvalumab(entry) || givenAlongside(history, entry));
  if (withDurvalumab !== undefined)
    return {
      met: true,
      evidence: `${describe(withDurvalumab.entry, withDurvalumab.index)}`,
      path: 'oncologicHistory',
    };
  const { entry, index } = chemo[0]!;
  return {
    met: false,
    evidence: `${describe(entry, index)} was given without durvalumab; ${phase.name} durvalumab after it is not the labeled regimen`,
    path: `oncologicHistory[${index}]`,
  };
}

/** A separate durvalumab entry whose dates overlap the chemotherapy's. */
function givenAlongside(history: readonly TherapyEntry[], chemo: TherapyEntry): boolean {
  if (!chemo.startDate) return false;
  const chemoEnd = chemo.endDate ?? chemo.startDate;
  return history.some(
    (entry) =>
      hasDurvalumab(entry) &&
      entry.startDate !== undefined &&
      entry.startDate <= chemoEnd &&
      chemo.startDate! <= (entry.endDate ?? entry.startDate),
  );
}
