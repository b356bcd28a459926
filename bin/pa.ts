/**
 * `pa`: the command line of the prior-auth workflow, for revenue-cycle staff and for scripts.
 * It speaks only the public HTTP contract (API.md): the bearer-token /v1 routes, and the signed
 * payer webhook (as a payer would send it). Human output by default, `--json` for scripts, and
 * exit codes that mean something (EXIT below, printed by `pa --help`).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { styleText } from 'node:util';
import cliProgress from 'cli-progress';
import { Command, CommanderError, Option } from 'commander';
import type { CaseSummary, toCaseView } from '#core/case/case-record.ts';
import type { Appeal, Assessment, Billing, Finding, HistoryEntry } from '#core/model.ts';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { PayerRegistryFile } from '#schemas/payer-registry.ts';
import demoPayers from '../lambdas/adapters/demo-payers.json' with { type: 'json' };
import sampleRequest from '../lambdas/schemas/examples/prior-auth-request.json' with { type: 'json' };

export const EXIT = {
  ok: 0,
  usage: 1,
  refused: 2,
  notFound: 3,
  unavailable: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const EXIT_HELP = `
Exit codes:
  0  done
  1  usage error (unknown command or option, unreadable or non-JSON file)
  2  refused by the API: validation or another 4xx answer (401 bad token, 409, 422, ...)
  3  not found (unknown case, document or payer; no appeal yet)
  4  server or network error (5xx, stack not running, timeout)

Environment:
  PA_URL         base URL of the API (default http://127.0.0.1:3000)
  PA_API_TOKEN   bearer token (default: the file <PA_DATA_DIR or .local>/api-token)
  PA_DATA_DIR    data dir of the local stack, where its api-token file is
  PA_PAYERS_FILE payer registry used to sign webhooks (default: the built-in demo registry)
`;

/** The case as `GET /v1/prior-auths/{caseId}` returns it (JSON of toCaseView). */
export type CaseView = ReturnType<typeof toCaseView>;

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** An answer or a failure that ends the command with a given exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly problem: Problem | undefined;
  constructor(message: string, exitCode: ExitCode, problem?: Problem) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.problem = problem;
  }
}

/** The exit code an HTTP status means (EXIT_HELP). */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 404) return EXIT.notFound;
  if (status >= 400 && status < 500) return EXIT.refused;
  if (status >= 500) return EXIT.unavailable;
  return EXIT.ok;
}

// ---------------------------------------------------------------------------------------------
// Talking to the API

export interface Connection {
  url: string;
  token: string | undefined;
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: the JSON of the route called
  body: any;
}

export function resolveToken(
  given: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (given) return given;
  if (env.PA_API_TOKEN) return env.PA_API_TOKEN;
  try {
    const stored = readFileSync(join(env.PA_DATA_DIR ?? '.local', 'api-token'), 'utf8').trim();
    return stored === '' ? undefined : stored;
  } catch {
    return undefined;
  }
}

async function call(
  conn: Connection,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; headers?: Record<string, string>; auth?: boolean } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
  if (options.auth !== false) {
    if (!conn.token) {
      throw new CliError(
        'no API token: pass --token, set PA_API_TOKEN, or start the local stack so that <PA_DATA_DIR>/api-token exists',
        EXIT.usage,
      );
    }
    headers.authorization = `Bearer ${conn.token}`;
  }
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const url = new URL(path, conn.url.endsWith('/') ? conn.url : `${conn.url}/`);
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CliError(
      `cannot reach ${conn.url} (${cause}): is the stack running (npm start)?`,
      EXIT.unavailable,
    );
  }
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json')
    ? await res.json().catch(() => undefined)
    : new Uint8Array(await res.arrayBuffer());
  if (res.status >= 400) {
    const problem = (type.includes('json') ? parsed : undefined) as Problem | undefined;
    const detail = problem?.detail ?? problem?.title ?? `HTTP ${res.status}`;
    throw new CliError(`${method} ${path}: ${res.status} ${detail}`, exitCodeForStatus(res.status), problem);
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

// biome-ignore lint/suspicious/noExplicitAny: user-supplied JSON, sent on as it is
function readJsonFile(file: string): any {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${file}`, EXIT.usage);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON`, EXIT.usage);
  }
}

// ---------------------------------------------------------------------------------------------
// Human output

