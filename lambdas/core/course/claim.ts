/**
 * The professional claim built from an administration, for the claim scrub (core/billing/
 * claim-scrub.ts through the submit-claim use case): J9173 units of the dose, the JW line of the
 * discarded units or JZ when none, the NDC and its quantity, the authorization number, the place
 * of service from the case's site of care, the case's diagnoses. Pure; nobody retypes it.
 *
 * The NDC is that of the vials given; with vials of two NDCs the administered line carries the
 * NDC of the most mg given (one NDC per 837 line) and the quantity of those vials.
 */
import { ClaimInput, type ClaimInputRaw } from '#schemas/claim.ts';
import { DURVALUMAB_HCPCS, DURVALUMAB_VIALS } from '../billing/coding.ts';
import type { CaseRecord } from '../case/case-record.ts';
import { digest } from '../ids.ts';
import type { Administration } from './administration.ts';
import { administrationDay } from './findings.ts';

/**
 * Place of service (CMS Place of Service Code Set, cms.gov "Place of Service Codes for
 * Professional Claims": 11 Office, 12 Home, 22 On Campus-Outpatient Hospital) for the request's
 * provider.siteOfCare. UNVERIFIED choices, data to change here: hospital_outpatient as 22 (an
 * off-campus department bills 19), and no code for an ambulatory infusion center (the CMS list
 * names none; the billing office states it in the request body).
 */
export const PLACE_OF_SERVICE: Readonly<Record<string, string>> = {
  office: '11',
  home: '12',
  hospital_outpatient: '22',
};

export interface ClaimOptions {
  /** A place of service of the billing office's own, over the one the site of care gives. */
  placeOfService?: string | undefined;
}

/** The claim's id: one per administration, so the same administration gives the same claim. */
export function claimIdOfAdministration(caseId: string, administrationId: string): string {
  return `clm_${digest(caseId, administrationId).slice(0, 16)}`;
}

/** The NDC of the most mg among the vials, with its quantity in mL (CTP04/CTP05 ML). */
function mainNdc(vials: Administration['vials']): { ndc11: string; ndcQuantity?: number } {
  const sized = vials.map((v) => ({ vial: v, size: DURVALUMAB_VIALS.find((s) => s.ndc11 === v.ndc11) }));
  const byNdc = new Map<string, { mg: number; ml: number }>();
  for (const { vial, size } of sized) {
    const sum = byNdc.get(vial.ndc11) ?? { mg: 0, ml: 0 };
    byNdc.set(vial.ndc11, {
      mg: sum.mg + (size?.strengthMg ?? 0) * vial.count,
      ml: sum.ml + (size?.volumeMl ?? 0) * vial.count,
    });
  }
  const [ndc11, sum] = [...byNdc.entries()].sort((a, b) => b[1].mg - a[1].mg)[0]!;
  return sum.ml > 0 ? { ndc11, ndcQuantity: sum.ml } : { ndc11 };
}

export function claimFromAdministration(
  record: Pick<CaseRecord, 'caseId' | 'request' | 'decision'>,
  administration: Administration,
  options: ClaimOptions = {},
): ClaimInput {
  const { ndc11, ndcQuantity } = mainNdc(administration.vials);
  const ndc = { ndc11, ...(ndcQuantity === undefined ? {} : { ndcQuantity, ndcUnit: 'ML' as const }) };
  const placeOfService = options.placeOfService ?? PLACE_OF_SERVICE[record.request.provider.siteOfCare];
  const lines: ClaimInputRaw['lines'] = [
    {
      hcpcs: DURVALUMAB_HCPCS,
      modifiers: administration.wasteModifier === 'JZ' ? ['JZ'] : [],
      units: administration.units,
      ...ndc,
    },
  ];
  if (administration.discardedUnits > 0) {
    lines.push({ hcpcs: DURVALUMAB_HCPCS, modifiers: ['JW'], units: administration.discardedUnits, ndc11 });
  }
  return ClaimInput.parse({
    claimId: claimIdOfAdministration(record.caseId, administration.administrationId),
    serviceDate: administrationDay(administration.administeredAt),
    ...(placeOfService ? { placeOfService } : {}),
    authorizationNumber: record.decision?.authorizationNumber ?? null,
    diagnosisCodes: record.request.diagnosis.icd10,
    administeredMg: administration.doseMg,
    discardedMg: administration.discardedMg,
    frequencyCode: '1',
    lines,
  } satisfies ClaimInputRaw);
}
