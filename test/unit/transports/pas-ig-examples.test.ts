/**
 * The Da Vinci PAS IG's own example instances (test/fixtures/pas/SOURCES.md) read as the IG
 * means them: item- and header-level review actions, the authorization number of the review
 * action, the certification period and quantity, the pend reference, document requests by
 * CommunicationRequest and by Task, and the error response.
 */
import { describe, expect, it } from 'vitest';
import { normalisePasClaimResponse, pasCaseReference } from '#adapters/transports/pas-claim-response.ts';
import { PayerRejectedError } from '#core/errors.ts';
import { statusForEvent } from '#core/payer/payer-events.ts';
import { approvalTerms, CTX, fixture } from './support.ts';

type Json = Record<string, any>;
/** An identifier in our case-id system (the PAS Claim's). */
const OURS = { system: 'urn:durvalumab-pa:case', value: 'case-01J' };
const ig = (name: string): Json => JSON.parse(fixture('pas', `ig-${name}.json`));
/** A response Bundle of the IG's ClaimResponse and other IG instances. */
const bundleOf = (claimResponse: Json, ...others: Json[]): Json => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: [claimResponse, ...others].map((resource) => ({ resource })),
});

describe('the PAS IG example ClaimResponses', () => {
  it.each([
    ['claimresponse-a1-approved', 'approved', 'APPROVED'],
    ['claimresponse-a1-additional-content', 'approved', 'APPROVED'],
    ['claimresponse-a3-rejection', 'denied', 'DENIED'],
    ['claimresponse-a4-pending', 'pended', 'PENDED'],
  ] as const)('%s -> %s (%s)', (name, outcome, status) => {
    const event = normalisePasClaimResponse(bundleOf(ig(name)), CTX);
    expect(event.outcome).toBe(outcome);
    expect(statusForEvent(event)).toBe(status);
  });

  it('takes the number, period and authorized quantity of an item-level A1', () => {
    expect(normalisePasClaimResponse(ig('claimresponse-a1-approved'), CTX)).toMatchObject(
      approvalTerms('AUTH0001', ['2005-05-02', '2005-06-02'], 1, '2005-05-02T06:02:00.000Z'),
    );
  });

  it('keeps the pend reference number (administrationReferenceNumber) of an A4', () => {
    const event = normalisePasClaimResponse(ig('claimresponse-a4-pending'), CTX);
    expect(event.payerReference).toBe('PEND0001');
    expect(event.authorizationNumber).toBeNull();
  });

  it.each([
    ['a CommunicationRequest', ig('communicationrequest'), '18776-5'],
    ['a PAS Task (attachments-needed)', ig('task-additional-information'), '28570-0'],
  ])('a pend with %s asks for documents: NEEDS_INFO', (_what, request, document) => {
    const event = normalisePasClaimResponse(bundleOf(ig('claimresponse-a4-pending'), request), CTX);
    expect(event.requestedDocuments).toEqual([document]);
    expect(statusForEvent(event)).toBe('NEEDS_INFO');
  });

  it('reads a header-level review action (ClaimResponse.adjudication) when no item carries one', () => {
    // Prepare: the IG's rejection with its adjudication moved from the item to the header
    const rejection = ig('claimresponse-a3-rejection');
    rejection.adjudication = rejection.item[0].adjudication;
    rejection.item = [];
    // Act
    const event = normalisePasClaimResponse(rejection, CTX);
    // Assess
    expect(event.outcome).toBe('denied');
  });

  it('refuses the error response, naming its X12 error codes', () => {
    const read = () => normalisePasClaimResponse(ig('claimresponse-error'), CTX);
    expect(read).toThrow(PayerRejectedError);
    expect(read).toThrow('04, T4');
  });

  it('names no case when the response does not identify our Claim (the IG answers its own)', () => {
    expect(pasCaseReference(ig('claimresponse-a1-approved'))).toBeUndefined();
  });

  it.each([
    ['ClaimResponse.request.identifier', (cr: Json) => ({ ...cr, request: { identifier: OURS } })],
    [
      'the Claim in the response Bundle',
      (cr: Json) => bundleOf(cr, { resourceType: 'Claim', identifier: [OURS] }),
    ],
    ['a ClaimResponse identifier in our system', (cr: Json) => ({ ...cr, identifier: [OURS] })],
  ])('names the case by %s', (_where, wrap) => {
    expect(pasCaseReference(wrap(ig('claimresponse-a1-approved')))).toBe('case-01J');
  });
});
