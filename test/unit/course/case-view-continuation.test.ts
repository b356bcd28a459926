/** The case view of a continuation names the case it continues; a first request names none. */
import { describe, expect, it } from 'vitest';
import { toCaseView } from '#core/case/case-record.ts';
import { approvedCase } from './approved-case.ts';

describe('the case view of a continuation', () => {
  it('carries previousCaseId and a link to the earlier case', () => {
    const record = {
      ...approvedCase({}),
      continuation: {
        previousCaseId: 'pa_01earlier',
        progressNotes: [],
        earlierAuthorizations: [],
        administrations: [],
      },
    };
    const view = toCaseView(record, [], []);
    expect(view.previousCaseId).toBe('pa_01earlier');
    expect(view.links.previous).toBe('/v1/prior-auths/pa_01earlier');
  });

  it('a first request has neither', () => {
    const view = toCaseView(approvedCase({}), [], []);
    expect('previousCaseId' in view).toBe(false);
    expect('previous' in view.links).toBe(false);
  });
});
