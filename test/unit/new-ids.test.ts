/**
 * New upload ids (core/ids.ts; case ids: ids-derivation.test.ts): up_ and a lowercase ULID, new each time.
 */
import { describe, expect, it } from 'vitest';
import { newUploadId } from '#core/ids.ts';

const LOWER_ULID = '[0-9a-hjkmnp-tv-z]{26}';

describe('new ids', () => {
  it('gives an upload up_ and a lowercase ULID, a different one each time', () => {
    const [a, b] = [newUploadId(), newUploadId()];
    expect(a).toMatch(new RegExp(`^up_${LOWER_ULID}$`));
    expect(b).not.toBe(a);
  });
});
