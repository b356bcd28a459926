/**
 * isNewer (core/case/status-transitions.ts) refuses a time that is not one, naming the field: the
 * event's occurredAt, or the case's lastAppliedAt.
 */
import { describe, expect, it } from 'vitest';
import { isNewer } from '#core/case/status-transitions.ts';
import { thrownValidation } from '../support/thrown-validation.ts';

describe('isNewer refuses', () => {
  it('an event time that is not a date-time, naming occurredAt', () => {
    // Act
    const error = thrownValidation(() => isNewer('yesterday', '2026-11-20T10:00:00Z'));

    // Assess
    expect(error.message).toBe('occurredAt is not a date-time');
    expect(error.errors).toEqual([{ path: 'occurredAt', message: 'must be an ISO 8601 date-time' }]);
  });

  it("the case's last applied time that is not a date-time, naming lastAppliedAt", () => {
    // Act
    const error = thrownValidation(() => isNewer('2026-11-20T10:00:00Z', 'garbled'));

    // Assess
    expect(error.message).toBe('lastAppliedAt is not a date-time');
    expect(error.errors).toEqual([{ path: 'lastAppliedAt', message: 'must be an ISO 8601 date-time' }]);
  });
});
