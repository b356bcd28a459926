/**
 * The claim built from an administration (core/course/claim.ts): units, JW or JZ, NDC and
 * quantity, authorization number, place of service; and the scrub finds nothing to fix in it.
 */
import { describe, expect, it } from 'vitest';
import { scrubClaim } from '#core/billing/claim-scrub.ts';
import { claimFromAdministration, claimIdOfAdministration } from '#core/course/claim.ts';
import { recordedAdministration } from '#core/course/record.ts';
import claimExample from '#schemas/examples/claim.json' with { type: 'json' };
import { APPROVAL, approvedCase, dose } from './approved-case.ts';

const AT = '2026-08-10T20:00:00.000Z';
const record = approvedCase();
/** The example claim's durvalumab line (150 units JZ, three 500 mg vials, 30 mL), without its charge. */
const { chargeAmount: _, ...JZ_LINE } = claimExample.lines[0]!;

describe('claimFromAdministration', () => {
  it('bills a 1500 mg dose from three 500 mg vials as 150 units JZ with the NDC and 30 mL', () => {
    // Prepare
    const given = recordedAdministration(record, dose(), [], AT);

    // Act
    const claim = claimFromAdministration(record, given);

    // Assess
    expect(claim).toEqual({
      claimId: claimIdOfAdministration(record.caseId, given.administrationId),
      serviceDate: '2026-08-10',
      placeOfService: '11',
      authorizationNumber: 'PA-55120',
      diagnosisCodes: ['C34.12'],
      administeredMg: 1500,
      discardedMg: 0,
      frequencyCode: '1',
      lines: [JZ_LINE],
    });
    const ctx = { billing: record.billing, decision: APPROVAL, assessment: record.assessment };
    expect(scrubClaim(claim, ctx).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('bills the waste of a 750 mg dose from seven 120 mg vials on a JW line of 9 units', () => {
    // Prepare
    const vials = [{ ndc11: '00310-4500-12', lot: 'L1', expiresOn: '2027-01-01', count: 7 }];
    const input = dose('2026-08-10', { doseMg: 750, discardedMg: 90, wasteWitness: 'RN Lee', vials });
    const given = recordedAdministration(record, input, [], AT);

    // Act
    const claim = claimFromAdministration(record, given);

    // Assess
    expect(claim.lines).toEqual([
      { hcpcs: 'J9173', modifiers: [], units: 75, ndc11: '00310-4500-12', ndcQuantity: 16.8, ndcUnit: 'ML' },
      { hcpcs: 'J9173', modifiers: ['JW'], units: 9, ndc11: '00310-4500-12' },
    ]);
    const billing = { ...record.billing!, dosePerAdministrationMg: 750 };
    const findings = scrubClaim(claim, { billing, decision: APPROVAL, assessment: record.assessment });
    expect(findings.filter((f) => f.code === 'WASTE_MODIFIER' || f.code === 'UNITS_MISMATCH')).toEqual([]);
  });

  it('names the NDC of the most mg when vials of two sizes were opened', () => {
    const vials = [
      { ndc11: '00310-4500-12', lot: 'L1', expiresOn: '2027-01-01', count: 1 },
      { ndc11: '00310-4611-50', lot: 'L2', expiresOn: '2027-01-01', count: 2 },
    ];
    const given = recordedAdministration(record, dose('2026-08-10', { doseMg: 1120, vials }), [], AT);
    expect(claimFromAdministration(record, given).lines[0]).toMatchObject({
      ndc11: '00310-4611-50',
      ndcQuantity: 20,
    });
  });

  it('takes the place of service from the site of care, the billing office’s own over it, none when unknown', () => {
    const given = recordedAdministration(record, dose(), [], AT);
    const atHome = {
      ...record,
      request: { ...record.request, provider: { ...record.request.provider, siteOfCare: 'home' } },
    };
    const center = {
      ...record,
      request: {
        ...record.request,
        provider: { ...record.request.provider, siteOfCare: 'ambulatory_infusion_center' },
      },
    };
    expect(claimFromAdministration(atHome, given).placeOfService).toBe('12');
    expect(claimFromAdministration(center, given).placeOfService).toBeUndefined();
    expect(claimFromAdministration(center, given, { placeOfService: '49' }).placeOfService).toBe('49');
  });

  it('gives one claim id per administration, the same each time', () => {
    expect(claimIdOfAdministration('pa_1', 'adm_1')).toBe(claimIdOfAdministration('pa_1', 'adm_1'));
    expect(claimIdOfAdministration('pa_1', 'adm_1')).not.toBe(claimIdOfAdministration('pa_1', 'adm_2'));
    expect(claimIdOfAdministration('pa_1', 'adm_1')).toMatch(/^clm_[0-9a-f]{16}$/);
  });
});
