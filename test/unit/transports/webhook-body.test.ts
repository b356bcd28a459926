import { describe, expect, it } from 'vitest';
import { readPayerBody } from '#adapters/transports/webhook-body.ts';
import { ValidationError } from '#core/errors.ts';
import deniedWebhook from '#schemas/examples/webhook-denied.json' with { type: 'json' };
import { CTX, fixture } from './support.ts';

const CASE_SYSTEM = 'urn:durvalumab-pa:case';
/** A fixture 278 answering `caseId` (its trace and BHT03 name CASE-0001). */
const x12For = (name: string, caseId: string) => fixture('x12', name).replaceAll('CASE-0001', caseId);
/** A fixture PAS response answering the Claim of `caseId`. */
function pasFor(name: string, caseId: string): string {
  const bundle = JSON.parse(fixture('pas', name));
  const claimResponse = bundle.entry.find((e: any) => e.resource.resourceType === 'ClaimResponse').resource;
  claimResponse.request = { identifier: { system: CASE_SYSTEM, value: caseId } };
  return JSON.stringify(bundle);
}

const webhook = JSON.stringify({ ...deniedWebhook, data: { ...deniedWebhook.data, caseId: 'case-01J' } });
const read = (contentType: string, rawBody: string, caseIdHint?: string) =>
  readPayerBody({ contentType, rawBody, caseIdHint }, CTX.receivedAt);

/** The ValidationError a body is refused with. */
function refusal(contentType: string, rawBody: string, caseIdHint?: string): ValidationError {
  try {
    read(contentType, rawBody, caseIdHint);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('readPayerBody', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/vnd.payer+json',
  ])('reads %s as the webhook JSON of API.md', (contentType) => {
    const { event, channel } = read(contentType, webhook);
    expect(channel).toBe('webhook');
    expect(event).toMatchObject({ type: 'prior_auth.decision', outcome: 'denied', caseId: 'case-01J' });
  });

  it('reads a PAS ClaimResponse for the case its Claim identifier names, at the time of receipt when it has none', () => {
    const bare = JSON.parse(fixture('pas', 'claimresponse-a1-bare.json'));
    delete bare.created;
    bare.request = { identifier: { system: CASE_SYSTEM, value: 'case-01J' } };
    const { event, channel } = read('application/fhir+json', JSON.stringify(bare));
    expect(channel).toBe('fhir-pas');
    expect(event).toMatchObject({ caseId: 'case-01J', outcome: 'approved', occurredAt: CTX.receivedAt });
  });

  it.each(['application/EDI-X12', 'application/edi-x12; charset=us-ascii', 'text/plain'])(
    'reads %s as an X12 278 response for the case of its trace',
    (contentType) => {
      const { event, channel } = read(contentType, x12For('response-a3-denied.x12', 'case-01J'), 'case-01J');
      expect(channel).toBe('x12-278');
      expect(event).toMatchObject({ caseId: 'case-01J', outcome: 'denied', occurredAt: CTX.receivedAt });
    },
  );

  it('takes the case of a 278 from its TRN*2 trace before BHT03', () => {
    const body = fixture('x12', 'response-a3-denied.x12').replace('TRN*2*CASE-0001', 'TRN*2*case-traced');
    expect(read('application/edi-x12', body).event.caseId).toBe('case-traced');
  });

  it.each([
    ['a PAS ClaimResponse', 'application/fhir+json', pasFor('response-a3-denied.json', 'case-01J')],
    ['an X12 278 response', 'application/edi-x12', x12For('response-a3-denied.x12', 'case-01J')],
  ])(
    'refuses %s whose ?caseId= disagrees with the signed body as a 422 naming caseId',
    (_case, contentType, body) => {
      const error = refusal(contentType, body, 'case-other');
      expect(error.statusCode).toBe(422);
      expect(error.errors).toEqual([{ path: 'caseId', message: expect.stringContaining('another case') }]);
    },
  );

  it('refuses a PAS ClaimResponse that names no case as a 422, whatever ?caseId= says', () => {
    const error = refusal('application/fhir+json', fixture('pas', 'response-a3-denied.json'), 'case-01J');
    expect(error.statusCode).toBe(422);
    expect(error.errors[0]?.message).toContain('names no case');
  });

  it.each([
    ['text/html', 'content-type text/html'],
    ['', 'content-type missing'],
    ['application/xml', 'content-type application/xml'],
  ])('refuses content type %j as a 415', (contentType, message) => {
    const error = refusal(contentType, webhook);
    expect(error.statusCode).toBe(415);
    expect(error.errors).toEqual([{ path: '(body)', message }]);
  });

  it.each([
    ['malformed JSON', 'application/json', '{"type":', '(body)'],
    ['malformed FHIR JSON', 'application/fhir+json', '{', '(body)'],
    ['a bad outcome', 'application/json', webhook.replace('"denied"', '"maybe"'), 'data.outcome'],
    ['a body that is not an object', 'application/json', '"denied"', '(body)'],
  ])('refuses %s as a 400 naming the field', (_case, contentType, body, path) => {
    const error = refusal(contentType, body, 'case-01J');
    expect(error.statusCode).toBe(400);
    expect(error.errors.map((e) => e.path)).toContain(path);
  });

  it.each([
    ['an X12 body that is not a 278', 'application/edi-x12', 'not x12 at all'],
    ['a rejected 278', 'application/edi-x12', x12For('response-aaa-rejected.x12', 'case-01J')],
    ['an OperationOutcome', 'application/fhir+json', fixture('pas', 'operation-outcome-invalid.json')],
  ])('refuses %s as a 422: the sender posted what we cannot read', (_case, contentType, body) => {
    const error = refusal(contentType, body, 'case-01J');
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe('the payer response could not be read');
    expect(error.errors[0]?.path).toBe('(body)');
  });
});
