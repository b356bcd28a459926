/** `pa digest`'s text: the day, what was sent to whom (ids and counts only), what was not. */
import { describe, expect, it } from 'vitest';
import { formatDigestRun } from '../../../bin/cli/commands/digest.ts';

describe('formatDigestRun', () => {
  it('lists each person sent to with their counts, and the totals', () => {
    const text = formatDigestRun({
      day: '2026-12-01',
      sent: [{ userId: 'usr_a', soon: ['pa_1', 'pa_2'], later: ['pa_3'] }],
      alreadySent: 2,
      failed: 1,
    });
    expect(text.split('\n')).toEqual([
      'Digests of 2026-12-01: 1 sent, 2 sent before today, 1 failed',
      '  usr_a: 2 due within 3 days, 1 within 14 days',
    ]);
  });
});
