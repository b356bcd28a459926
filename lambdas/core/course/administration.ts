/**
 * An administration as the product keeps it: one dose from the medication administration record,
 * with the units it bills and the findings it was recorded with. Pure.
 *
 * An administration with an error finding (an expired lot, outside the authorization, incomplete
 * documentation) is stored flagged, never refused: the dose was given and the record must show it.
 * It does not count against the authorization's units (`countsTowardAuthorization` false) until a
 * corrected record replaces it, because a claim for it would be denied anyway.
 */
import type { AdministrationInput } from '#schemas/administration.ts';
import type { Finding } from '../model.ts';

export interface Administration extends Omit<AdministrationInput, 'administrationId'> {
  administrationId: string;
  caseId: string;
  recordedAt: string;
  /** J9173 units administered (the dose, rounded up). */
  units: number;
  /** J9173 units discarded (the JW line, rounded down); 0 means JZ. */
  discardedUnits: number;
  wasteModifier: 'JW' | 'JZ';
  findings: Finding[];
  /** False when a finding is an error: such a dose does not use the authorization's units. */
  countsTowardAuthorization: boolean;
}

/** Whether a set of findings lets the administration count against the authorization. */
export function countsToward(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.severity === 'error');
}

/** The units a course has used: the administered units of the administrations that count. */
export function usedUnits(
  administrations: ReadonlyArray<Pick<Administration, 'units' | 'countsTowardAuthorization'>>,
): number {
  return administrations.reduce((sum, a) => sum + (a.countsTowardAuthorization ? a.units : 0), 0);
}

/** Oldest first by the moment given (offsets honoured), then by id. */
export function byAdministeredAt(a: Administration, b: Administration): number {
  return (
    Date.parse(a.administeredAt) - Date.parse(b.administeredAt) ||
    a.administrationId.localeCompare(b.administrationId)
  );
}