const useColour = (): boolean => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
function paint(format: Parameters<typeof styleText>[0], text: string): string {
  return useColour() ? styleText(format, text) : text;
}

const DAY_MS = 86_400_000;

/** How urgent a deadline is, with the same thresholds as the web worklist. */
export function deadlineUrgency(
  dueAt: string | null | undefined,
  now: Date,
): {
  level: 'none' | 'overdue' | 'critical' | 'soon' | 'later';
  label: string;
} {
  if (!dueAt) return { level: 'none', label: 'no deadline' };
  const ms = Date.parse(dueAt) - now.getTime();
  if (Number.isNaN(ms)) return { level: 'none', label: 'no deadline' };
  const days = Math.abs(ms) / DAY_MS;
  const span = days >= 1 ? `${Math.floor(days)} d` : `${Math.max(1, Math.floor(Math.abs(ms) / 3_600_000))} h`;
  if (ms < 0) return { level: 'overdue', label: `overdue ${span}` };
  if (ms < 3 * DAY_MS) return { level: 'critical', label: `due in ${span}` };
  if (ms < 14 * DAY_MS) return { level: 'soon', label: `due in ${span}` };
  return { level: 'later', label: `due in ${span}` };
}

function urgencyText(dueAt: string | null | undefined, now: Date): string {
  const u = deadlineUrgency(dueAt, now);
  if (u.level === 'overdue') return paint(['bold', 'red'], u.label.toUpperCase());
  if (u.level === 'critical') return paint(['bold', 'yellow'], u.label);
  if (u.level === 'soon') return paint('yellow', u.label);
  return u.label;
}

