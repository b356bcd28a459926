/**
 * An approved PACIFIC case (1500 mg every 4 weeks, 150 units a dose, 450 units approved from
 * 2026-08-01 to 2027-01-31) and administrations of it, for the tests of the course.
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import type { Decision } from '#core/model.ts';
import type { AdministrationInput } from '#schemas/administration.ts';
import { AdministrationInput as AdministrationSchema } from '#schemas/administration.ts';
import { pacificAssessment, pacificBilling } from '../support/appeal-case.ts';
import { submittedCase } from '../support/payer-case.ts';

export const APPROVAL: Decision = {
  outcome: 'approved',
  authorizationNumber: 'PA-55120',
  payerReference: 'ACME-PA-7781',
  approvedUnits: 450,
  validFrom: '2026-08-01',
  validTo: '2027-01-31',
  reasons: [],
  decidedAt: '2026-07-30T15:00:00Z',
};

export function approvedCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return submittedCase({
    status: 'APPROVED',
    flags: [],
    assessment: pacificAssessment,
    billing: pacificBilling,
    decision: APPROVAL,
    ...overrides,
  });
}

/** A complete record of a 1500 mg dose from three 500 mg vials, on the day given (local time, UTC-5). */
export function dose(day = '2026-08-10', overrides: Partial<AdministrationInput> = {}): AdministrationInput {
  return AdministrationSchema.parse({
    administeredAt: `${day}T14:05:00-05:00`,
    route: 'IV',
    doseMg: 1500,
    vials: [{ ndc11: '00310-4611-50', lot: 'KX2207', expiresOn: '2027-03-31', count: 3 }],
    ...overrides,
  });
}
