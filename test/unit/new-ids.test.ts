/**
 * New ids (core/ids.ts): a case or an upload gets its prefix and a lowercase ULID, a new one each time.
 */
import { describe, expect, it } from 'vitest';
import { newCaseId, newUploadId } from '#core/ids.ts';

const LOWER_ULID = '[0-9a-hjkmnp-tv-z]{26}';

describe('new ids', () => {
  it('gives an upload up_ and a lowercase ULID, a different one each time', () => {
    const [a, b] = [newUploadId(), newUploadId()];
    expect(a).toMatch(new RegExp(`^up_${LOWER_ULID}$`));
    expect(b).not.toBe(a);
  });

  it('gives a case pa_ and a lowercase ULID, a different one each time', () => {
    const [a, b] = [newCaseId(), newCaseId()];
    expect(a).toMatch(new RegExp(`^pa_${LOWER_ULID}$`));
    expect(b).not.toBe(a);
  });
});
