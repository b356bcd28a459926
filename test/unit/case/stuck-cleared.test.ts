/**
 * The STUCK flag (the dead letter the worklist shows) is lowered when a later run gets the case
 * further: a re-drive that assembles the packet or records the submission.
 */
import { describe, expect, it } from 'vitest';
import { packetAssembled } from '#core/case/packet-assembled.ts';
import { submissionRecorded } from '#core/case/submission.ts';
import { STUCK_FLAG, withoutStuck, workflowFailed } from '#core/case/workflow-failure.ts';
import type { DocumentRef } from '#core/model.ts';
import { pacificAssessment, pacificBilling } from '../support/appeal-case.ts';
import { AT, submittedCase } from '../support/payer-case.ts';
import { PAYER } from '../use-cases/support.ts';

const packet: DocumentRef = { documentId: 'doc_packet', kind: 'packet', contentType: 'application/pdf' };
const failure = { Error: 'States.Timeout', Cause: 'the step timed out' };

describe('a STUCK case that a later run gets further', () => {
  it('loses the flag when the re-driven packet is assembled, keeping its other flags', () => {
    // Prepare
    const stuck = workflowFailed(
      submittedCase({ status: 'RECEIVED', submission: null }),
      'SubmitPriorAuth',
      failure,
      new Date(AT),
    ).next;
    expect(stuck.flags).toEqual(['DECISION_OVERDUE', STUCK_FLAG]);
    // Act
    const change = packetAssembled(
      stuck,
      {
        assessment: pacificAssessment,
        billing: pacificBilling,
        findings: [],
        document: packet,
        s3Key: 'documents/k.pdf',
      },
      AT,
    );
    // Assess
    expect(change?.next.flags).toEqual(['DECISION_OVERDUE']);
  });

  it('loses the flag when the re-driven submission is recorded', () => {
    // Prepare
    const stuck = submittedCase({ status: 'PACKET_READY', submission: null, flags: [STUCK_FLAG] });
    const result = { payerReference: 'REF-1', detail: 'manual: awaiting decision' };
    // Act
    const change = submissionRecorded(stuck, { payer: PAYER, result, submittedAt: AT, due: null }, AT);
    // Assess
    expect(change?.next.status).toBe('SUBMITTED');
    expect(change?.next.flags).toEqual([]);
  });

  it.each<[string[], string[]]>([
    [[STUCK_FLAG], []],
    [['DECISION_OVERDUE', STUCK_FLAG], ['DECISION_OVERDUE']],
    [['DECISION_OVERDUE'], ['DECISION_OVERDUE']],
    [[], []],
  ])('flags %j become %j', (flags, expected) => {
    expect(withoutStuck(flags)).toEqual(expected);
  });
});
