import { describe, expect, it } from 'vitest';
import example from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';

describe('PriorAuthRequest', () => {
  it('accepts the example request', () => {
    expect(PriorAuthRequest.safeParse(example).success).toBe(true);
  });
});
