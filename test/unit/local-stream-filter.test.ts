/**
 * The local poller's reading of Lambda's event-filter patterns: the subset the stack uses (nested
 * objects, arrays of exact values), so the same records reach `eventStream` locally as on AWS.
 */
import { describe, expect, it } from 'vitest';
import { RECEIPT_INSERT_FILTER } from '#infra/event-stream.ts';
import { matchesStreamFilter } from '#infra/local/dynamodb-stream.ts';

/** A stream record as Lambda hands it over (KEYS_ONLY). */
function streamRecord(eventName: string, pk: string, sk: string): object {
  return {
    eventID: 'e-1',
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, SequenceNumber: '000000000000000000003' },
  };
}

describe('matchesStreamFilter with the receipt INSERT filter', () => {
  it.each([
    ['a new receipt', streamRecord('INSERT', 'EVENT#ev-1', 'RECEIPT'), true],
    ['a receipt rewritten', streamRecord('MODIFY', 'EVENT#ev-1', 'RECEIPT'), false],
    ['a receipt removed (TTL)', streamRecord('REMOVE', 'EVENT#ev-1', 'RECEIPT'), false],
    ['a new case', streamRecord('INSERT', 'CASE#c-1', 'CASE'), false],
    ['a sort key that only starts like a receipt', streamRecord('INSERT', 'EVENT#ev-1', 'RECEIPTS'), false],
    ['a sort key in another case', streamRecord('INSERT', 'EVENT#ev-1', 'receipt'), false],
  ])('%s: %s', (_name, record, expected) => {
    // Act
    const matches = matchesStreamFilter(RECEIPT_INSERT_FILTER, record);

    // Assess
    expect(matches).toBe(expected);
  });

  it.each([
    ['no eventName', { dynamodb: { Keys: { sk: { S: 'RECEIPT' } } } }],
    ['no dynamodb', { eventName: 'INSERT' }],
    ['no Keys', { eventName: 'INSERT', dynamodb: {} }],
    ['no sort key', { eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'EVENT#ev-1' } } } }],
    ['a number sort key', { eventName: 'INSERT', dynamodb: { Keys: { sk: { N: '1' } } } }],
    ['Keys undefined', { eventName: 'INSERT', dynamodb: { Keys: undefined } }],
  ])('a record with %s does not match', (_name, record) => {
    expect(matchesStreamFilter(RECEIPT_INSERT_FILTER, record)).toBe(false);
  });
});

describe('matchesStreamFilter', () => {
  it.each([
    ['one of several strings', { a: ['x', 'y'] }, { a: 'y' }, true],
    ['none of several strings', { a: ['x', 'y'] }, { a: 'z' }, false],
    ['an empty list of values', { a: [] }, { a: 'x' }, false],
    ['a number', { a: [1, 2] }, { a: 2 }, true],
    ['a number against its text', { a: [1] }, { a: '1' }, false],
    ['a text against its number', { a: ['1'] }, { a: 1 }, false],
    ['a boolean', { a: [true] }, { a: true }, true],
    ['another boolean', { a: [true] }, { a: false }, false],
    ['null', { a: [null] }, { a: null }, true],
    ['null pattern, key missing', { a: [null] }, {}, false],
    ['an object where values are expected', { a: ['x'] }, { a: { b: 'x' } }, false],
    ['values where an object is expected', { a: { b: ['x'] } }, { a: 'x' }, false],
    ['null where an object is expected', { a: { b: ['x'] } }, { a: null }, false],
    ['an array where an object is expected', { a: { b: ['x'] } }, { a: [{ b: 'x' }] }, false],
    ['a record array with one value listed', { a: ['x'] }, { a: ['w', 'x'] }, true],
    ['a record array with no value listed', { a: ['x'] }, { a: ['w', 'v'] }, false],
    ['an empty record array', { a: ['x'] }, { a: [] }, false],
    ['every key matching', { a: ['x'], b: ['y'] }, { a: 'x', b: 'y', c: 'z' }, true],
    ['one key of two not matching', { a: ['x'], b: ['y'] }, { a: 'x', b: 'n' }, false],
    ['one key of two missing', { a: ['x'], b: ['y'] }, { a: 'x' }, false],
    ['three levels deep', { a: { b: { c: ['x'] } } }, { a: { b: { c: 'x', d: 'y' } } }, true],
    ['three levels deep, wrong leaf', { a: { b: { c: ['x'] } } }, { a: { b: { c: 'y' } } }, false],
    ['an empty pattern', {}, { a: 'x' }, true],
    ['an empty nested pattern, key present', { a: {} }, { a: { b: 'x' } }, true],
    ['an empty nested pattern, key missing', { a: {} }, {}, false],
    ['a key inherited, not own', { toString: ['x'] }, {}, false],
  ])('%s', (_name, pattern, record, expected) => {
    expect(matchesStreamFilter(pattern, record)).toBe(expected);
  });

  it.each([
    ['a content filter', { a: [{ prefix: 'EVENT#' }] }],
    ['a bare value', { a: 'x' }],
    ['a nested bare number', { a: { b: 1 } }],
  ])('refuses %s, which the local poller does not implement', (_name, pattern) => {
    expect(() => matchesStreamFilter(pattern, { a: 'x' })).toThrow(TypeError);
  });
});
