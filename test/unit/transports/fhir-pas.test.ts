import { describe, expect, it } from 'vitest';
import { createTransport } from '#adapters/transports/index.ts';
import { PayerRejectedError, PayerUnavailableError } from '#core/errors.ts';
import { statusForEvent } from '#core/payer/payer-events.ts';
import { useStandInPayer } from './stand-in-payer.ts';
import { deps, payer, REQUEST, submission } from './support.ts';

const standIn = useStandInPayer();

describe('fhir-pas transport', () => {
  const pas = (scenario: string) =>
    createTransport(payer({ transport: 'fhir-pas', endpoint: `${standIn().url}/pas/${scenario}/` }), deps());

  it('POSTs the PAS Bundle to Claim/$submit as FHIR JSON and returns the approval', async () => {
    // Prepare
    const input = submission();
    standIn().received.length = 0;
    // Act
    const result = await pas('approved').submit(input);
    // Assess
    expect(standIn().received).toHaveLength(1);
    expect(standIn().received[0]!.url).toBe('/pas/approved/Claim/$submit');
    expect(standIn().received[0]!.headers['content-type']).toBe('application/fhir+json');
    expect(JSON.parse(standIn().received[0]!.body)).toEqual(input.pasBundle);
    expect(result.payerReference).toBe('PAYREF-A1-0001');
    expect(result.detail).toBe('fhir-pas POST Claim/$submit 200: approved');
    expect(result.immediateDecision).toMatchObject({
      caseId: input.caseId,
      outcome: 'approved',
      authorizationNumber: 'AUTH-A1-55120',
      approvedUnits: 1950,
    });
    expect(result.artifacts?.map((a) => a.kind)).toEqual(['pas_bundle', 'pas_bundle']);
    expect(result.artifacts?.[0]?.body).toBe(JSON.stringify(input.pasBundle));
    expect(result.artifacts?.[1]?.body).toContain('AUTH-A1-55120');
  });

  it.each([
    ['denied', 'DENIED'],
    ['needs-info', 'NEEDS_INFO'],
  ])('returns a %s answer as the immediate decision (%s)', async (scenario, status) => {
    const result = await pas(scenario).submit(submission());
    expect(statusForEvent(result.immediateDecision!)).toBe(status);
  });

  it('keeps a plain pend out of the immediate decision: the final answer comes later', async () => {
    const result = await pas('pended').submit(submission());
    expect(result.immediateDecision).toBeUndefined();
    expect(result.payerReference).toBe('PAYREF-A4-0001');
    expect(result.detail).toContain('pended');
  });

  it('fails with PayerUnavailableError on a 500, then succeeds when the payer is back', async () => {
    // Prepare
    standIn().flakyCalls.delete('pas/flaky');
    const transport = pas('flaky');
    // Act + Assess
    await expect(transport.submit(submission())).rejects.toBeInstanceOf(PayerUnavailableError);
    const second = await transport.submit(submission());
    expect(second.immediateDecision?.outcome).toBe('approved');
  });

  it.each([
    ['slow', PayerUnavailableError, 'did not answer within 300 ms'],
    ['throttled', PayerUnavailableError, 'HTTP 429'],
    ['invalid', PayerRejectedError, 'HTTP 400'],
    ['not-json', PayerRejectedError, 'not JSON'],
  ])('maps the %s payer to %o', async (scenario, errorClass, message) => {
    const act = pas(scenario).submit(submission());
    await expect(act).rejects.toBeInstanceOf(errorClass);
    await expect(act).rejects.toThrow(message);
  });

  it('maps an unreachable payer to PayerUnavailableError', async () => {
    const transport = createTransport(
      payer({ transport: 'fhir-pas', endpoint: 'http://127.0.0.1:9' }),
      deps(),
    );
    await expect(transport.submit(submission())).rejects.toBeInstanceOf(PayerUnavailableError);
  });

  it('never puts patient data in its error messages', async () => {
    const act = pas('invalid').submit(submission());
    await expect(act).rejects.not.toThrow(REQUEST.patient.familyName);
    await expect(act).rejects.not.toThrow(REQUEST.coverage.memberId);
  });
});
