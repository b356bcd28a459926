import { describe, expect, it, vi } from 'vitest';
import { planSimulatorAnswer, SimulatorOptions } from '#adapters/transports/simulator.ts';
import { assessment, BILLING, payer, REQUEST, submission } from './support.ts';

const options = (o: Record<string, unknown> = {}) => SimulatorOptions.parse(o);
const outcomesOf = (input = submission(), o = options()) =>
  planSimulatorAnswer(input, o).map((s) => s.outcome);

describe('simulator decisions', () => {
  it.each([
    ['meets_label', ['approved']],
    ['compendia_supported', ['approved']],
    ['not_supported', ['denied']],
    ['insufficient_information', ['pended', 'denied']],
  ] as const)("'auto' answers a %s assessment with %j", (verdict, outcomes) => {
    expect(outcomesOf(submission(payer(), { assessment: assessment(verdict) }))).toEqual(outcomes);
  });

  it.each([
    ['approved', ['approved']],
    ['denied', ['denied']],
    ['pended', ['pended']],
    ['partially_approved', ['partially_approved']],
    ['pended_then_approved', ['pended', 'approved']],
    ['pended_then_denied', ['pended', 'denied']],
  ] as const)('a configured outcome %s wins over the assessment: %j', (outcome, outcomes) => {
    const input = submission(payer(), { assessment: assessment('not_supported') });
    expect(outcomesOf(input, options({ outcome }))).toEqual(outcomes);
  });

  it('approves every requested unit over the treatment window with a SIM- number', () => {
    const [step] = planSimulatorAnswer(submission(), options());
    expect(step).toMatchObject({
      reviewAction: 'A1',
      approvedUnits: BILLING.unitsRequested,
      validFrom: REQUEST.treatmentPlan.startDate,
      validTo: '2027-08-08',
    });
    expect(step!.authorizationNumber).toMatch(/^SIM-[0-9A-F]{12}$/);
  });

  it('approves part of the administrations on a partial approval', () => {
    const [step] = planSimulatorAnswer(submission(), options({ outcome: 'partially_approved' }));
    expect(step!.approvedUnits).toBe(
      Math.ceil(BILLING.administrationsRequested / 2) * BILLING.unitsPerAdministration,
    );
    expect(step!.approvedUnits).toBeLessThan(BILLING.unitsRequested);
  });

  it.each([
    ['medicare_advantage', 'N115'],
    ['commercial', 'N130'],
  ] as const)('denies a %s request with CARC 50 and RARC %s from the canned answer', (planType, rarc) => {
    const p = payer({ planType });
    const [step] = planSimulatorAnswer(submission(p, { assessment: assessment('not_supported') }), options());
    expect(step!.reasons).toEqual([
      { system: 'CARC', code: '50' },
      { system: 'RARC', code: rarc },
    ]);
  });

  it('uses configured deny reasons', () => {
    const denyReasons = [{ system: 'CARC', code: '55' }];
    const [step] = planSimulatorAnswer(submission(), options({ outcome: 'denied', denyReasons }));
    expect(step!.reasons).toEqual(denyReasons);
  });

  it("asks for the assessment's unknown criteria when it pends", () => {
    const unknown = ['Date of no progression after chemoradiation', 'EGFR result'];
    const [pend] = planSimulatorAnswer(
      submission(payer(), { assessment: assessment('insufficient_information', unknown) }),
      options(),
    );
    expect(pend!.requestedDocuments).toEqual(unknown);
  });

  it('is deterministic under a seed and never calls Math.random', () => {
    // Prepare
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random must not be used');
    });
    const mix = options({ mix: { approve: 1, deny: 1, pend: 1 }, seed: 'demo-7' });
    const cases = Array.from({ length: 60 }, (_, i) => submission(payer(), { caseId: `case-${i}` }));
    const run = (o: SimulatorOptions) => cases.map((c) => outcomesOf(c, o).join('>'));
    // Act
    const first = run(mix);
    const again = run(mix);
    const otherSeed = run({ ...mix, seed: 'demo-8' });
    // Assess
    expect(again).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['approved', 'denied', 'pended>approved']));
    expect(otherSeed).not.toEqual(first);
    random.mockRestore();
  });

  it('follows the mix weights: a zero weight never happens', () => {
    const onlyDeny = options({ mix: { approve: 0, deny: 5, pend: 0 } });
    const outcomes = Array.from(
      { length: 20 },
      (_, i) => outcomesOf(submission(payer(), { caseId: `c${i}` }), onlyDeny)[0],
    );
    expect(new Set(outcomes)).toEqual(new Set(['denied']));
  });
});
