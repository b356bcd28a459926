/**
 * core/case/organization.ts: which organization a caller acts for, and an Idempotency-Key within
 * its organization. Pure, every branch.
 */
import { describe, expect, it } from 'vitest';
import { actingOrganization, idempotencyKeyIn } from '#core/case/organization.ts';

const operator = { organizationId: '*' };
const acme = { organizationId: 'acme' };

describe('actingOrganization', () => {
  it.each([
    ['the operator without a name', operator, undefined, { organizationId: 'default', mustExist: false }],
    ['the operator naming default', operator, 'default', { organizationId: 'default', mustExist: false }],
    ['the operator naming another', operator, 'beta', { organizationId: 'beta', mustExist: true }],
    ['a caller without a name', acme, undefined, { organizationId: 'acme', mustExist: false }],
    ['a caller naming its own', acme, 'acme', { organizationId: 'acme', mustExist: false }],
  ])('%s', (_, caller, requested, expected) => {
    expect(actingOrganization(caller, requested)).toEqual(expected);
  });

  it.each([
    ['another organization', 'beta'],
    ['default', 'default'],
    ['every organization', '*'],
  ])('refuses a caller naming %s', (_, requested) => {
    expect(actingOrganization(acme, requested)).toBeUndefined();
  });
});

describe('idempotencyKeyIn', () => {
  it('keeps a key of default as sent, and puts another organization before its key with a space', () => {
    expect(idempotencyKeyIn('default', 'k-1')).toBe('k-1');
    expect(idempotencyKeyIn('acme', 'k-1')).toBe('acme k-1');
    // No key of one organization equals a key of another (a key holds no space).
    expect(idempotencyKeyIn('acme', 'x')).not.toBe(idempotencyKeyIn('default', 'acme#x'));
  });
});
