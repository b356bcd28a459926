import { describe, expect, it } from 'vitest';
import { toCaseSummary, toCaseView, worklistDueAt, worklistSortKey } from '#core/case/case-record.ts';
import { attachmentKey, documentKey, pasBundleKey } from '#core/case/storage-keys.ts';
import {
  appealDueAtOf,
  flagsRaised,
  flagsToRaise,
  isStale,
  needsSubmissionRedrive,
  remedyToRedrive,
  submissionRedriven,
} from '#core/case/sweep-plan.ts';
import { describeFailure } from '#core/case/workflow-failure.ts';
import type { Appeal, CaseStatus } from '#core/model.ts';
import { CASE_ID, submittedCase } from './support/payer-case.ts';

const DECISION_DUE = '2026-12-02T09:05:00.000Z';
const APPEAL_DUE = '2027-01-15T00:00:00.000Z';
const HOUR = 3_600_000;

function appeal(status: Appeal['status'], dueAt: string | null): Appeal {
  return {
    appealId: `apl_${dueAt}`,
    status,
    remedy: 'appeal',
    subject: 'prior_auth',
    level: 1,
    documentId: null,
    dueAt,
    createdAt: '2026-12-01T00:00:00.000Z',
  };
}

const deadlines = { payerDecisionDueAt: DECISION_DUE, appealDueAt: APPEAL_DUE };

describe('the worklist order', () => {
  it.each<[CaseStatus, string | null]>([
    ['RECEIVED', DECISION_DUE],
    ['PACKET_READY', DECISION_DUE],
    ['SUBMITTED', DECISION_DUE],
    ['PENDED', DECISION_DUE],
    ['NEEDS_INFO', DECISION_DUE],
    ['SUBMISSION_FAILED', DECISION_DUE],
    ['DENIED', APPEAL_DUE],
    ['APPEAL_READY', APPEAL_DUE],
    ['APPEAL_DENIED', APPEAL_DUE],
    ['APPROVED', null],
    ['CLOSED', null],
  ])('a %s case is due at %s', (status, due) => {
    expect(worklistDueAt({ status, deadlines, appeals: [] })).toBe(due);
  });

  it('puts a denied case at the earliest deadline of an appeal ready to send', () => {
    // Prepare
    const appeals = [
      appeal('APPEAL_READY', '2027-01-10T00:00:00.000Z'),
      appeal('APPEAL_READY', '2026-12-20T00:00:00.000Z'),
      appeal('APPEAL_SUBMITTED', '2026-12-10T00:00:00.000Z'),
      appeal('APPEAL_READY', null),
    ];
    const record = submittedCase({ status: 'DENIED', deadlines, appeals });
    // Act + Assess
    expect(worklistDueAt(record)).toBe('2026-12-20T00:00:00.000Z');
    expect(appealDueAtOf(record)).toBe('2026-12-20T00:00:00.000Z');
    expect(worklistSortKey(record)).toBe(`2026-12-20T00:00:00.000Z#${CASE_ID}`);
  });

  it('puts a case with no deadline last', () => {
    expect(worklistSortKey(submittedCase({ status: 'APPROVED' }))).toBe(
      `9999-12-31T23:59:59.999Z#${CASE_ID}`,
    );
  });
});

