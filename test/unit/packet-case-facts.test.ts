/**
 * Issue 11: the case facts embedded in the packet PDF carry only payer-facing facts, the ones the
 * letter itself states: no internal verdict, no finding the letter withholds, no payer config.
 */
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '#adapters/templates.ts';
import type { Finding } from '#core/model.ts';
import { composePacketLetter } from '#core/packet/letter.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';
import { flattenBlocks } from './support/appeal-case.ts';

const templates = loadTemplates();

const findings: Finding[] = [
  { severity: 'warning', code: 'POLICY_RISK', message: 'Synthetic policy-risk message for the reviewer.' },
  { severity: 'error', code: 'HCPCS_MISMATCH', message: 'Synthetic internal coding message.' },
  { severity: 'warning', code: 'UNVERIFIED_REFERENCE', message: 'Synthetic unverified-reference note.' },
];

function embeddedFacts(input = samplePacketInput({ findings })) {
  const spec = composePacketLetter(input, templates);
  const text = new TextDecoder().decode(spec.attachments?.[0]?.content);
  return { spec, text, facts: JSON.parse(text) as Record<string, unknown> };
}

describe('packet case facts', () => {
  it('embeds the findings the letter discloses and none it withholds', () => {
    // Act
    const { spec, text, facts } = embeddedFacts();
    // Assess
    expect(facts.disclosures).toEqual(['Synthetic policy-risk message for the reviewer.']);
    expect(text).not.toContain('Synthetic internal coding message.');
    expect(text).not.toContain('Synthetic unverified-reference note.');
    expect(flattenBlocks(spec)).toContain('Synthetic policy-risk message for the reviewer.');
  });

  it('embeds the indication as the letter states it, without the internal verdict or findings list', () => {
    // Prepare
    const input = samplePacketInput({ findings });
    // Act
    const { facts } = embeddedFacts(input);
    // Assess
    expect(Object.keys(facts).sort()).toEqual(
      ['billing', 'caseId', 'createdAt', 'disclosures', 'indication', 'payer', 'request'].sort(),
    );
    expect(facts).not.toHaveProperty('assessment');
    expect(facts).not.toHaveProperty('findings');
    expect(JSON.stringify(facts)).not.toContain(`"verdict"`);
    expect(facts.indication).toMatchObject({ title: expect.any(String) });
  });

  it('names the payer by id, name and plan type only, whatever else its config carries', () => {
    // Prepare
    const base = samplePacketInput();
    const payer = { ...base.payer, webhookSecret: 'whsec_c3ludGhldGljLXNlY3JldC1ub3QtcmVhbA==' };
    // Act
    const { facts } = embeddedFacts({ ...base, payer });
    // Assess
    expect(facts.payer).toEqual({ id: base.payer.id, name: base.payer.name, planType: base.payer.planType });
  });
});
