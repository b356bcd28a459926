/**
 * How one supporting-evidence entry counts for off-label use, by the compendium rules of
 * reference/compendia.json (BPM ch.15 §50.4.5 as regulation.md (c) summarises them).
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { COMPENDIA_REFERENCE, type Compendium } from '../reference/index.ts';

type Evidence = PriorAuthRequest['treatmentPlan']['supportingEvidence'][number];
type CompendiumEvidence = Exclude<Evidence, { type: 'literature' }>;

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

type Verdict = { rating: EvidenceRating; reason: string };

function describeEvidence(evidence: Evidence): string {
  if (evidence.type === 'literature') return `literature: ${evidence.citation}`;
  const detail = [evidence.version ? `version ${evidence.version}` : null, evidence.date ?? null]
    .filter(Boolean)
    .join(', ');
  return `${evidence.source} ${evidence.category}${detail ? ` (${detail})` : ''}${evidence.citation ? `: ${evidence.citation}` : ''}`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The compendium's rating of a citation, by grade or by the words of its category. */
function rateByCompendium(
  compendium: Compendium,
  evidence: CompendiumEvidence,
  options: EvidenceOptions,
): Verdict {
  if (
    compendium.recognisedFrom !== undefined &&
    evidence.date !== undefined &&
    evidence.date < compendium.recognisedFrom
  )
    return { rating: 'unrecognised', reason: compendium.recognisedFromReason ?? compendium.name };
  const category = evidence.category
    .trim()
    .toLowerCase()
    .replace(/^(category|class|cat\.?)\s*/, '');
  for (const rating of compendium.ratings) {
    const grade = rating.grades?.find((candidate) => candidate.toLowerCase() === category);
    const matches =
      grade !== undefined || (rating.pattern !== undefined && new RegExp(rating.pattern).test(category));
    if (!matches) continue;
    const values = { grade: grade ?? '', category: evidence.category, source: evidence.source };
    if (rating.payerOption !== undefined && options[rating.payerOption])
      return { rating: 'supportive', reason: fill(rating.acceptedReason ?? '', values) };
    return { rating: rating.rating, reason: fill(rating.reason, values) };
  }
  const { otherwise } = compendium;
  return {
    rating: otherwise.rating,
    reason: fill(otherwise.reason, { category: evidence.category, source: evidence.source }),
  };
}

function rateCompendiumEvidence(evidence: CompendiumEvidence, options: EvidenceOptions): Verdict {
  const source = evidence.source.toLowerCase();
  const compendium = COMPENDIA_REFERENCE.compendia.find((candidate) =>
    candidate.matches.some((term) => source.includes(term)),
  );
  if (compendium === undefined)
    return {
      rating: 'unrecognised',
      reason: fill(COMPENDIA_REFERENCE.unrecognised, { source: evidence.source }),
    };
  return rateByCompendium(compendium, evidence, options);
}

/** How one supporting-evidence entry counts under BPM ch.15 §50.4.5 (regulation.md (c)). */
export function rateEvidence(
  evidence: Evidence,
  index: number,
  options: EvidenceOptions = {},
): RatedEvidence {
  const text = describeEvidence(evidence);
  const rated = ({ rating, reason }: Verdict, missing: string[] = []): RatedEvidence => ({
    index,
    rating,
    text,
    reason,
    missing,
  });
  if (evidence.type === 'literature') {
    const literature = COMPENDIA_REFERENCE.literature;
    return options[literature.payerOption]
      ? rated({ rating: 'supportive', reason: literature.accepted })
      : rated({ rating: 'neither', reason: literature.otherwise });
  }
  const verdict = rateCompendiumEvidence(evidence, options);
  if (verdict.rating !== 'supportive') return rated(verdict);
  // The system cannot read the compendium itself: the citation must carry its version and date.
  const missing = [evidence.version ? null : 'version', evidence.date ? null : 'date'].filter(
    (field): field is string => field !== null,
  );
  if (missing.length === 0) return rated(verdict);
  return rated(
    {
      rating: 'incomplete',
      reason: `${verdict.reason}, but the citation lacks its ${missing.join(' and ')}`,
    },
    missing,
  );
}