function table(rows: string[][]): string {
  // Width without ANSI escapes, so that coloured cells line up.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences
  const width = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const dateTime = (iso: string | null | undefined): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

function severityText(severity: string): string {
  if (severity === 'error') return paint(['bold', 'red'], 'error  ');
  if (severity === 'warning') return paint('yellow', 'warning');
  return 'info   ';
}

function criterionMark(met: boolean | null): string {
  if (met === true) return paint('green', 'met    ');
  if (met === false) return paint('red', 'NOT MET');
  return paint('yellow', 'unknown');
}

export function formatAssessment(assessment: Assessment | null | undefined): string[] {
  if (!assessment) return ['Assessment  (not assessed yet)'];
  const lines = [
    `Assessment  ${paint('bold', assessment.verdict)}${assessment.indicationTitle ? ` - ${assessment.indicationTitle}` : assessment.indication ? ` - ${assessment.indication}` : ''}`,
  ];
  if (assessment.labelSource) lines.push(`            source: ${assessment.labelSource}`);
  for (const c of assessment.criteria ?? []) {
    lines.push(`  ${criterionMark(c.met)}  ${c.description ?? c.id}${c.evidence ? `: ${c.evidence}` : ''}`);
  }
  return lines;
}

export function formatBilling(billing: Billing | null | undefined): string[] {
  if (!billing) return ['Billing     (not computed yet)'];
  const vials = (billing.vials ?? []).map((v) => `${v.count} x ${v.ndc11} (${v.strengthMg} mg)`).join(', ');
  return [
    `Billing     ${billing.hcpcs}, ${billing.unitsPerAdministration} units per administration (${billing.dosePerAdministrationMg} mg at ${billing.unitMg} mg a unit)`,
    `            ${billing.administrationsRequested} administrations, ${billing.unitsRequested} units requested`,
    `            vials ${vials || '—'}; discarded ${billing.discardedMg} mg (${billing.discardedUnits} units); modifier ${billing.wasteModifier}`,
  ];
}

export function formatFindings(findings: Finding[] | undefined): string[] {
  if (!findings?.length) return ['Findings    none'];
  return ['Findings', ...findings.map((f) => `  ${severityText(f.severity)}  ${f.code}  ${f.message}`)];
}

export function formatCase(c: CaseView, now: Date = new Date()): string {
  const lines: string[] = [];
  lines.push(`Case        ${paint('bold', c.caseId)}  ${paint('bold', c.status)}  (${c.priority})`);
  lines.push(`Payer       ${c.payer?.name ?? c.payer?.id} (${c.payer?.id}, ${c.payer?.planType})`);
  if (c.flags?.length) lines.push(`Flags       ${c.flags.join(', ')}`);
  lines.push(...formatAssessment(c.assessment));
  lines.push(...formatBilling(c.billing));
  lines.push(...formatFindings(c.findings));
  if (c.decision) {
    const d = c.decision;
    const reasons = (d.reasons ?? []).map((r) => `${r.system} ${r.group ? `${r.group}-` : ''}${r.code}`);
    lines.push(
      `Decision    ${paint('bold', d.outcome)}${d.authorizationNumber ? `, authorization ${d.authorizationNumber}` : ''}${d.approvedUnits != null ? `, ${d.approvedUnits} units` : ''}${reasons.length ? `, reasons ${reasons.join(', ')}` : ''}`,
    );
    if (d.note) lines.push(`            payer note: ${d.note}`);
    if (d.requestedDocuments?.length) lines.push(`            requested: ${d.requestedDocuments.join(', ')}`);
  }
  const dl = c.deadlines ?? {};
  if (dl.payerDecisionDueAt)
    lines.push(
      `Deadlines   payer decision ${dateTime(dl.payerDecisionDueAt)} (${urgencyText(dl.payerDecisionDueAt, now)})`,
    );
  if (dl.appealDueAt)
    lines.push(`            appeal ${dateTime(dl.appealDueAt)} (${urgencyText(dl.appealDueAt, now)})`);
  if (c.appeals?.length) {
    lines.push('Appeals');
    for (const a of c.appeals) {
      lines.push(
        `  ${a.appealId}  ${a.remedy === 'corrected_claim' ? 'corrected claim' : `appeal level ${a.level}`}  ${a.status}  ${a.dueAt ? `due ${dateTime(a.dueAt)} (${urgencyText(a.dueAt, now)})` : ''}${a.documentId ? `  ${a.documentId}` : ''}`.trimEnd(),
      );
    }
  }
  if (c.documents?.length) {
    lines.push('Documents');
    for (const d of c.documents) lines.push(`  ${d.kind.padEnd(16)} ${d.documentId}`);
  }
  if (c.history?.length) {
    lines.push('History');
    lines.push(
      table(
        c.history.map((h: HistoryEntry) => [
          `  ${dateTime(h.at)}`,
          h.status ?? '',
          h.source,
          `${h.event}${h.detail ? `: ${h.detail}` : ''}`,
        ]),
      ),
    );
  }
  return lines.join('\n');
}

export function formatWorklist(items: CaseSummary[], now: Date = new Date()): string {
  if (items.length === 0) return 'No cases match.';
  const rows = [
    ['DUE', 'WHEN', 'CASE', 'PATIENT', 'STATUS', 'PRIORITY', 'PAYER', 'VERDICT', 'FLAGS'].map((h) =>
      paint('bold', h),
    ),
    ...items.map((i) => [
      dateTime(i.dueAt),
      urgencyText(i.dueAt, now),
      i.caseId,
      i.patient?.name ?? '',
      i.status,
      i.priority,
      i.payer?.id ?? '',
      i.verdict ?? '—',
      (i.flags ?? []).join(','),
    ]),
  ];
  return table(rows);
}

// ---------------------------------------------------------------------------------------------
// Payers (for signing webhooks as a payer would)

interface PayerEntry {
  id: string;
  name: string;
  planType: string;
  transport: string;
  webhookSecret: string;
}

export function loadPayers(env: NodeJS.ProcessEnv = process.env): PayerEntry[] {
  const file = env.PA_PAYERS_FILE;
  const json = file ? readJsonFile(file) : demoPayers;
  const parsed = PayerRegistryFile.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CliError(
      `payer registry ${file ?? '(built-in demo)'} is invalid at [${first?.path.join('.')}]: ${first?.message}`,
      EXIT.usage,
    );
  }
  return parsed.data;
}

function payerById(id: string): PayerEntry {
  const payer = loadPayers().find((p) => p.id === id);
  if (!payer) {
    throw new CliError(
      `payer ${id} is not in ${process.env.PA_PAYERS_FILE ?? 'the built-in demo registry'} (set PA_PAYERS_FILE)`,
      EXIT.notFound,
    );
  }
  return payer;
}

