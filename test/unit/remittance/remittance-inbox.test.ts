import { describe, expect, it } from 'vitest';
import { inMemoryPorts } from '#adapters/in-memory/index.ts';
import { ingestInboxObject } from '#handlers/remittance-inbox.ts';
import { build835 } from '../../fixtures/x12/remittance-835.ts';

const text = build835({
  payerId: 'P',
  payerName: 'PAYER',
  trace: 'INBOX-1',
  claims: [{ claimId: 'CLM-INBOX', lines: [{ hcpcs: 'J9173', units: 10, charge: 1000, paid: 900 }] }],
});

/** The object's bytes in pieces, as S3's GetObject body gives them. */
const objects = (files: Record<string, string>) => (key: string) => {
  const bytes = Buffer.from(files[key] ?? '');
  return [bytes.subarray(0, 100), bytes.subarray(100)];
};

describe('the remittances/inbox/ drop folder', () => {
  it('ingests an 835 put under remittances/inbox/ as POST /v1/remittances does, once', async () => {
    const ports = inMemoryPorts();
    const open = objects({ 'remittances/inbox/era-1.835': text });
    const first = await ingestInboxObject('remittances/inbox/era-1.835', open, ports);
    const again = await ingestInboxObject('remittances/inbox/era-1.835', open, ports);
    expect(first).toMatchObject({ claims: 1, matched: 0, duplicate: false });
    expect(again).toMatchObject({ claims: 1, duplicate: true });
  });

  it('refuses a malformed file with the segment at fault, logged by its key, and stores nothing', async () => {
    const ports = inMemoryPorts();
    const open = objects({ 'remittances/inbox/bad.835': text.replace('CLP*CLM-INBOX*1', 'CLP*CLM-INBOX*') });
    const result = await ingestInboxObject('remittances/inbox/bad.835', open, ports);
    expect(result).toEqual({
      refused: expect.stringMatching(/segment \d+ \(CLP\): the claim status \(CLP02\)/),
    });
    expect(ports.remittances.remittances.size).toBe(0);
    expect(ports.log.lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'remittance file refused' }),
    ]);
  });

  it('puts a file under remittances/inbox/<organizationId>/ in that organization, one directly under the inbox in default', async () => {
    const ports = inMemoryPorts();
    const open = objects({ 'remittances/inbox/acme/era-1.835': text, 'remittances/inbox/era-1.835': text });
    const ofAcme = await ingestInboxObject('remittances/inbox/acme/era-1.835', open, ports);
    const ofDefault = await ingestInboxObject('remittances/inbox/era-1.835', open, ports);
    const organizationOf = (result: typeof ofAcme) =>
      'remittanceId' in result
        ? ports.remittances.remittances.get(result.remittanceId)?.organizationId
        : undefined;
    expect(organizationOf(ofAcme)).toBe('acme');
    expect(organizationOf(ofDefault)).toBe('default');
    expect(ofAcme).toMatchObject({ duplicate: false });
    expect(ofDefault).toMatchObject({ duplicate: false });
  });

  it('ignores a file whose folder under the inbox is no organization id', async () => {
    const ports = inMemoryPorts();
    const result = await ingestInboxObject('remittances/inbox/Not An Org/era.835', objects({}), ports);
    expect(result).toEqual({ ignored: 'its folder under the inbox is not an organization id' });
    expect(ports.remittances.remittances.size).toBe(0);
  });

  it('ignores an object outside the drop folder', async () => {
    const ports = inMemoryPorts();
    const result = await ingestInboxObject('uploads/u-1.pdf', objects({}), ports);
    expect(result).toEqual({ ignored: 'not under remittances/inbox/' });
  });
});
