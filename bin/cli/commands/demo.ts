/** `pa demo`: the sample request through every outcome, as the payer's webhooks would drive it. */
import { randomUUID } from 'node:crypto';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Appeal } from '#core/model.ts';
import {
  decisionWebhook,
  type PriorAuthDecisionBody,
  type PriorAuthOutcome,
} from '#core/payer/decision-webhook.ts';
import sampleRequest from '../../../lambdas/schemas/examples/prior-auth-request.json' with { type: 'json' };
import { type CaseView, newestAppealDocument, STUCK, submittedOrStuck, waitForCase } from '../cases.ts';
import { type Connection, connection, type GlobalOptions, globals } from '../config.ts';
import { CliError, EXIT } from '../errors.ts';
import { call } from '../http.ts';
import { type Io, paint, print, table } from '../output.ts';
import { loadPayers, type PayerEntry, payerById, sendWebhook } from '../payers.ts';

/** The payer's decision now, built as every payer webhook is (core/payer/decision-webhook.ts). */
function decisionEvent(
  caseId: string,
  outcome: PriorAuthOutcome,
  extra: Partial<PriorAuthDecisionBody['data']> = {},
) {
  return decisionWebhook(caseId, outcome, new Date().toISOString(), {
    payerReference: `DEMO-${caseId.slice(-8)}`,
    ...extra,
  });
}

interface DemoCase {
  name: string;
  /** Webhook steps: send this decision, then wait for the case to satisfy `until`. */
  steps: Array<{
    label: string;
    event: (caseId: string) => unknown;
    until: (c: CaseView) => boolean;
    what: string;
  }>;
}

const DEMO_CASES: DemoCase[] = [
  {
    name: 'approved',
    steps: [
      {
        label: 'payer approves',
        event: (id) => decisionEvent(id, 'approved'),
        until: (c) => c.status === 'APPROVED',
        what: 'APPROVED',
      },
    ],
  },
  {
    name: 'denied -> appeal',
    steps: [
      {
        label: 'payer denies (CARC 50, RARC N386)',
        event: (id) =>
          decisionEvent(id, 'denied', {
            reasons: [
              { system: 'CARC', code: '50' },
              { system: 'RARC', code: 'N386' },
            ],
            note: 'Documentation does not establish that disease has not progressed after chemoradiation.',
          }),
        until: (c) => c.appeals?.some((a) => a.documentId) && c.status !== 'DENIED',
        what: 'an appeal with its PDF',
      },
    ],
  },
  {
    name: 'pended -> decided',
    steps: [
      {
        label: 'payer pends for records',
        event: (id) =>
          decisionEvent(id, 'pended', {
            requestedDocuments: ['most recent imaging report'],
            note: 'Send the most recent imaging report.',
          }),
        // A pend that asks for records is NEEDS_INFO; a bare pend is PENDED.
        until: (c) => c.status === 'PENDED' || c.status === 'NEEDS_INFO',
        what: 'PENDED or NEEDS_INFO',
      },
      {
        label: 'payer approves after review',
        event: (id) => decisionEvent(id, 'approved'),
        until: (c) => c.status === 'APPROVED',
        what: 'APPROVED',
      },
    ],
  },
];

/** Counts the demo's steps on a progress bar (a TTY) or as lines on stderr (not under --json). */
function progress(total: number, json: boolean | undefined, io: Io) {
  const bar =
    process.stderr.isTTY && !json
      ? new cliProgress.SingleBar(
          {
            format: ' {bar} {value}/{total}  {step}',
            hideCursor: true,
            stream: process.stderr,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let done = 0;
  return {
    start: (step: string) => bar?.start(total, 0, { step }),
    advance: (step: string) => {
      done += 1;
      if (bar) bar.update(done, { step });
      else if (!json) io.err(`[${done}/${total}] ${step}`);
    },
    stop: () => bar?.stop(),
  };
}

interface DemoResult {
  name: string;
  caseId: string;
  status: string;
  appeal?: Appeal | undefined;
}

/** Submits the sample request to `payer`, then sends the demo's webhooks one by one. */
async function runDemoCase(
  conn: Connection,
  payer: PayerEntry,
  demo: DemoCase,
  advance: (step: string) => void,
): Promise<DemoResult> {
  const body = structuredClone(sampleRequest) as typeof sampleRequest & { coverage: { planType: string } };
  body.coverage.payerId = payer.id;
  body.coverage.planType = payer.planType;
  const submitted = await call(conn, 'POST', '/v1/prior-auths', {
    body,
    headers: { 'idempotency-key': `demo-${randomUUID()}` },
  });
  const caseId = submitted.body.caseId as string;
  advance(`${demo.name}: submitted ${caseId}`);
  const sent = await waitForCase(conn, caseId, submittedOrStuck, 'SUBMITTED');
  if (STUCK.has(sent.status)) {
    throw new CliError(`${demo.name}: case ${caseId} stopped at ${sent.status}`, EXIT.refused);
  }
  advance(`${demo.name}: ${caseId} ${sent.status}`);
  let last = sent;
  for (const step of demo.steps) {
    await sendWebhook(conn, payer, step.event(caseId));
    last = await waitForCase(conn, caseId, step.until, step.what);
    advance(`${demo.name}: ${step.label} -> ${last.status}`);
  }
  return { name: demo.name, caseId, status: last.status, appeal: newestAppealDocument(last) };
}

async function runDemo(conn: Connection, opts: GlobalOptions & { payer?: string }, io: Io): Promise<void> {
  const payers = loadPayers();
  const payer = opts.payer ? payerById(opts.payer) : payers.find((p) => p.transport === 'manual');
  if (!payer) {
    throw new CliError('the payer registry has no manual payer: pass --payer <id> of one', EXIT.usage);
  }
  const steps = progress(
    DEMO_CASES.reduce((n, c) => n + 2 + c.steps.length, 0),
    opts.json,
    io,
  );
  steps.start(`demo against payer ${payer.id}`);
  const results: DemoResult[] = [];
  try {
    for (const demo of DEMO_CASES) results.push(await runDemoCase(conn, payer, demo, steps.advance));
  } finally {
    steps.stop();
  }
  print(io, opts, { payerId: payer.id, cases: results }, () =>
    table([
      ['OUTCOME', 'CASE', 'STATUS', 'APPEAL'].map((h) => paint('bold', h)),
      ...results.map((r) => [
        r.name,
        r.caseId,
        r.status,
        r.appeal ? `${r.appeal.remedy} ${r.appeal.documentId}` : '',
      ]),
    ]),
  );
}

export function registerDemo(program: Command, io: Io): void {
  program
    .command('demo')
    .description('run the sample case through every outcome: approved, denied -> appeal, pended -> decided')
    .option('--payer <payerId>', 'a manual payer of the registry (default: the first manual one)')
    .action(async (_o, cmd: Command) => {
      const opts = globals<{ payer?: string }>(cmd);
      await runDemo(connection(opts), opts, io);
    });
}