async function sendWebhook(
  conn: Connection,
  payer: PayerEntry,
  payload: unknown,
  id = `msg_${randomUUID()}`,
) {
  const raw = JSON.stringify(payload);
  const headers = webhookHeaders({
    id,
    timestamp: Math.floor(Date.now() / 1000),
    body: raw,
    secret: payer.webhookSecret,
  });
  return call(conn, 'POST', `/v1/webhooks/payers/${encodeURIComponent(payer.id)}`, {
    raw,
    headers,
    auth: false,
  });
}

// ---------------------------------------------------------------------------------------------
// Commands

interface GlobalOptions {
  url: string;
  token?: string;
  json?: boolean;
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

function connection(opts: GlobalOptions): Connection {
  return { url: opts.url, token: resolveToken(opts.token) };
}

function print(io: Io, opts: GlobalOptions, data: unknown, human: () => string): void {
  io.out(opts.json ? JSON.stringify(data, null, 2) : human());
}

async function getCase(conn: Connection, caseId: string): Promise<CaseView> {
  return (await call(conn, 'GET', `/v1/prior-auths/${encodeURIComponent(caseId)}`)).body;
}

async function waitForCase(
  conn: Connection,
  caseId: string,
  done: (c: CaseView) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<CaseView> {
  const until = Date.now() + timeoutMs;
  let last: CaseView | undefined;
  while (Date.now() < until) {
    last = await getCase(conn, caseId);
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new CliError(
    `case ${caseId} did not reach ${what} within ${timeoutMs / 1000} s (status ${last?.status})`,
    EXIT.unavailable,
  );
}

/** The newest appeal of a case that has a document. */
export function newestAppealDocument(
  c: Pick<CaseView, 'appeals'>,
): (Appeal & { documentId: string }) | undefined {
  const withDocs = (c.appeals ?? []).filter((a): a is Appeal & { documentId: string } =>
    Boolean(a.documentId),
  );
  withDocs.sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')));
  return withDocs[0];
}

function openWithSystem(path: string, io: Io): void {
  try {
    const child = spawn('xdg-open', [path], { stdio: 'ignore', detached: true });
    child.on('error', () => io.err(`could not run xdg-open; the PDF is at ${path}`));
    child.unref();
  } catch {
    io.err(`could not run xdg-open; the PDF is at ${path}`);
  }
}

const POST_SUBMIT = new Set([
  'SUBMITTED',
  'PENDED',
  'APPROVED',
  'PARTIALLY_APPROVED',
  'DENIED',
  'APPEAL_READY',
  'APPEAL_SUBMITTED',
  'APPEAL_APPROVED',
  'APPEAL_DENIED',
  'CLOSED',
]);
const STUCK = new Set(['NEEDS_INFO', 'SUBMISSION_FAILED']);

function decisionEvent(caseId: string, outcome: string, extra: Record<string, unknown> = {}) {
  const approved = outcome === 'approved' || outcome === 'partially_approved';
  return {
    type: 'prior_auth.decision',
    occurredAt: new Date().toISOString(),
    data: {
      caseId,
      payerReference: `DEMO-${caseId.slice(-8)}`,
      outcome,
      authorizationNumber: approved ? `AUTH-${caseId.slice(-8)}` : null,
      approvedUnits: null,
      validFrom: null,
      validTo: null,
      reasons: [],
      requestedDocuments: [],
      note: null,
      ...extra,
    },
  };
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

async function runDemo(conn: Connection, opts: GlobalOptions & { payer?: string }, io: Io): Promise<void> {
  const payers = loadPayers();
  const payer = opts.payer ? payerById(opts.payer) : payers.find((p) => p.transport === 'manual');
  if (!payer) {
    throw new CliError('the payer registry has no manual payer: pass --payer <id> of one', EXIT.usage);
  }
  const total = DEMO_CASES.reduce((n, c) => n + 2 + c.steps.length, 0);
  const tty = Boolean(process.stderr.isTTY) && !opts.json;
  const bar = tty
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
  const advance = (step: string) => {
    done += 1;
    if (bar) bar.update(done, { step });
    else if (!opts.json) io.err(`[${done}/${total}] ${step}`);
  };
  bar?.start(total, 0, { step: `demo against payer ${payer.id}` });
  const results: Array<{ name: string; caseId: string; status: string; appeal?: Appeal | undefined }> = [];
  try {
    for (const demo of DEMO_CASES) {
      const body = structuredClone(sampleRequest) as typeof sampleRequest & {
        coverage: { planType: string };
      };
      body.coverage.payerId = payer.id;
      body.coverage.planType = payer.planType;
      const submitted = await call(conn, 'POST', '/v1/prior-auths', {
        body,
        headers: { 'idempotency-key': `demo-${randomUUID()}` },
      });
      const caseId = submitted.body.caseId as string;
      advance(`${demo.name}: submitted ${caseId}`);
      const sent = await waitForCase(
        conn,
        caseId,
        (c) => POST_SUBMIT.has(c.status) || STUCK.has(c.status),
        'SUBMITTED',
      );
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
      results.push({ name: demo.name, caseId, status: last.status, appeal: newestAppealDocument(last) });
    }
  } finally {
    bar?.stop();
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

export function buildProgram(io: Io): Command {
  const program = new Command('pa')
    .description('Prior authorization and appeals for durvalumab (J9173): the command line of the /v1 API.')
    .addOption(
      new Option('--url <url>', 'base URL of the API').env('PA_URL').default('http://127.0.0.1:3000'),
    )
    .option('--token <token>', 'bearer token (default: PA_API_TOKEN, or <PA_DATA_DIR or .local>/api-token)')
    .option('--json', 'print JSON (one document on stdout) instead of text')
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(pa --help lists the commands and exit codes)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  const globals = <T extends object = object>(cmd: Command) => cmd.optsWithGlobals<GlobalOptions & T>();

  program
    .command('submit')
    .description('submit a prior-auth request (JSON file as examples/prior-auth-request.json)')
    .argument('<file>', 'the request JSON')
    .option('--idempotency-key <key>', 'replaying the same key and body returns the same case')
    .option('--wait', 'wait until the payer has the request (SUBMITTED or later) and show the case')
    .action(async (file: string, _o, cmd: Command) => {
      const opts = globals<{ idempotencyKey?: string; wait?: boolean }>(cmd);
      const conn = connection(opts);
      const body = readJsonFile(file);
      const headers: Record<string, string> = opts.idempotencyKey
        ? { 'idempotency-key': opts.idempotencyKey }
        : {};
      const res = await call(conn, 'POST', '/v1/prior-auths', { body, headers });
      if (!opts.wait) {
        print(io, opts, res.body, () => `${res.body.caseId}  ${res.body.status}`);
        return;
      }
      const c = await waitForCase(
        conn,
        res.body.caseId,
        (x) => POST_SUBMIT.has(x.status) || STUCK.has(x.status),
        'SUBMITTED',
      );
      print(io, opts, c, () => formatCase(c));
    });

  program
    .command('status')
    .description('show a case: status, assessment, billing, findings, decision, appeals, history')
    .argument('<caseId>')
    .action(async (caseId: string, _o, cmd: Command) => {
      const opts = globals(cmd);
      const c = await getCase(connection(opts), caseId);
      print(io, opts, c, () => formatCase(c));
    });

  program
    .command('worklist')
    .description('the worklist, most urgent deadline first')
    .option('--status <status>', 'only cases in this status (e.g. APPEAL_READY)')
    .option('--payer <payerId>', 'only cases of this payer')
    .option('--due-before <date>', 'only cases due before this date or date-time (ISO 8601)')
    .option('--limit <n>', 'cases per page (1-100)', '25')
    .option('--all', 'follow nextToken through every page')
    .option('--next-token <token>', 'continue from a nextToken')
    .action(async (_o, cmd: Command) => {
      const opts = globals<{
        status?: string;
        payer?: string;
        dueBefore?: string;
        limit: string;
        all?: boolean;
        nextToken?: string;
      }>(cmd);
      const conn = connection(opts);
      const query = new URLSearchParams();
      if (opts.status) query.set('status', String(opts.status).toUpperCase());
      if (opts.payer) query.set('payerId', opts.payer);
      if (opts.dueBefore) {
        const d = String(opts.dueBefore);
        query.set('dueBefore', /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d);
      }
      query.set('limit', String(opts.limit));
      let token: string | undefined = opts.nextToken;
      const items: CaseSummary[] = [];
      let nextToken: string | null = null;
      do {
        if (token) query.set('nextToken', token);
        const res = await call(conn, 'GET', `/v1/prior-auths?${query}`);
        items.push(...res.body.items);
        nextToken = res.body.nextToken ?? null;
        token = nextToken ?? undefined;
      } while (opts.all && token);
      print(io, opts, { items, nextToken }, () =>
        [formatWorklist(items), nextToken ? `\nmore: pa worklist --next-token ${nextToken}` : '']
          .join('')
          .trimEnd(),
      );
    });

  program
    .command('assess')
    .description('assess a request against the label and bill it, storing nothing')
    .argument('<file>', 'the request JSON')
    .action(async (file: string, _o, cmd: Command) => {
      const opts = globals(cmd);
      const res = await call(connection(opts), 'POST', '/v1/assessments', { body: readJsonFile(file) });
      print(io, opts, res.body, () =>
        [
          ...formatAssessment(res.body.assessment),
          ...formatBilling(res.body.billing),
          ...formatFindings(res.body.findings),
        ].join('\n'),
      );
    });

  program
    .command('appeal')
    .description("download the case's newest appeal (or corrected-claim) PDF")
    .argument('<caseId>')
    .option('--out <file>', 'where to write the PDF (default: ./<kind>-<caseId>-<appealId>.pdf)')
    .option('--open', 'open it with xdg-open')
    .action(async (caseId: string, _o, cmd: Command) => {
      const opts = globals<{ out?: string; open?: boolean }>(cmd);
      const conn = connection(opts);
      const c = await getCase(conn, caseId);
      const appeal = newestAppealDocument(c);
      if (!appeal) {
        throw new CliError(`case ${caseId} has no appeal document yet (status ${c.status})`, EXIT.notFound);
      }
      const res = await call(conn, 'GET', `/v1/documents/${encodeURIComponent(appeal.documentId)}`, {
        headers: { accept: 'application/pdf' },
      });
      const kind = appeal.remedy === 'corrected_claim' ? 'corrected-claim' : 'appeal';
      const out = resolve(opts.out ?? `${kind}-${caseId}-${appeal.appealId}.pdf`);
      writeFileSync(out, res.body as Uint8Array);
      if (opts.open) openWithSystem(out, io);
      print(io, opts, { caseId, ...appeal, file: out, bytes: (res.body as Uint8Array).length }, () => out);
    });

  program
    .command('webhook')
    .description(
      "send a payer's status update, signed with the payer's secret (PA_PAYERS_FILE or demo registry)",
    )
    .argument('<payerId>')
    .argument('<file>', 'the event JSON (e.g. examples/webhook-denied.json)')
    .option('--case <caseId>', 'put this caseId in data.caseId')
    .option('--id <webhookId>', 'the webhook-id (default: a new one; reuse one to test deduplication)')
    .action(async (payerId: string, file: string, _o, cmd: Command) => {
      const opts = globals<{ case?: string; id?: string }>(cmd);
      const payload = readJsonFile(file);
      if (opts.case) {
        payload.data = { ...(payload.data ?? {}), caseId: opts.case };
      }
      const res = await sendWebhook(connection(opts), payerById(payerId), payload, opts.id);
      print(
        io,
        opts,
        { status: res.status, ...(res.body ?? {}) },
        () => `${res.status} ${res.body?.duplicate ? 'duplicate (already applied)' : 'accepted'}`,
      );
    });

  program
    .command('demo')
    .description('run the sample case through every outcome: approved, denied -> appeal, pended -> decided')
    .option('--payer <payerId>', 'a manual payer of the registry (default: the first manual one)')
    .action(async (_o, cmd: Command) => {
      const opts = globals<{ payer?: string }>(cmd);
      await runDemo(connection(opts), opts, io);
    });

  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], io: Io = defaultIo): Promise<ExitCode> {
  const program = buildProgram(io);
  let jsonMode = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are not errors.
      if (error.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    jsonMode ||= Boolean((program.opts() as GlobalOptions).json);
    if (error instanceof CliError) {
      if (jsonMode)
        io.out(
          JSON.stringify(
            { error: { message: error.message, exitCode: error.exitCode, problem: error.problem } },
            null,
            2,
          ),
        );
      else {
        io.err(`pa: ${error.message}`);
        for (const e of error.problem?.errors ?? []) io.err(`  ${e.path}: ${e.message}`);
      }
      return error.exitCode;
    }
    io.err(`pa: unexpected error: ${(error as Error).message}`);
    return EXIT.unavailable;
  }
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv);
}
