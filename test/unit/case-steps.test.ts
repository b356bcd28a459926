import { describe, expect, it } from 'vitest';
import { claimIdOf, isSameClaim, scrubbedClaim } from '#core/case/claim-scrubbed.ts';
import {
  assessmentOptions,
  checkReplay,
  createCase,
  domainRequest,
  knownPayer,
} from '#core/case/create-case.ts';
import { nextAfterPacket, packetAssembled, packetStatus } from '#core/case/packet-assembled.ts';
import {
  decisionDue,
  immediateDecisionReceipt,
  isSubmittable,
  submissionFailed,
  submissionRecorded,
} from '#core/case/submission.ts';
import { ConflictError, ValidationError } from '#core/errors.ts';
import { sha256Hex } from '#core/ids.ts';
import type { Assessment, CaseStatus, DocumentRef, Finding } from '#core/model.ts';
import type { PayerConfig, SubmissionResult } from '#core/ports.ts';
import { authorization, claim, pacificAssessment, pacificBilling } from './support/appeal-case.ts';
import { itMaps } from './support/maps.ts';
import { CASE_ID, payerEvent, submittedCase } from './support/payer-case.ts';
import { exampleRequest, PAYER } from './use-cases/support.ts';

const AT = '2026-11-18T09:01:00.000Z';
const notRequired: Finding = {
  severity: 'info',
  code: 'NO_PRIOR_AUTH_REQUIRED',
  message: 'Part B drug',
} as Finding;
const anError: Finding = { severity: 'error', code: 'HCPCS_MISMATCH', message: 'the HCPCS' };
const packet: DocumentRef = { documentId: 'doc_packet', kind: 'packet', contentType: 'application/pdf' };

describe('a new case', () => {
  it('refuses a payer that is not in the registry, naming the field', () => {
    // Act
    const act = () => knownPayer(undefined, 'nobody');
    // Assess
    expect(act).toThrow(ValidationError);
    expect(act).toThrow('the payer is not in the payer registry');
    try {
      act();
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        { path: 'coverage.payerId', message: 'unknown payer nobody' },
      ]);
    }
    expect(knownPayer(PAYER, PAYER.id)).toBe(PAYER);
  });

  it.each([
    [undefined, false, false],
    [{ acceptNccn2B: true, acceptLiterature: 'yes' }, true, false],
    [{ acceptNccn2B: 1, acceptLiterature: true }, false, true],
  ])('takes the payer own assessment rules from %j', (options, nccn2B, literature) => {
    const payer: PayerConfig = { ...PAYER, ...(options ? { options } : {}) };
    expect(assessmentOptions(payer)).toEqual({
      planType: PAYER.planType,
      acceptNccn2B: nccn2B,
      acceptLiterature: literature,
    });
  });

  it('stores a received case with its attachments and its first history entry', () => {
    // Prepare
    const request = exampleRequest();
    const attachments = [
      { kind: 'note', title: 'Note', contentType: 'application/pdf', s3Key: 'a/0.pdf', bytes: 9 },
    ];
    // Act
    const { record, history } = createCase({
      organizationId: 'default',
      caseId: CASE_ID,
      request,
      attachments,
      payer: PAYER,
      at: AT,
    });
    // Assess
    expect(record).toMatchObject({
      caseId: CASE_ID,
      version: 1,
      status: 'RECEIVED',
      priority: request.priority,
      createdAt: AT,
      updatedAt: AT,
      payer: { id: PAYER.id, name: PAYER.name, planType: PAYER.planType, transport: PAYER.transport },
      deadlines: { payerDecisionDueAt: null, appealDueAt: null },
      workflow: { name: 'SubmitPriorAuth', step: 'Received', startedAt: AT, attempts: 1 },
      flags: [],
      appliedEventIds: [],
      lastEventAt: null,
      assessment: null,
      billing: null,
      findings: [],
      decision: null,
      appeals: [],
      documents: [],
      submission: null,
    });
    expect(record.request.attachments).toEqual(attachments);
    expect(history).toEqual([
      {
        at: AT,
        status: 'RECEIVED',
        source: 'api',
        event: 'prior_auth.received',
        detail: `payer ${PAYER.id}`,
      },
    ]);
    expect(domainRequest(record).attachments).toEqual([]);
  });

  it('replays a request under a used Idempotency-Key with the same body, and refuses another body with 422', () => {
    const existing = { caseId: CASE_ID, bodyHash: 'h1' };
    expect(checkReplay(existing, { key: 'k1', bodyHash: 'h1' })).toEqual({ caseId: CASE_ID, replayed: true });
    const act = () => checkReplay(existing, { key: 'k1', bodyHash: 'h2' });
    expect(act).toThrow(ConflictError);
    expect(act).toThrow('Idempotency-Key k1 was already used with a different body');
    try {
      act();
    } catch (error) {
      expect((error as ConflictError).statusCode).toBe(422);
    }
  });
});

