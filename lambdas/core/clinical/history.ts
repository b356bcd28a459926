/**
 * Readers of the request's clinical record: biomarker results, and the oncologic history's
 * chemoradiation (concurrent or sequential), progression after it, and prior therapy.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { expandAgents, satisfiesGroup, type TherapyEntry } from './regimen.ts';
import { hasTerm, isOneOf, normaliseText, vocabulary } from './terms.ts';

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

export type BiomarkerReading = 'negative' | 'positive' | 'unknown';

export function readBiomarker(
  request: PriorAuthRequest,
  name: string,
): { reading: BiomarkerReading; value: string | null } {
  const raw = request.diagnosis.biomarkers?.[name];
  if (raw === undefined || raw === null || String(raw).trim() === '')
    return { reading: 'unknown', value: null };
  const value = String(raw).trim();
  if (isOneOf(value, vocabulary.biomarkerUnknownValues)) return { reading: 'unknown', value };
  if (isOneOf(value, vocabulary.biomarkerNegativeValues)) return { reading: 'negative', value };
  return { reading: 'positive', value };
}

function isRadiation(entry: TherapyEntry): boolean {
  if ((entry.radiationGy ?? 0) > 0) return true;
  const text = normaliseText(entry.therapy);
  return vocabulary.radiationTerms.some((term) => hasTerm(text, term) || text.includes(normaliseText(term)));
}

function hasPlatinum(entry: TherapyEntry): boolean {
  return satisfiesGroup(expandAgents(entry.agents), ['@platinum']) !== undefined;
}

function overlaps(a: TherapyEntry, b: TherapyEntry): boolean | null {
  if (!a.startDate || !b.startDate || !a.endDate || !b.endDate) return null;
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

export interface ChemoradiationReading {
  met: boolean | null;
  evidence: string;
  /** The history entries the reading rests on. */
  indexes: number[];
}

type Indexed = { entry: TherapyEntry; index: number };

function describeEntry(history: readonly TherapyEntry[], index: number): string {
  const entry = history[index]!;
  const agents = entry.agents.length > 0 ? ` with ${entry.agents.join(', ')}` : '';
  const gy = entry.radiationGy !== undefined ? `, ${entry.radiationGy} Gy` : '';
  const dates = entry.startDate ? `, ${entry.startDate} to ${entry.endDate ?? '?'}` : '';
  return `oncologicHistory[${index}]: ${entry.therapy}${agents}${gy}${dates}`;
}

function entriesWhere(history: readonly TherapyEntry[], test: (entry: TherapyEntry) => boolean): Indexed[] {
  return history.map((entry, index) => ({ entry, index })).filter(({ entry }) => test(entry));
}

/** One entry that is both radiation and platinum chemotherapy, read for concurrent/sequential. */
function readCombinedEntry(history: readonly TherapyEntry[]): ChemoradiationReading | undefined {
  const combined = entriesWhere(history, (entry) => isRadiation(entry) && hasPlatinum(entry));
  for (const { entry, index } of combined) {
    const text = normaliseText(entry.therapy);
    const evidence = describeEntry(history, index);
    if (hasTerm(text, 'sequential'))
      return { met: false, evidence: `${evidence} (sequential, not concurrent)`, indexes: [index] };
    if (hasTerm(text, 'concurrent') || hasTerm(text, 'concomitant'))
      return { met: true, evidence, indexes: [index] };
  }
  const first = combined[0];
  if (first === undefined) return undefined;
  return {
    met: null,
    evidence: `${describeEntry(history, first.index)}: the history does not say whether it was concurrent or sequential`,
    indexes: [first.index],
  };
}

/** Separate radiation and platinum entries, concurrent when their dates overlap. */
function readSeparateEntries(history: readonly TherapyEntry[]): ChemoradiationReading {
  const radiation = entriesWhere(history, isRadiation);
  const platinum = entriesWhere(history, (entry) => !isRadiation(entry) && hasPlatinum(entry));
  for (const r of radiation) {
    for (const p of platinum) {
      const overlap = overlaps(r.entry, p.entry);
      if (overlap === null) continue;
      const [chemo, rt] = [describeEntry(history, p.index), describeEntry(history, r.index)];
      return {
        met: overlap,
        evidence: overlap ? `${chemo} overlapping ${rt}` : `${chemo} and ${rt} do not overlap (sequential)`,
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

/** Concurrent platinum chemoradiation in the history: one entry with both, or two overlapping. */
export function readChemoradiation(history: readonly TherapyEntry[]): ChemoradiationReading {
  return readCombinedEntry(history) ?? readSeparateEntries(history);
}

/** Whether the disease progressed after the chemoradiation entries `indexes`. */
export function readProgression(
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
  const answer = (terms: readonly string[], met: boolean) => {
    const found = responses.find(({ entry }) => isOneOf(entry.response!, terms));
    return found && { met, evidence: `oncologicHistory[${found.index}].response = ${found.entry.response}` };
  };
  return (
    answer(vocabulary.progressionResponses, false) ??
    answer(vocabulary.noProgressionResponses, true) ?? {
      met: null,
      evidence: `oncologicHistory[${indexes[0]!}].response does not say whether the disease progressed`,
    }
  );
}
