/**
 * The packet letter's course sections (core/packet/course-sections.ts): the site-of-care section
 * only with a justification, asking for an exception under a site-of-care policy; a continuation's
 * earlier authorizations, administrations (only those that count give the first and last dose) and
 * progress notes, with what they lack as "Not stated" or "None reported".
 */
import { describe, expect, it } from 'vitest';
import type { Continuation } from '#core/course/continuation.ts';
import type { Finding } from '#core/model.ts';
import { continuationView, siteOfCareView } from '#core/packet/course-sections.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { request } from './support/appeal-case.ts';

const justified = (text: string | undefined): PriorAuthRequest => ({
  ...request,
  provider: { ...request.provider, siteOfCareJustification: text },
});
const policy = { severity: 'warning', code: 'SITE_OF_CARE_POLICY', message: 'policy' } as Finding;

describe('siteOfCareView', () => {
  it('states the site and the trimmed justification, asking for an exception under a policy', () => {
    expect(siteOfCareView(justified('  near home  '), [policy], 'Hospital outpatient department')).toEqual({
      site: 'Hospital outpatient department',
      justification: 'near home',
      exceptionRequested: true,
    });
    const other = { ...policy, code: 'POLICY_RISK' } as Finding;
    expect(siteOfCareView(justified('near home'), [other], 'Office')?.exceptionRequested).toBe(false);
  });

  it('has no section without a justification', () => {
    expect(siteOfCareView(justified(undefined), [policy], 'Office')).toBeNull();
    expect(siteOfCareView(justified('   '), [policy], 'Office')).toBeNull();
  });
});

describe('continuationView', () => {
  const dose = (administeredAt: string, counts: boolean) => ({
    administeredAt,
    doseMg: 1500,
    units: 150,
    countsTowardAuthorization: counts,
  });
  const continuation = {
    previousCaseId: 'pa_prev',
    earlierAuthorizations: [
      {
        caseId: 'pa_a',
        number: 'PA-1',
        validFrom: '2026-01-05',
        validTo: '2026-12-31',
        approvedUnits: 1950,
        usedUnits: 1500,
      },
      {
        caseId: 'pa_b',
        number: null,
        validFrom: '2025-01-05',
        validTo: null,
        approvedUnits: null,
        usedUnits: 0,
      },
    ],
    administrations: [
      dose('2026-01-05', false),
      dose('2026-02-02', true),
      dose('2026-03-02', true),
      dose('2026-03-30', false),
    ],
    progressNotes: [
      { date: '2026-03-20', response: 'partial_response', adverseEvents: '  ', text: '  Smaller nodes.  ' },
      { date: '2026-04-20', response: 'mixed', adverseEvents: ' grade 1 rash ', text: 'Stable.' },
    ],
  } as unknown as Continuation;

  it('is absent without a continuation', () => {
    expect(continuationView(undefined)).toBeNull();
  });

  it('states each earlier authorization, with what it lacks as not stated', () => {
    expect(continuationView(continuation)?.authorizations).toEqual([
      {
        caseId: 'pa_a',
        number: 'PA-1',
        period: '01/05/2026 to 12/31/2026',
        approvedUnits: '1,950',
        usedUnits: '1,500',
      },
      {
        caseId: 'pa_b',
        number: 'Not stated',
        period: 'Not stated',
        approvedUnits: 'Not stated',
        usedUnits: '0',
      },
    ]);
  });

  it('lists every administration and dates the course by those that count', () => {
    // Act
    const view = continuationView(continuation);
    // Assess
    expect(view?.administrations).toHaveLength(4);
    expect(view?.administrations[1]).toEqual({
      date: '02/02/2026',
      doseMg: '1,500',
      units: '150',
      counted: true,
    });
    expect(view).toMatchObject({
      previousCaseId: 'pa_prev',
      administered: 2,
      firstDose: '02/02/2026',
      lastDose: '03/02/2026',
    });
  });

  it('has no first or last dose when none counts', () => {
    const none = { ...continuation, administrations: [dose('2026-01-05', false)] } as Continuation;
    expect(continuationView(none)).toMatchObject({ administered: 0, firstDose: null, lastDose: null });
  });

  it('words the RECIST response, keeps another as it is, and says when no adverse event is reported', () => {
    const worded = { date: '03/20/2026', response: 'Partial response (PR)' };
    expect(continuationView(continuation)?.progressNotes).toEqual([
      { ...worded, adverseEvents: 'None reported', text: 'Smaller nodes.' },
      { date: '04/20/2026', response: 'mixed', adverseEvents: 'grade 1 rash', text: 'Stable.' },
    ]);
  });
});
