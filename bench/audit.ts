/**
 * What the audit trail costs end to end (issue 13): the same scenario per case on two fresh local
 * stacks, alternately, with
 *   off: PA_AUDIT=off (a switch only this bench uses: the API records nothing) and the operator's
 *        bootstrap token (no JWT to verify);
 *   on:  the audit trail on, and a machine client's access token from the local issuer (a JWT
 *        checked against the issuer's keys on every request), as a deployment runs.
 * Scenario: N cases submitted to the manual payer, each read until SUBMITTED, decided by a signed
 * webhook (approved), read until APPROVED, then the worklist read: every request of it recorded
 * when on (case.create, case.read, webhook.apply, worklist.read). Cost per case = wall time / N;
 * the ratio on/off is the audit trail's (and authentication's) cost; the target is < 1.15.
 *
 * `node --import tsx bench/audit.ts [N] [rounds]` (default 20 cases, 2 rounds), and a section of
 * `npm run bench`; the figures go to bench/audit-results.json. The ratio is of the best (least
 * disturbed) run of each mode; each round's ratio is kept beside it, with the load average.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { e2eSecret } from '../test/support/examples.ts';
import { StackClient } from '../test/support/http-client.ts';
import { machineClient } from '../test/support/machine-client.ts';
import { decisionDelivery, deliver, PAYERS_FILE, submitCases } from './http.ts';
import { startBenchStack } from './stack.ts';
import { forEachBounded, round } from './stats.ts';

const POLL_MS = 100;
const WAITERS = 4;

type Mode = 'off' | 'on';

async function waitFor(
  client: StackClient,
  caseIds: string[],
  status: string,
  then?: (caseId: string) => Promise<void>,
) {
  await forEachBounded(caseIds, WAITERS, async (caseId) => {
    for (;;) {
      const current = await client.getCase(caseId);
      if (current.status === status) return then?.(caseId);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  });
}

/** One run of the scenario on a fresh stack: its cost per case and the events it recorded. */
async function run(mode: Mode, n: number): Promise<{ mode: Mode; costPerCaseMs: number; events: number }> {
  if (mode === 'off') process.env.PA_AUDIT = 'off';
  const stack = await startBenchStack(PAYERS_FILE);
  delete process.env.PA_AUDIT;
  try {
    const options = { secretFor: e2eSecret, busyRetries: 50, patient: true };
    const operator = new StackClient(stack.url, stack.token, options);
    const client =
      mode === 'on' ? (await machineClient(operator, 'default', ['staff'], options)).api : operator;
    const started = performance.now();
    const caseIds = await submitCases(client, n, `audit-${mode}`);
    await waitFor(client, caseIds, 'SUBMITTED', async (caseId) => {
      const res = await deliver(client, decisionDelivery(caseId, 'approved', new Date().toISOString()));
      if (res.status !== 200 && res.status !== 202) throw new Error(`webhook answered ${res.status}`);
    });
    await waitFor(client, caseIds, 'APPROVED');
    const worklist = await client.api('GET', '/v1/prior-auths?limit=100');
    if (worklist.status !== 200) throw new Error(`worklist answered ${worklist.status}`);
    const wallMs = performance.now() - started;
    let events = 0;
    let nextToken: string | null = null;
    do {
      const page = await operator.api(
        'GET',
        `/v1/audit-events?limit=500${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`,
      );
      events += (page.body.items as unknown[]).length;
      nextToken = page.body.nextToken;
    } while (nextToken);
    return { mode, costPerCaseMs: round(wallMs / n), events };
  } finally {
    await stack.stop();
  }
}

/** The on/off runs, alternately, `rounds` times: their figures, the ratio, written to bench/audit-results.json. */
export async function benchAudit(n: number, rounds: number, log: (line: string) => void) {
  const runs: Array<Awaited<ReturnType<typeof run>>> = [];
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['off', 'on'] as const) {
      const figures = await run(mode, n);
      runs.push(figures);
      log(`audit round ${r + 1} ${mode}: ${figures.costPerCaseMs} ms a case, ${figures.events} audit events`);
    }
  }
  // The least disturbed run of each mode: on a shared machine a run is only ever slowed by others.
  const best = (mode: Mode) => Math.min(...runs.filter((x) => x.mode === mode).map((x) => x.costPerCaseMs));
  const ratio = round(best('on') / best('off'), 3);
  const result = {
    at: new Date().toISOString(),
    // On a shared machine the figures move with its load: read them with it.
    loadAverage: loadavg().map((l) => round(l, 2)),
    cores: cpus().length,
    n,
    rounds,
    runs,
    roundRatios: runs.flatMap((x, i) =>
      x.mode === 'on' && runs[i - 1] ? [round(x.costPerCaseMs / runs[i - 1]!.costPerCaseMs, 3)] : [],
    ),
    bestOffMs: best('off'),
    bestOnMs: best('on'),
    ratio,
    target: 1.15,
  };
  writeFileSync(new URL('audit-results.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** The section of `npm run bench`: one line with the ratio against its target. */
export async function auditSection(quick: boolean): Promise<string> {
  const result = await benchAudit(20, quick ? 1 : 2, () => {});
  return `audit trail and authentication on / off, cost per case: ${result.bestOnMs} / ${result.bestOffMs} ms (best of ${result.rounds}) = ${result.ratio} (target < 1.15: ${result.ratio < 1.15 ? 'met' : 'missed'})`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchAudit(Number(process.argv[2] ?? 20), Number(process.argv[3] ?? 2), (line) =>
    process.stdout.write(`${line}\n`),
  );
  process.stdout.write(`audit trail on / off: ${result.ratio} (target < 1.15)\n`);
}
