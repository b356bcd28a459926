import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '#core/case/case-record.ts';
import { type Appeal, CASE_STATUSES } from '#core/model.ts';
import { POST_SUBMIT, STUCK } from '../../bin/cli/cases.ts';
import {
  deadlineUrgency,
  EXIT,
  exitCodeForStatus,
  formatWorklist,
  loadPayers,
  main,
  newestAppealDocument,
  resolveToken,
} from '../../bin/pa.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

describe('exitCodeForStatus', () => {
  it.each([
    [200, EXIT.ok],
    [202, EXIT.ok],
    [400, EXIT.refused],
    [401, EXIT.refused],
    [415, EXIT.refused],
    [422, EXIT.refused],
    [404, EXIT.notFound],
    [500, EXIT.unavailable],
    [503, EXIT.unavailable],
  ])('HTTP %i means exit %i', (status, expected) => {
    // Act
    const code = exitCodeForStatus(status);
    // Assess
    expect(code).toBe(expected);
  });
});

describe('deadlineUrgency', () => {
  it.each([
    [null, 'none'],
    ['not a date', 'none'],
    [hoursFromNow(-1), 'overdue'],
    [hoursFromNow(-72), 'overdue'],
    [hoursFromNow(1), 'critical'],
    [hoursFromNow(71), 'critical'],
    [hoursFromNow(72), 'soon'],
    [hoursFromNow(14 * 24 - 1), 'soon'],
    [hoursFromNow(14 * 24), 'later'],
  ])('a deadline at %s is %s', (dueAt, level) => {
    // Act
    const urgency = deadlineUrgency(dueAt, NOW);
    // Assess
    expect(urgency.level).toBe(level);
  });

  it('says how late an overdue deadline is in words', () => {
    // Act
    const urgency = deadlineUrgency(hoursFromNow(-50), NOW);
    // Assess
    expect(urgency.label).toBe('overdue 2 d');
  });
});

describe('newestAppealDocument', () => {
  const appeal = (appealId: string, createdAt: string, documentId: string | null): Appeal => ({
    appealId,
    status: 'APPEAL_READY',
    remedy: 'appeal',
    subject: 'prior_auth',
    level: 1,
    documentId,
    dueAt: null,
    createdAt,
  });

  it('picks the newest appeal that has a document', () => {
    // Prepare
    const appeals = [
      appeal('apl_1', '2026-11-01T00:00:00Z', 'doc_1'),
      appeal('apl_3', '2026-11-03T00:00:00Z', null),
      appeal('apl_2', '2026-11-02T00:00:00Z', 'doc_2'),
    ];
    // Act
    const newest = newestAppealDocument({ appeals });
    // Assess
    expect(newest?.appealId).toBe('apl_2');
  });

  it('finds none when no appeal has a document', () => {
    // Act
    const newest = newestAppealDocument({ appeals: [appeal('apl_1', '2026-11-01T00:00:00Z', null)] });
    // Assess
    expect(newest).toBeUndefined();
  });
});

describe('resolveToken', () => {
  it.each([
    ['the --token option first', 'given', { PA_API_TOKEN: 'env' }, 'given'],
    ['then PA_API_TOKEN', undefined, { PA_API_TOKEN: 'env' }, 'env'],
  ])('takes %s', (_name, given, env, expected) => {
    // Act
    const token = resolveToken(given, env);
    // Assess
    expect(token).toBe(expected);
  });

  it('then the api-token file of PA_DATA_DIR', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'pa-cli-'));
    writeFileSync(join(dir, 'api-token'), 'from-file\n');
    // Act
    const token = resolveToken(undefined, { PA_DATA_DIR: dir });
    // Assess
    expect(token).toBe('from-file');
  });
});

describe('loadPayers', () => {
  it('reads the built-in demo registry when PA_PAYERS_FILE is not set', () => {
    // Act
    const payers = loadPayers({});
    // Assess
    expect(payers.some((p) => p.transport === 'manual')).toBe(true);
  });
});

describe('formatWorklist', () => {
  it('shows each case with its urgency', () => {
    // Prepare
    const item: CaseSummary = {
      caseId: 'pa_test1',
      organizationId: 'default',
      assigneeId: null,
      patient: { id: 'MRN-1', name: 'Rivera, Dana' },
      status: 'SUBMITTED',
      priority: 'standard',
      payer: { id: 'demo-medicaid', name: 'Demo State Medicaid', planType: 'medicaid' },
      verdict: 'meets_label',
      indication: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      dueAt: hoursFromNow(-5),
      flags: ['DECISION_OVERDUE'],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      links: { self: '/v1/prior-auths/pa_test1' },
    };
    // Act
    const text = formatWorklist([item], NOW);
    // Assess
    expect(text).toMatch(
      /pa_test1\s+Rivera, Dana\s+SUBMITTED\s+standard\s+demo-medicaid\s+meets_label\s+DECISION_OVERDUE/,
    );
    expect(text).toMatch(/overdue 5 h/i);
  });
});

describe('main', () => {
  it.each([
    ['an unknown command', ['bogus'], EXIT.usage],
    ['a missing argument', ['status'], EXIT.usage],
    ['a file that is not there', ['submit', '/nonexistent/request.json', '--token', 't'], EXIT.usage],
    ['--help', ['--help'], EXIT.ok],
  ])('exits with the right code for %s', async (_name, args, expected) => {
    // Prepare
    const out: string[] = [];
    // Act
    const code = await main(['node', 'pa', ...args], { out: (t) => out.push(t), err: (t) => out.push(t) });
    // Assess
    expect(code).toBe(expected);
  });
});

describe('the statuses `pa submit --wait` and the demo wait for', () => {
  it('are SUBMITTED and every later status, with the two where submission stops apart', () => {
    // Assess
    const beforeSubmission = ['RECEIVED', 'PACKET_READY', 'NEEDS_INFO', 'SUBMISSION_FAILED'];
    expect([...POST_SUBMIT].sort()).toEqual(
      CASE_STATUSES.filter((s) => !beforeSubmission.includes(s)).sort(),
    );
    expect(POST_SUBMIT).toContain('SUBMITTED');
    expect([...STUCK].sort()).toEqual(['NEEDS_INFO', 'SUBMISSION_FAILED']);
  });
});

describe('main, when the API cannot be reached', () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const unreachable = ['--url', 'http://127.0.0.1:1', '--token', 't', 'status', 'pa_1'];

  it.each([
    ['text on stderr', [], 'err', /^pa: cannot reach http:\/\/127\.0\.0\.1:1 /],
    ['a JSON error document on stdout with --json', ['--json'], 'out', /"exitCode": 4/],
  ])('reports it as %s and exits 4', async (_name, extra, stream, expected) => {
    // Prepare
    const out: string[] = [];
    const err: string[] = [];
    // Act
    const code = await main(['node', 'pa', ...extra, ...unreachable], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    // Assess
    expect(code).toBe(EXIT.unavailable);
    expect((stream === 'out' ? out : err).join('\n')).toMatch(expected);
  });
});