describe('the views of a case', () => {
  it('summarises a case for the worklist: the patient as staff look them up, the verdict, the links', () => {
    // Prepare
    const record = submittedCase();
    // Act
    const summary = toCaseSummary(record);
    // Assess
    const { patient } = record.request;
    expect(summary).toEqual({
      caseId: CASE_ID,
      organizationId: 'default',
      assigneeId: null,
      patient: { id: patient.id, name: `${patient.familyName}, ${patient.givenName}` },
      status: 'SUBMITTED',
      priority: record.priority,
      payer: { id: record.payer.id, name: record.payer.name, planType: record.payer.planType },
      verdict: null,
      indication: null,
      dueAt: DECISION_DUE,
      flags: ['DECISION_OVERDUE'],
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      links: { self: `/v1/prior-auths/${CASE_ID}` },
    });
  });

  it('shows a case with its claims, its history and a link per document', () => {
    // Prepare
    const document = {
      documentId: 'doc_1',
      kind: 'packet' as const,
      title: 'Packet',
      createdAt: '2026-11-18T09:01:00Z',
    };
    const record = submittedCase({ documents: [document] as never });
    const claim = {
      claimId: 'clm_1',
      receivedAt: '2026-12-01T00:00:00.000Z',
      status: 'SCRUBBED' as const,
      findings: [],
      claim: {} as never,
    };
    // Act
    const view = toCaseView(record, [], [claim]);
    // Assess
    expect(view.claims).toEqual([
      {
        claimId: 'clm_1',
        receivedAt: claim.receivedAt,
        form: 'professional',
        status: 'SCRUBBED',
        findings: [],
      },
    ]);
    const institutional = { ...claim, claim: { form: 'institutional' } as never };
    expect(toCaseView(record, [], [institutional]).claims[0]?.form).toBe('institutional');
    expect(view.links).toEqual({ self: `/v1/prior-auths/${CASE_ID}`, documents: ['/v1/documents/doc_1'] });
    expect(view.history).toEqual([]);
    expect(view.payer).toEqual({
      id: record.payer.id,
      name: record.payer.name,
      planType: record.payer.planType,
    });
    expect(view.request).toBe(record.request);
  });
});

describe('where a case keeps its files', () => {
  it('names one key per document, attachment and PAS bundle', () => {
    expect(documentKey('pa_1', 'doc_2')).toBe('documents/pa_1/doc_2.pdf');
    expect(attachmentKey('pa_1', 0)).toBe('attachments/pa_1/0.pdf');
    expect(pasBundleKey('pa_1')).toBe('submissions/pa_1/pas-bundle.json');
  });
});

describe('a failed workflow step in the history', () => {
  it.each([
    [undefined, 'unknown error'],
    [{}, 'Error: '],
    [
      { Error: 'PayerUnavailableError', Cause: 'payer down\nstack line' },
      'PayerUnavailableError: payer down',
    ],
    [
      { Error: 'TemplateError', Cause: JSON.stringify({ errorMessage: 'no partial\nat x', trace: [] }) },
      'TemplateError: no partial',
    ],
    [
      { Error: 'Lambda.Unknown', Cause: JSON.stringify({ errorType: 'x' }) },
      'Lambda.Unknown: {"errorType":"x"}',
    ],
  ])('%j reads %j', (error, text) => {
    expect(describeFailure(error)).toBe(text);
  });

  it('keeps the first 300 characters of a long message', () => {
    expect(describeFailure({ Error: 'E', Cause: 'x'.repeat(400) })).toBe(`E: ${'x'.repeat(300)}`);
  });
});

