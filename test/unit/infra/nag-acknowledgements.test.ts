import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppUnderTest } from './app-under-test.ts';

type Finding = { id: string; path: string };
type Report = {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
};

const outdir = mkdtempSync(join(tmpdir(), 'pa-nag-'));
let findings: Finding[] = [];

// One synth: the rule packs without any acknowledgement, to see every finding they raise.
beforeAll(() => {
  const { app } = buildAppUnderTest({ nag: 'without-acknowledgements', outdir });
  expect(() => app.synth()).toThrow();
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
  findings = report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((c) => ({
        id: `${plugin.pluginName}::${violation.ruleName}`,
        path: c.constructPath,
      })),
    ),
  );
}, 60_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function acknowledgements(): Finding[] {
  const { app } = buildAppUnderTest({ nag: true });
  return app.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.keys(entry.data as object).map((id) => ({ id, path: construct.node.path })),
        ),
    );
}

const covers = (ack: Finding, finding: Finding) =>
  ack.id === finding.id && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));

describe('lib/nag-suppressions.ts', () => {
  it('acknowledges only findings that the rule packs raise (no stale acknowledgement)', () => {
    // Act
    const stale = acknowledgements().filter((ack) => !findings.some((finding) => covers(ack, finding)));
    // Assess
    expect(findings.length).toBeGreaterThan(0);
    expect(stale).toEqual([]);
  });

  it('acknowledges every finding the rule packs raise', () => {
    // Prepare
    const acks = acknowledgements();
    // Act
    const open = findings.filter((finding) => !acks.some((ack) => covers(ack, finding)));
    // Assess
    expect(open).toEqual([]);
  });
});
