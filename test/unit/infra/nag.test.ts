import { describe, expect, it } from 'vitest';
import { acknowledgedRuleIds } from '#infra/nag-suppressions.ts';
import { buildAppUnderTest } from './app-under-test.ts';

describe('cdk-nag (AwsSolutions, HIPAA Security)', () => {
  it('finds nothing that lib/nag-suppressions.ts does not acknowledge', () => {
    // Prepare
    const { app } = buildAppUnderTest({ nag: true });
    // Act: an in-memory synth throws the validation report when a rule pack fails.
    const synth = () => app.synth();
    // Assess
    expect(synth).not.toThrow();
  }, 60_000);

  it('acknowledges every finding by its exact rule id, with its pack prefix', () => {
    // Prepare
    const { stateful, stateless } = buildAppUnderTest({ nag: true });
    // Act
    const ids = [...acknowledgedRuleIds(stateful), ...acknowledgedRuleIds(stateless)];
    // Assess
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids)
      expect(id).toMatch(/^(AwsSolutions::AwsSolutions|HIPAA\.Security::HIPAA\.Security)-\w+/);
  });
});
