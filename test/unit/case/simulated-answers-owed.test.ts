/**
 * Which cases the sweep re-starts the payer simulator's answers for: awaiting the payer, submitted
 * through the simulator, and not moved for a while (or everything, after a local restart).
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#core/case/case-record.ts';
import { AWAITING_PAYER, simulatedAnswersOwed } from '#core/case/sweep-plan.ts';
import { CASE_STATUSES } from '#core/model.ts';
import { submittedCase } from '../support/payer-case.ts';

const base = submittedCase();
const SUBMITTED_AT = base.submission!.submittedAt;
const simulated = (overrides: Partial<CaseRecord> = {}) =>
  submittedCase({ submission: { ...base.submission!, transport: 'simulator' }, ...overrides });
const UPDATED = Date.parse(base.updatedAt);
const LATER = new Date(UPDATED + 10 * 60_000);
const periodic = { redriveAll: false, redriveAfterMs: 5 * 60_000 };
const afterRestart = { redriveAll: true, redriveAfterMs: 5 * 60_000 };

describe('simulatedAnswersOwed', () => {
  it.each(CASE_STATUSES.map((status) => [status, AWAITING_PAYER.includes(status)] as const))(
    '%s: owed %s after a restart',
    (status, owed) => {
      // Act
      const result = simulatedAnswersOwed(simulated({ status }), new Date(UPDATED), afterRestart);
      // Assess
      expect(result).toBe(owed ? SUBMITTED_AT : null);
    },
  );

  it.each([
    ['not moved for longer than the re-drive delay', LATER, SUBMITTED_AT],
    ['moved within the re-drive delay', new Date(UPDATED + 60_000), null],
  ])('a case %s', (_, now, expected) => {
    // Act, Assess
    expect(simulatedAnswersOwed(simulated(), now, periodic)).toBe(expected);
  });

  it.each([
    ['another transport', submittedCase()],
    ['no submission', submittedCase({ submission: null })],
  ])('owes nothing for a case with %s', (_, record) => {
    // Act, Assess
    expect(simulatedAnswersOwed(record, LATER, afterRestart)).toBeNull();
  });
});