describe('a scrubbed claim', () => {
  it('keeps a claim id given, or derives one from the case and the claim', () => {
    const input = claim();
    const { claimId: _given, ...anonymous } = input;
    expect(claimIdOf(CASE_ID, { ...input, claimId: 'clm_given' })).toBe('clm_given');
    const derived = claimIdOf(CASE_ID, anonymous as typeof input);
    expect(derived).toMatch(/^clm_[0-9a-f]{20}$/);
    expect(claimIdOf('pa_other', anonymous as typeof input)).not.toBe(derived);
  });

  it('records the scrub in the history, with the error codes or none', () => {
    // Prepare: the payer approved 10 units, the claim bills more than the dose given
    const decision = {
      outcome: 'approved' as const,
      authorizationNumber: authorization.number,
      payerReference: null,
      approvedUnits: 10,
      validFrom: authorization.validFrom,
      validTo: authorization.validTo,
      reasons: [],
      requestedDocuments: [],
      note: null,
      decidedAt: '2026-08-01T00:00:00.000Z',
      eventId: 'evt_1',
    };
    const context = {
      status: 'APPROVED' as const,
      billing: pacificBilling,
      assessment: pacificAssessment,
      decision,
    };
    const record = submittedCase(context);
    // Act
    const clean = scrubbedClaim(submittedCase({ ...context, decision: null }), claim(), AT);
    const { claim: stored, entry } = scrubbedClaim(record, claim({ administeredMg: 1000 }), AT);
    // Assess
    expect(clean.entry.detail).toBe(`claim ${clean.claim.claimId}: no errors`);
    expect(stored.findings.map((f) => [f.severity, f.code])).toEqual([
      ['error', 'UNITS_MISMATCH'],
      ['error', 'AUTH_EXCEEDED'],
    ]);
    expect(stored).toMatchObject({ receivedAt: AT, status: 'SCRUBBED' });
    expect(stored.claim.claimId).toBe(stored.claimId);
    expect(entry).toEqual({
      at: AT,
      status: 'APPROVED',
      source: 'api',
      event: 'claim.scrubbed',
      detail: `claim ${stored.claimId}: errors UNITS_MISMATCH, AUTH_EXCEEDED`,
    });
  });

  it('is the same claim only with the same content', () => {
    const record = submittedCase({ billing: pacificBilling, assessment: pacificAssessment });
    const first = scrubbedClaim(record, claim(), AT).claim;
    expect(isSameClaim(undefined, first)).toBe(false);
    expect(isSameClaim(first, { ...first, receivedAt: 'later' })).toBe(true);
    expect(isSameClaim(first, { ...first, claim: { ...first.claim, claimId: 'clm_other' } })).toBe(false);
  });
});

