import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digest, newCaseId, packetDocumentId, payerEventId, remedyIds, sha256Hex } from '#core/ids.ts';

/** SHA-256 of the parts joined by the unit separator, written out here rather than taken from the product. */
function expectedHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u001f')).digest('hex');
}

describe('newCaseId', () => {
  it('is pa_ and a lower-case ULID, new at every call', () => {
    // Act
    const ids = Array.from({ length: 20 }, () => newCaseId());
    // Assess
    for (const id of ids) expect(id).toMatch(/^pa_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('digest', () => {
  it('hashes the parts joined by the unit separator, so no two splits of one string collide', () => {
    expect(digest('case', 'evt')).toBe(expectedHash('case', 'evt'));
    expect(digest('ab', 'c')).not.toBe(digest('a', 'bc'));
    expect(digest('abc')).not.toBe(digest('a', 'b', 'c'));
  });
});

describe('sha256Hex', () => {
  it.each([
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ])('of %j is the FIPS 180-2 test vector', (text, hash) => {
    expect(sha256Hex(text)).toBe(hash);
    expect(sha256Hex(new TextEncoder().encode(text))).toBe(hash);
  });
});

describe('ids derived from what they stand for', () => {
  it('gives a payer event the id of its payer and webhook id, and only theirs', () => {
    // Act
    const id = payerEventId('bcbs-tx', 'msg_1');
    // Assess
    expect(id).toBe(`evt_${expectedHash('webhook', 'bcbs-tx', 'msg_1').slice(0, 32)}`);
    expect(payerEventId('aetna', 'msg_1')).not.toBe(id);
    expect(payerEventId('bcbs-tx', 'msg_2')).not.toBe(id);
  });

  it('gives a case one packet document id', () => {
    expect(packetDocumentId('pa_1')).toBe(`doc_${expectedHash('packet', 'pa_1').slice(0, 26)}`);
    expect(packetDocumentId('pa_2')).not.toBe(packetDocumentId('pa_1'));
  });

  it('gives the remedy of one event an appeal id and a document id cut from one hash', () => {
    // Prepare
    const hash = expectedHash('remedy', 'pa_1', 'evt_1');
    // Act
    const ids = remedyIds('pa_1', 'evt_1');
    // Assess
    expect(ids).toEqual({ appealId: `apl_${hash.slice(0, 24)}`, documentId: `doc_${hash.slice(24, 50)}` });
    expect(remedyIds('pa_1', 'evt_2').appealId).not.toBe(ids.appealId);
  });
});
