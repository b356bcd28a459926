/**
 * The CLI (`npx pa`, bin/pa.js) against the running stack: spawned as a user would run it, with
 * its output and exit codes checked.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { E2E_PAYERS_FILE, examplePath } from '../support/examples.ts';
import { baseUrl, requestFor, token, waitForCase } from './client.ts';

const BIN = fileURLToPath(new URL('../../bin/pa.js', import.meta.url));
const WEBHOOK_DENIED = examplePath('webhook-denied.json');
const work = mkdtempSync(join(tmpdir(), 'pa-cli-e2e-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function pa(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: work,
        timeout: 120_000,
        env: {
          ...process.env,
          PA_URL: baseUrl(),
          PA_API_TOKEN: token(),
          PA_PAYERS_FILE: E2E_PAYERS_FILE,
          NO_COLOR: '1',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function requestFile(
  name: string,
  payerId: string,
  change: (r: Record<string, any>) => void = () => {},
): string {
  const path = join(work, `${name}.json`);
  writeFileSync(path, JSON.stringify(requestFor(payerId, change)));
  return path;
}

async function submitted(payerId: string): Promise<string> {
  const run = await pa(['submit', requestFile(`req-${payerId}`, payerId), '--json']);
  expect(run.code).toBe(0);
  const caseId = JSON.parse(run.stdout).caseId as string;
  await waitForCase(caseId, (c) => c.status === 'SUBMITTED');
  return caseId;
}

describe('pa', () => {
  it('documents its commands and exit codes in --help', async () => {
    // Act
    const run = await pa(['--help']);
    // Assess
    expect(run.code).toBe(0);
    for (const command of ['submit', 'status', 'worklist', 'assess', 'appeal', 'webhook', 'demo']) {
      expect(run.stdout).toContain(command);
    }
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*3\s+not found/);
  });

  it.each([
    ['an unknown command', ['frobnicate'], 1],
    ['an unknown case', ['status', 'pa_doesnotexist0000000000000'], 3],
    ['a wrong token', ['--token', 'wrong', 'worklist'], 2],
    ['a stack that is not there', ['--url', 'http://127.0.0.1:9', 'worklist'], 4],
  ])('exits with a code that means something for %s', async (_name, args, expected) => {
    // Act
    const run = await pa(args);
    // Assess
    expect(run.code).toBe(expected);
    expect(run.stderr).not.toBe('');
  });

  it('submits a request and shows the case as a person reads it', async () => {
    // Prepare
    const caseId = await submitted('manual-commercial');
    // Act
    const run = await pa(['status', caseId]);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(caseId);
    expect(run.stdout).toMatch(/Assessment\s+meets_label/);
    expect(run.stdout).toMatch(/Billing\s+J9173, 150 units per administration/);
    expect(run.stdout).toContain('00310-4611-50');
  });

  it('refuses an invalid request with exit 2 and names the field', async () => {
    // Prepare
    const file = requestFile('bad-weight', 'manual-commercial', (r) => {
      r.patient.weightKg = 900;
    });
    // Act
    const run = await pa(['submit', file]);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('patient.weightKg');
  });

  it('lists the worklist for a payer as JSON', async () => {
    // Prepare
    const caseId = await submitted('manual-ma');
    // Act
    const run = await pa(['worklist', '--payer', 'manual-ma', '--status', 'SUBMITTED', '--all', '--json']);
    // Assess
    expect(run.code).toBe(0);
    const page = JSON.parse(run.stdout) as { items: Array<{ caseId: string; payer: { id: string } }> };
    expect(page.items.map((i) => i.caseId)).toContain(caseId);
    expect(page.items.every((i) => i.payer.id === 'manual-ma')).toBe(true);
  });

  it('assesses a request without storing it', async () => {
    // Prepare
    const file = requestFile('assess', 'manual-commercial', (r) => {
      r.treatmentPlan.hcpcs = 'J9376';
    });
    // Act
    const run = await pa(['assess', file]);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/error\s+HCPCS_MISMATCH/);
  });

  it('sends a signed denial as the payer, once, and downloads the appeal it produced', async () => {
    // Prepare
    const caseId = await submitted('manual-commercial');
    const webhookId = `msg_cli_${caseId}`;
    // Act
    const deliver = () =>
      pa(['webhook', 'manual-commercial', WEBHOOK_DENIED, '--case', caseId, '--id', webhookId]);
    const first = await deliver();
    const again = await deliver();
    await waitForCase(caseId, (c) => c.appeals?.some((a: { documentId: string | null }) => a.documentId));
    const out = join(work, 'appeal.pdf');
    const appeal = await pa(['appeal', caseId, '--out', out]);
    // Assess
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^20\d accepted/);
    expect(again.stdout).toContain('duplicate');
    expect(appeal.code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('has no appeal to download for a case that was not denied', async () => {
    // Prepare
    const caseId = await submitted('manual-commercial');
    // Act
    const run = await pa(['appeal', caseId]);
    // Assess
    expect(run.code).toBe(3);
  });

  it('runs the demo through every outcome', async () => {
    // Act
    const run = await pa(['demo', '--payer', 'manual-medicaid', '--json']);
    // Assess
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      cases: Array<{ name: string; status: string; appeal?: unknown }>;
    };
    expect(result.cases.map((c) => [c.name, c.status])).toEqual([
      ['approved', 'APPROVED'],
      ['denied -> appeal', 'APPEAL_READY'],
      ['pended -> decided', 'APPROVED'],
    ]);
    expect(result.cases[1]?.appeal).toBeDefined();
  }, 120_000);
});
