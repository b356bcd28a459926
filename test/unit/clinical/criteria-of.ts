/** The criteria of one labeled indication, by id, for a request: its qualifying patient with a change. */
import { expect } from 'vitest';
import { type CriterionResult, evaluateIndication, findIndication } from '#core/clinical/indications.ts';
import { type Draft, QUALIFYING, requestWith } from '../support/indication-requests.ts';

export function criteriaOf(
  indicationId: string,
  change: (draft: Draft) => void = () => {},
): Record<string, CriterionResult> {
  const request = requestWith((draft) => {
    QUALIFYING[indicationId]!(draft);
    change(draft);
  });
  const evaluation = evaluateIndication(findIndication(indicationId)!, request);
  return Object.fromEntries(evaluation.criteria.map((criterion) => [criterion.id, criterion]));
}

/** The part of a criterion a reviewer reads. */
type Reading = Pick<CriterionResult, 'met' | 'evidence' | 'path'>;

/** What a criterion says: met, its evidence and the field that decided it. */
export const reading = ({ met, evidence, path }: Reading): Reading => ({ met, evidence, path });

/** Asserts what a criterion says: met, its evidence and the field that decided it. */
export const expectReading = (criterion: Reading, met: boolean | null, evidence: string, path: string) =>
  expect(reading(criterion)).toEqual({ met, evidence, path });

type TherapyEntry = NonNullable<Draft['oncologicHistory']>[number];

/** One oncologic history entry. */
export const therapy = (name: string, agents: string[], extra: Partial<TherapyEntry> = {}): TherapyEntry => ({
  therapy: name,
  agents,
  ...extra,
});