describe('the packet assembled', () => {
  itMaps<CaseStatus, string>('after a %s case the workflow goes to %s', nextAfterPacket, [
    ['PACKET_READY', 'submit'],
    ['SUBMISSION_FAILED', 'submit'],
    ['RECEIVED', 'submit'],
    ['NEEDS_INFO', 'needs_info'],
    ['CLOSED', 'done'],
    ['SUBMITTED', 'done'],
  ]);

  it.each<[string, Assessment['verdict'], Finding[], CaseStatus]>([
    ['a request meeting the label', 'meets_label', [], 'PACKET_READY'],
    ['missing information', 'insufficient_information', [], 'NEEDS_INFO'],
    ['no prior auth required', 'meets_label', [notRequired], 'CLOSED'],
  ])('leads %s to %s', (_case, verdict, findings, status) => {
    expect(packetStatus({ ...pacificAssessment, verdict }, findings)).toBe(status);
  });

  it('records the assessment, the billing and the packet of a received case once', () => {
    // Prepare
    const old = { ...packet, contentType: 'old' };
    const record = submittedCase({
      status: 'RECEIVED',
      documents: [old, { ...packet, documentId: 'doc_other' }],
      workflow: {
        name: 'SubmitPriorAuth',
        step: 'Received',
        startedAt: '2026-11-18T09:00:00.000Z',
        attempts: 2,
      },
    });
    const outcome = {
      assessment: pacificAssessment,
      billing: pacificBilling,
      findings: [anError],
      document: packet,
      s3Key: 'documents/k.pdf',
    };
    // Act
    const change = packetAssembled(record, outcome, AT);
    // Assess
    expect(change?.next).toMatchObject({ status: 'PACKET_READY', updatedAt: AT, billing: pacificBilling });
    expect(change?.next.documents).toEqual([{ ...packet, documentId: 'doc_other' }, packet]);
    expect(change?.next.workflow).toEqual({
      name: 'SubmitPriorAuth',
      step: 'AssemblePacket',
      startedAt: '2026-11-18T09:00:00.000Z',
      attempts: 2,
    });
    expect(change?.history).toEqual([
      {
        at: AT,
        status: 'PACKET_READY',
        source: 'workflow',
        event: 'packet.assembled',
        detail: `verdict meets_label (${pacificAssessment.indication}); 1 error finding(s); packet doc_packet`,
      },
    ]);
    expect(change?.documents).toEqual([{ ...packet, caseId: CASE_ID, s3Key: 'documents/k.pdf' }]);
    expect(packetAssembled({ ...record, status: 'PACKET_READY' }, outcome, AT)).toBeNull();
  });

  it('closes a case that needs no prior authorization, and says why', () => {
    // Prepare
    const record = submittedCase({ status: 'RECEIVED', workflow: null });
    const assessment = { ...pacificAssessment, indication: null };
    // Act
    const change = packetAssembled(
      record,
      { assessment, billing: pacificBilling, findings: [notRequired], document: packet, s3Key: 'k' },
      AT,
    );
    // Assess
    expect(change?.next.status).toBe('CLOSED');
    expect(change?.next.workflow).toMatchObject({ startedAt: AT, attempts: 1 });
    expect(change?.history.map((h) => [h.event, h.status, h.source])).toEqual([
      ['packet.assembled', 'CLOSED', 'workflow'],
      ['prior_auth.not_required', 'CLOSED', 'workflow'],
    ]);
    expect(change?.history[0]?.detail).toBe(
      `verdict ${assessment.verdict}; 0 error finding(s); packet doc_packet`,
    );
    expect(change?.history[1]?.detail).toContain('Original Medicare requires no prior authorization');
  });
});