describe('what the sweep re-drives', () => {
  const now = new Date('2026-11-18T10:00:00.000Z');
  const quiet = { redriveAll: false, redriveAfterMs: HOUR };

  it.each([
    ['moved just now', '2026-11-18T09:59:59.999Z', false],
    ['still for exactly the wait', '2026-11-18T09:00:00.000Z', true],
    ['still for longer', '2026-11-18T08:00:00.000Z', true],
  ])('a case %s is stale: %s', (_case, updatedAt, stale) => {
    expect(isStale(updatedAt, now, quiet)).toBe(stale);
  });

  it('re-drives everything at a local start, whatever its age', () => {
    expect(isStale(now.toISOString(), now, { redriveAll: true, redriveAfterMs: HOUR })).toBe(true);
  });

  it.each<[string, CaseStatus, boolean, boolean]>([
    ['a received case', 'RECEIVED', false, true],
    ['a ready packet', 'PACKET_READY', false, true],
    ['a ready packet already submitted', 'PACKET_READY', true, false],
    ['a submitted case', 'SUBMITTED', true, false],
    ['a failed submission', 'SUBMISSION_FAILED', false, false],
  ])('re-submits %s: %s', (_case, status, submitted, redrive) => {
    // Prepare
    const base = submittedCase();
    const record = submittedCase({
      status,
      updatedAt: '2026-11-18T08:00:00.000Z',
      submission: submitted ? base.submission : null,
      workflow: { name: 'SubmitPriorAuth', step: 'AssemblePacket', startedAt: base.createdAt, attempts: 2 },
    });
    // Act + Assess
    expect(needsSubmissionRedrive(record, now, quiet)).toBe(redrive);
    expect(submissionRedriven(record, now) !== null).toBe(redrive);
  });

  it('records the re-drive with its attempt number, from the step it stopped at', () => {
    // Prepare
    const record = submittedCase({
      status: 'RECEIVED',
      submission: null,
      workflow: {
        name: 'SubmitPriorAuth',
        step: 'AssemblePacket',
        startedAt: '2026-11-18T09:00:00.000Z',
        attempts: 2,
      },
    });
    // Act
    const redriven = submissionRedriven(record, now);
    // Assess
    expect(redriven?.attempts).toBe(3);
    expect(redriven?.change.next.workflow).toEqual({
      name: 'SubmitPriorAuth',
      step: 'AssemblePacket',
      startedAt: now.toISOString(),
      attempts: 3,
    });
    expect(redriven?.change.next.updatedAt).toBe(now.toISOString());
    expect(redriven?.change.history).toEqual([
      {
        at: now.toISOString(),
        status: 'RECEIVED',
        source: 'sweep',
        event: 'workflow.redriven',
        detail: 'SubmitPriorAuth attempt 3',
      },
    ]);
  });

  it('counts a case with no workflow record as its second attempt, from Received', () => {
    const redriven = submissionRedriven(
      submittedCase({ status: 'RECEIVED', submission: null, workflow: null }),
      now,
    );
    expect(redriven?.attempts).toBe(2);
    expect(redriven?.change.next.workflow?.step).toBe('Received');
  });

  it('re-drives an owed remedy only once the case has been still for long enough', () => {
    const owed = { pendingRemedyEventId: 'evt_1', status: 'DENIED' as const };
    expect(
      remedyToRedrive(submittedCase({ ...owed, updatedAt: '2026-11-18T08:00:00.000Z' }), now, quiet),
    ).toBe('evt_1');
    expect(
      remedyToRedrive(submittedCase({ ...owed, updatedAt: '2026-11-18T09:30:00.000Z' }), now, quiet),
    ).toBeNull();
    expect(remedyToRedrive(submittedCase({ updatedAt: '2026-11-18T08:00:00.000Z' }), now, quiet)).toBeNull();
  });
});

describe('the deadline flags the sweep raises', () => {
  const overdue = new Date('2026-12-02T09:05:00.001Z');

  it('raises only the flags the case does not carry yet', () => {
    expect(flagsToRaise(submittedCase({ flags: [] }), overdue)).toEqual(['DECISION_OVERDUE']);
    expect(flagsToRaise(submittedCase({ flags: ['DECISION_OVERDUE'] }), overdue)).toEqual([]);
  });

  it('watches the earliest ready appeal of a denied case', () => {
    // Prepare: the case's own appeal deadline is far, the ready appeal's is passed
    const record = submittedCase({
      status: 'DENIED',
      flags: [],
      deadlines: { payerDecisionDueAt: null, appealDueAt: '2027-06-01T00:00:00.000Z' },
      appeals: [appeal('APPEAL_READY', '2026-12-01T00:00:00.000Z')],
    });
    // Act + Assess
    expect(flagsToRaise(record, overdue)).toEqual(['APPEAL_OVERDUE']);
  });

  it('records each new flag with what was due, and nothing when none is new', () => {
    // Prepare
    const record = submittedCase({ flags: ['APPEAL_DUE_14D'] });
    // Act
    const change = flagsRaised(
      record,
      ['APPEAL_DUE_14D', 'DECISION_OVERDUE', 'APPEAL_DUE_3D'],
      APPEAL_DUE,
      overdue,
    );
    // Assess
    expect(change?.next.flags).toEqual(['APPEAL_DUE_14D', 'DECISION_OVERDUE', 'APPEAL_DUE_3D']);
    expect(change?.history).toEqual([
      {
        at: overdue.toISOString(),
        status: 'SUBMITTED',
        source: 'sweep',
        event: 'deadline.decision_overdue',
        detail: `payer decision was due ${DECISION_DUE}`,
      },
      {
        at: overdue.toISOString(),
        status: 'SUBMITTED',
        source: 'sweep',
        event: 'deadline.appeal_due_3d',
        detail: `appeal due ${APPEAL_DUE}`,
      },
    ]);
    expect(flagsRaised(record, ['APPEAL_DUE_14D'], APPEAL_DUE, overdue)).toBeNull();
  });
});
