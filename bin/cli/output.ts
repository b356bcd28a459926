/** Human output of `pa` (tables, colours, urgency) and the `--json` switch. */
import { styleText } from 'node:util';
import type { CaseSummary } from '#core/case/case-record.ts';
import type { Assessment, Billing, Finding, HistoryEntry } from '#core/model.ts';
import type { CaseView } from './cases.ts';
import type { GlobalOptions } from './config.ts';

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Prints `data` as JSON under --json, else the human text. */
export function print(io: Io, opts: GlobalOptions, data: unknown, human: () => string): void {
  io.out(opts.json ? JSON.stringify(data, null, 2) : human());
}

const useColour = (): boolean => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
export function paint(format: Parameters<typeof styleText>[0], text: string): string {
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

export function table(rows: string[][]): string {
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