describe('the submission', () => {
  const result: SubmissionResult = { payerReference: 'REF-1', detail: 'manual: awaiting decision' };
  const due = { dueAt: '2026-12-02T09:05:00.000Z', basis: '72 hours' };

  it.each<[CaseStatus, boolean, boolean]>([
    ['PACKET_READY', false, true],
    ['SUBMISSION_FAILED', false, true],
    ['PACKET_READY', true, false],
    ['RECEIVED', false, false],
  ])('a %s case (submitted before: %s) is submittable: %s', (status, submitted, submittable) => {
    const record = submittedCase({ status, ...(submitted ? {} : { submission: null }) });
    expect(isSubmittable(record)).toBe(submittable);
  });

  it('records the submission and its decision deadline once', () => {
    // Prepare
    const record = submittedCase({
      status: 'PACKET_READY',
      submission: null,
      workflow: { name: 'SubmitPriorAuth', step: 'AssemblePacket', startedAt: AT, attempts: 1 },
    });
    // Act
    const change = submissionRecorded(record, { payer: PAYER, result, submittedAt: AT, due }, AT);
    // Assess
    expect(change?.next).toMatchObject({
      status: 'SUBMITTED',
      updatedAt: AT,
      submission: {
        payerReference: 'REF-1',
        submittedAt: AT,
        transport: PAYER.transport,
        detail: result.detail,
      },
      deadlines: { payerDecisionDueAt: due.dueAt },
      workflow: { step: 'SubmitToPayer' },
    });
    expect(change?.history).toEqual([
      {
        at: AT,
        status: 'SUBMITTED',
        source: 'workflow',
        event: 'prior_auth.submitted',
        detail: `${result.detail}; decision due ${due.dueAt} (72 hours)`,
      },
    ]);
    expect(
      submissionRecorded(submittedCase(), { payer: PAYER, result, submittedAt: AT, due }, AT),
    ).toBeNull();
  });

  it('keeps the status of a decision that arrived first, and a case with no deadline', () => {
    const record = submittedCase({ status: 'APPROVED', submission: null, workflow: null });
    const change = submissionRecorded(record, { payer: PAYER, result, submittedAt: AT, due: null }, AT);
    expect(change?.next.status).toBe('APPROVED');
    expect(change?.next.deadlines.payerDecisionDueAt).toBeNull();
    expect(change?.next.workflow).toBeNull();
    expect(change?.history[0]?.detail).toBe(result.detail);
  });

  it('records a failed submission of a ready packet, and nothing for a case submitted already', () => {
    const ready = submittedCase({ status: 'PACKET_READY', submission: null, workflow: null });
    const change = submissionFailed(ready, 'payer unreachable', AT);
    expect(change?.next).toMatchObject({ status: 'SUBMISSION_FAILED', updatedAt: AT, workflow: null });
    expect(change?.history).toEqual([
      {
        at: AT,
        status: 'SUBMISSION_FAILED',
        source: 'workflow',
        event: 'prior_auth.submission_failed',
        detail: 'payer unreachable',
      },
    ]);
    expect(submissionFailed(submittedCase(), 'x', AT)).toBeNull();
    expect(submissionFailed({ ...ready, status: 'CLOSED' }, 'x', AT)).toBeNull();
  });

  it('takes the decision clock a payer contract sets over the default', () => {
    // Prepare
    const record = submittedCase({ priority: 'standard' });
    const contract = { hours: 10, basis: 'payer contract: 10 hours', unverified: false };
    const payer: PayerConfig = { ...PAYER, options: { decisionClocks: { standard: contract } } };
    // Act + Assess
    expect(decisionDue(record, payer, AT)).toMatchObject({
      dueAt: '2026-11-18T19:01:00.000Z',
      basis: contract.basis,
    });
    expect(decisionDue(record, PAYER, AT)?.basis).not.toBe(contract.basis);
  });

  it('records the failed step of a workflow that has one', () => {
    const ready = submittedCase({ status: 'PACKET_READY', submission: null });
    const change = submissionFailed(
      { ...ready, workflow: { name: 'SubmitPriorAuth', step: 'x', startedAt: AT, attempts: 1 } },
      'r',
      AT,
    );
    expect(change?.next.workflow).toEqual({
      name: 'SubmitPriorAuth',
      step: 'MarkSubmissionFailed',
      startedAt: AT,
      attempts: 1,
    });
  });

  it('derives the id of a synchronous answer from the case, the payer reference, the outcome and the time', () => {
    // Prepare
    const event = payerEvent();
    const id = (reference: string) =>
      `evt_${sha256Hex(['sync', CASE_ID, reference, event.outcome, event.occurredAt].join('\u001f')).slice(0, 32)}`;
    // Act
    const withReference = immediateDecisionReceipt(
      CASE_ID,
      PAYER,
      { ...result, immediateDecision: event },
      AT,
    );
    const without = immediateDecisionReceipt(
      CASE_ID,
      PAYER,
      { ...result, payerReference: null, immediateDecision: event },
      AT,
    );
    // Assess
    expect(withReference?.eventId).toBe(id('REF-1'));
    expect(without?.eventId).toBe(id(''));
  });

  it.each<[PayerConfig['transport'], string]>([
    ['x12-278', 'x12-278'],
    ['fhir-pas', 'fhir-pas'],
    ['simulator', 'fhir-pas'],
  ])('stores a synchronous answer over %s as a payer event of channel %s', (transport, channel) => {
    // Prepare
    const event = payerEvent({ caseId: 'ignored' });
    const payer = { ...PAYER, transport };
    // Act
    const receipt = immediateDecisionReceipt(CASE_ID, payer, { ...result, immediateDecision: event }, AT);
    // Assess
    expect(receipt).toMatchObject({ payerId: PAYER.id, caseId: CASE_ID, channel, receivedAt: AT });
    expect(receipt?.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(receipt?.webhookId).toBe(receipt?.eventId);
    expect(receipt?.event).toEqual({ ...event, caseId: CASE_ID });
    expect(receipt?.raw).toBe(JSON.stringify(event));
    expect(immediateDecisionReceipt(CASE_ID, payer, result, AT)).toBeNull();
  });
});
