/**
 * The authorization a case carries once approved (or partially approved), the units its
 * administrations have used, and when the sweep flags it AUTH_EXPIRING. Pure.
 *
 * The approved period and units are the payer's decision (record.decision); the used units are
 * kept on the case (record.usedUnits) by the record-administration use case, from the
 * administrations that count (administration.ts).
 */
import { labeledRegimens, roundMg } from '../billing/billing.ts';
import type { CaseRecord } from '../case/case-record.ts';
import { findIndication, INDICATIONS_REFERENCE, resolvePhase } from '../clinical/indications.ts';
import type { AdministrationContext } from './findings.ts';

export const AUTH_EXPIRING = 'AUTH_EXPIRING';
/** AUTH_EXPIRING this many days (or fewer) before the authorization's last day (API.md). */
export const AUTH_EXPIRING_DAYS = 30;

export interface AuthorizationView {
  number: string | null;
  validFrom: string | null;
  validTo: string | null;
  approvedUnits: number | null;
  usedUnits: number;
  /** Null when the payer stated no number of units. */
  remainingUnits: number | null;
}

type AuthorizedCase = Pick<CaseRecord, 'decision' | 'usedUnits'>;

/** The case's authorization, or null when no approval is in force. */
export function authorizationOf(record: AuthorizedCase): AuthorizationView | null {
  const d = record.decision;
  if (!d || (d.outcome !== 'approved' && d.outcome !== 'partially_approved')) return null;
  const used = record.usedUnits ?? 0;
  const approved = d.approvedUnits ?? null;
  return {
    number: d.authorizationNumber,
    validFrom: d.validFrom ?? null,
    validTo: d.validTo ?? null,
    approvedUnits: approved,
    usedUnits: used,
    remainingUnits: approved === null ? null : Math.max(0, approved - used),
  };
}

/** The label's doses in mg for the patient's weight at the plan's interval, for the case's labeled indication. */
export function labeledDosesMg(record: Pick<CaseRecord, 'assessment' | 'request'>): number[] {
  const id = record.assessment?.indication;
  const indication = id ? findIndication(id) : undefined;
  if (indication?.status !== 'approved') return [];
  const phase = resolvePhase(indication, record.request.treatmentPlan, record.request.oncologicHistory);
  const weight = record.request.patient.weightKg;
  const interval = record.request.treatmentPlan.intervalWeeks;
  return labeledRegimens(phase, weight)
    .filter((r) => r.intervalWeeks === interval)
    .map((r) => r.mg ?? roundMg((r.mgPerKg ?? 0) * weight));
}

/** What the administration checks need of the case. */
export function administrationContext(
  record: Pick<CaseRecord, 'decision' | 'usedUnits' | 'assessment' | 'request' | 'billing'>,
): AdministrationContext {
  return {
    authorization: authorizationOf(record),
    usedUnits: record.usedUnits ?? 0,
    plannedDoseMg: record.billing?.dosePerAdministrationMg ?? null,
    labeledDosesMg: labeledDosesMg(record),
    toleranceMg: INDICATIONS_REFERENCE.doseToleranceMg,
  };
}

const DAY_MS = 86_400_000;

/** Whole days from `now`'s UTC day to an ISO date's day (negative once past). */
export function daysUntil(isoDate: string, now: Date): number {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) - today) / DAY_MS);
}

/**
 * Why the authorization is running out, or null: 30 days or less before validTo (or past it),
 * or fewer units left than the next administration needs (the plan's units per administration).
 */
export function authExpiringReason(
  record: Pick<CaseRecord, 'decision' | 'usedUnits' | 'billing'>,
  now: Date,
): string | null {
  const auth = authorizationOf(record);
  if (!auth) return null;
  if (auth.validTo && daysUntil(auth.validTo, now) <= AUTH_EXPIRING_DAYS) {
    return `authorization ${auth.number ?? ''} ends ${auth.validTo.slice(0, 10)}`.replace('  ', ' ');
  }
  const next = record.billing?.unitsPerAdministration;
  if (auth.remainingUnits !== null && next !== undefined && auth.remainingUnits < next) {
    return `${auth.remainingUnits} units left, the next administration needs ${next}`;
  }
  return null;
}

/** The authorization's last day as a worklist deadline (end of that day, UTC). */
export function authorizationDueAt(record: Pick<CaseRecord, 'decision' | 'flags'>): string | null {
  const validTo = record.decision?.validTo;
  if (!record.flags.includes(AUTH_EXPIRING) || !validTo) return null;
  return validTo.length === 10 ? `${validTo}T23:59:59.999Z` : validTo;
}
