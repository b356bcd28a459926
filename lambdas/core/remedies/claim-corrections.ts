/**
 * The corrected claim: the fixes a denied durvalumab claim needs (HCPCS, NDC, units, JW/JZ, the
 * authorization number, the diagnosis order, the frequency code) and its lines as they should be
 * billed. Units, vials and waste come from the billing core.
 */
import type { ClaimInput, ClaimLine } from '#schemas/claim.ts';
import { billingUnits, leastWasteVials } from '../billing/billing.ts';
import { type DurvalumabLines, icd10InList, readDurvalumabClaim, unitsOf } from '../billing/claim-lines.ts';
import { DURVALUMAB, DURVALUMAB_VIALS, describeHcpcs, isDurvalumabNdc } from '../billing/coding.ts';
import type { Billing } from '../model.ts';
import type { Correction, DenialInput } from './denial-model.ts';

/** The fixes a corrected claim makes, from the claim's lines and the case's billing. */
export function claimCorrections(claim: ClaimInput, input: DenialInput): Correction[] {
  const { lines, all, doseMg, expectedWaste } = readDurvalumabClaim(claim, input.billing);
  const vialNdc = replacementNdc(input.billing, doseMg);
  return [
    ...all.flatMap(({ index, line }) => lineCodeCorrections(index, line, vialNdc)),
    ...(doseMg === null || expectedWaste === null
      ? []
      : unitAndWasteCorrections(claim, lines, { doseMg, expectedWaste }, vialNdc)),
    ...authorizationCorrection(claim, input.authorization?.number),
    ...diagnosisCorrection(claim, input.caseDiagnosisCodes ?? [], input.indicationIcd10 ?? []),
  ];
}

/**
 * The claim frequency code of the corrected claim: a new claim (1) after MA130, else a replacement
 * (7), which Original Medicare Part B takes as a reopening (see correctionRoute).
 */
export function frequencyCodeCorrection(
  claim: ClaimInput,
  noAppealRights: boolean,
  planType?: string,
): Correction {
  if (!noAppealRights && planType !== undefined && correctionRoute(planType, false) === 'reopening') {
    return {
      field: 'claim frequency code',
      from: claim.frequencyCode,
      to: '7',
      why: `Original Medicare Part B corrects clerical errors by a reopening, not an appeal: request a clerical-error reopening of claim ${claim.payerClaimNumber ?? claim.claimId} with these corrections; a replacement (7) only where the MAC takes corrected claims (MAC practice UNVERIFIED).`,
    };
  }
  return noAppealRights
    ? {
        field: 'claim frequency code',
        from: claim.frequencyCode,
        to: '1',
        why: 'An unprocessable claim (MA130) is not replaced or appealed: submit it as a new claim.',
      }
    : {
        field: 'claim frequency code',
        from: claim.frequencyCode,
        to: '7',
        why: `Replacement of the denied claim ${claim.payerClaimNumber ?? claim.claimId}: the payer reprocesses the corrected lines instead of an appeal.`,
      };
}

/** The NDC a corrected line reports: the case's vial, else the least-waste vial for the dose. */
function replacementNdc(billing: Billing | null, doseMg: number | null): string | undefined {
  return billing?.vials[0]?.ndc11 ?? (doseMg ? leastWasteVials(doseMg).vials[0]?.ndc11 : undefined);
}

function lineCodeCorrections(index: number, line: ClaimLine, vialNdc: string | undefined): Correction[] {
  const out: Correction[] = [];
  if (line.hcpcs !== DURVALUMAB.hcpcs) {
    out.push({
      field: `line ${index + 1} HCPCS`,
      from: line.hcpcs,
      to: DURVALUMAB.hcpcs,
      why: `${describeHcpcs(line.hcpcs)} is not durvalumab; durvalumab is ${DURVALUMAB.hcpcs} (Injection, durvalumab, ${DURVALUMAB.unitMg} mg).`,
    });
  }
  if ((line.ndc11 === undefined || !isDurvalumabNdc(line.ndc11)) && vialNdc) {
    out.push({
      field: `line ${index + 1} NDC`,
      from: line.ndc11 ?? '(none)',
      to: vialNdc,
      why: 'The NDC must be the durvalumab vial administered (11-digit, qualifier N4).',
    });
  }
  return out;
}

function unitAndWasteCorrections(
  claim: ClaimInput,
  lines: DurvalumabLines,
  { doseMg, expectedWaste }: { doseMg: number; expectedWaste: number },
  vialNdc: string | undefined,
): Correction[] {
  const first = lines.administered[0];
  if (!first) return [];
  const out: Correction[] = [];
  const expectedUnits = billingUnits(doseMg);
  if (first.line.units !== expectedUnits) {
    out.push({
      field: `line ${first.index + 1} units`,
      from: String(first.line.units),
      to: String(expectedUnits),
      why: `${doseMg} mg at ${DURVALUMAB.unitMg} mg per unit of ${DURVALUMAB.hcpcs} is ${expectedUnits} units (${DURVALUMAB.unitsFormula}).`,
    });
  }
  const basis =
    claim.discardedMg !== undefined
      ? 'the waste log'
      : 'per the least-waste vial combination; confirm against the waste log';
  const otherMods = first.line.modifiers.filter((m) => m !== 'JW' && m !== 'JZ');
  const wantMods = expectedWaste === 0 ? [...otherMods, 'JZ'] : otherMods;
  if (wantMods.join(' ') !== first.line.modifiers.join(' ')) {
    out.push({
      field: `line ${first.index + 1} modifiers`,
      from: first.line.modifiers.join(' ') || '(none)',
      to: wantMods.join(' ') || '(none)',
      why:
        expectedWaste === 0
          ? `Nothing is discarded from the single-dose vials (${basis}), so the administered line carries JZ.`
          : `${expectedWaste} units are discarded (${basis}), so the administered line carries no JZ and the waste goes on its own JW line.`,
    });
  }
  out.push(...wasteLineCorrections(claim, lines, expectedWaste, basis, vialNdc));
  return out;
}

function wasteLineCorrections(
  claim: ClaimInput,
  lines: DurvalumabLines,
  expectedWaste: number,
  basis: string,
  vialNdc: string | undefined,
): Correction[] {
  const wasteUnits = unitsOf(lines.waste);
  const firstWaste = lines.waste[0];
  if (expectedWaste > 0 && !firstWaste) {
    return [
      {
        field: 'JW line',
        from: '(none)',
        to: `${DURVALUMAB.hcpcs}-JW x ${expectedWaste} units${vialNdc ? `, NDC ${vialNdc}` : ''}`,
        why: `The discarded amount is billed on a separate line with JW (${basis}).`,
      },
    ];
  }
  if (expectedWaste === 0 && firstWaste) {
    return [
      {
        field: `line ${firstWaste.index + 1}`,
        from: `${firstWaste.line.hcpcs}-JW x ${wasteUnits} units`,
        to: '(remove the line)',
        why: `The dose uses whole vials with nothing discarded (${basis}); a JW line is not billed with JZ.`,
      },
    ];
  }
  if (firstWaste && claim.discardedMg !== undefined && wasteUnits !== expectedWaste) {
    return [
      {
        field: `line ${firstWaste.index + 1} units`,
        from: String(wasteUnits),
        to: String(expectedWaste),
        why: `The waste log shows ${claim.discardedMg} mg discarded; discarded units round down and exclude what the administered line already counts.`,
      },
    ];
  }
  return [];
}

function authorizationCorrection(claim: ClaimInput, authNumber: string | null | undefined): Correction[] {
  if (!authNumber || claim.authorizationNumber === authNumber) return [];
  return [
    {
      field: 'authorization number (REF*G1)',
      from: claim.authorizationNumber ?? '(none)',
      to: authNumber,
      why: 'The prior-authorization number goes in REF*G1 (loop 2300 for the claim, or 2400 for the line; CMS-1500 box 23).',
    },
  ];
}

function diagnosisCorrection(claim: ClaimInput, caseCodes: string[], indication: string[]): Correction[] {
  const claimCovered =
    indication.length > 0
      ? claim.diagnosisCodes.some((c) => icd10InList(c, indication))
      : caseCodes.length === 0 || claim.diagnosisCodes.some((c) => caseCodes.includes(c));
  const rightCodes = indication.length > 0 ? caseCodes.filter((c) => icd10InList(c, indication)) : caseCodes;
  if (claimCovered || rightCodes.length === 0) return [];
  const rest = claim.diagnosisCodes.filter((c) => !rightCodes.includes(c));
  return [
    {
      field: 'diagnosis codes',
      from: claim.diagnosisCodes.join(', '),
      to: [...rightCodes, ...rest].join(', '),
      why: 'The primary cancer diagnosis of the indication is listed first and pointed to by the drug line.',
    },
  ];
}

/** The claim's lines as they should be billed: J9173, the dose's units, JZ or a JW line, a durvalumab NDC. */
export function correctedClaimLines(claim: ClaimInput, billing: Billing | null): ClaimLine[] {
  const { lines: drug, doseMg, expectedWaste: waste } = readDurvalumabClaim(claim, billing);
  const vialNdc = replacementNdc(billing, doseMg) ?? DURVALUMAB.vials[0]?.ndc11 ?? '';
  const out: ClaimLine[] = [];
  const firstAdmin = drug.administered[0]?.index;
  claim.lines.forEach((line, index) => {
    const isWaste = drug.waste.some((w) => w.index === index);
    const isAdmin = drug.administered.some((a) => a.index === index);
    if (!isWaste && !isAdmin) {
      out.push(line);
      return;
    }
    if (isAdmin && index !== firstAdmin) return;
    if (isWaste && waste !== null && (waste === 0 || claim.discardedMg !== undefined)) {
      if (waste > 0) out.push({ ...fixDrug(line, vialNdc), modifiers: ['JW'], units: waste });
      return;
    }
    if (isWaste) {
      out.push(fixDrug(line, vialNdc));
      return;
    }
    const others = line.modifiers.filter((m) => m !== 'JW' && m !== 'JZ');
    out.push({
      ...fixDrug(line, vialNdc),
      units: doseMg !== null ? billingUnits(doseMg) : line.units,
      modifiers: waste === 0 ? [...others, 'JZ'] : others,
    });
    if (waste !== null && waste > 0 && drug.waste.length === 0) {
      out.push({ hcpcs: DURVALUMAB.hcpcs, modifiers: ['JW'], units: waste, ndc11: vialNdc });
    }
  });
  return out;
}

function fixDrug(line: ClaimLine, vialNdc: string): ClaimLine {
  const ndcOk = line.ndc11 !== undefined && isDurvalumabNdc(line.ndc11);
  return {
    ...line,
    hcpcs: DURVALUMAB.hcpcs,
    ndc11: ndcOk ? line.ndc11 : vialNdc,
    ...(ndcOk ? {} : { ndcQuantity: undefined, ndcUnit: undefined }),
  };
}

/**
 * How a corrected claim goes back to the payer. A replacement (frequency 7, REF*F8 = the payer's
 * claim control number) by default; a new claim (frequency 1) after RARC MA130, which affords no
 * appeal rights and asks for a new claim (denials.json, MA130); a reopening for Original Medicare
 * Part B, which fixes clerical errors (units, JW/JZ, codes) by reopening rather than by appeal
 * (regulation.md (b): ngsmedicare.com). Whether a MAC also takes the same fix as a frequency-7
 * 837 varies by MAC: UNVERIFIED, so the instructions say to request the reopening first.
 */
export type CorrectionRoute = 'replacement' | 'new_claim' | 'reopening';

export interface CorrectedClaim {
  route: CorrectionRoute;
  /** The corrected claim, stored as a claim of the case under its own id. */
  claim: ClaimInput;
  /** What the billing office does with it, for the remedy's `instructions`. */
  instructions: string;
}

export interface CorrectedClaimContext
  extends Pick<DenialInput, 'billing' | 'authorization' | 'caseDiagnosisCodes' | 'indicationIcd10'> {
  claim: ClaimInput;
  correctedClaimId: string;
  planType: string;
  /** The payer's claim control number from the denial (the webhook's payerReference, an 835's CLP07). */
  payerClaimNumber: string | null;
}

/** The route a correction takes for the payer and the denial. */
export function correctionRoute(planType: string, noAppealRights: boolean): CorrectionRoute {
  if (noAppealRights) return 'new_claim';
  return planType === 'medicare' ? 'reopening' : 'replacement';
}

/** The corrected claim of a denied claim and how to send it. */
export function correctedClaim(ctx: CorrectedClaimContext, noAppealRights: boolean): CorrectedClaim {
  const original = ctx.claim;
  const route = correctionRoute(ctx.planType, noAppealRights);
  const payerClaimNumber = ctx.payerClaimNumber ?? original.payerClaimNumber ?? null;
  const frequencyCode = route === 'new_claim' ? '1' : '7';
  const diagnosis = diagnosisCorrection(original, ctx.caseDiagnosisCodes ?? [], ctx.indicationIcd10 ?? [])[0];
  const { payerClaimNumber: _previous, ...rest } = original;
  const claim: ClaimInput = {
    ...rest,
    claimId: ctx.correctedClaimId,
    frequencyCode,
    ...(frequencyCode === '7' && payerClaimNumber ? { payerClaimNumber } : {}),
    ...(original.typeOfBill ? { typeOfBill: `${original.typeOfBill.slice(0, 2)}${frequencyCode}` } : {}),
    authorizationNumber: ctx.authorization?.number ?? original.authorizationNumber ?? null,
    diagnosisCodes: diagnosis ? diagnosis.to.split(', ') : original.diagnosisCodes,
    lines: correctedClaimLines(original, ctx.billing).map(withNdcQuantity),
  };
  return {
    route,
    claim,
    instructions: instructionsFor(route, ctx.correctedClaimId, original, payerClaimNumber),
  };
}

function instructionsFor(
  route: CorrectionRoute,
  correctedClaimId: string,
  original: ClaimInput,
  payerClaimNumber: string | null,
): string {
  const file = `the corrected claim ${correctedClaimId} (GET /v1/claims/${correctedClaimId}/x12)`;
  if (route === 'new_claim') {
    return `RARC MA130: claim ${original.claimId} was unprocessable and has no appeal rights; do not appeal or replace it. Submit ${file} as a new claim (frequency 1) with the complete and correct information.`;
  }
  const replaces = payerClaimNumber
    ? `as a replacement (frequency 7) of payer claim ${payerClaimNumber} (REF*F8)`
    : 'as a replacement (frequency 7); its REF*F8 needs the payer claim control number of the denied claim, which the denial did not give: read it from the remittance and add it to the claim first';
  if (route === 'reopening') {
    return `Original Medicare Part B corrects clerical errors by a reopening, not an appeal: request a clerical-error reopening of claim ${payerClaimNumber ?? original.claimId} from the MAC with the corrected lines of ${file}. Send the 837 ${replaces} only where the MAC takes corrected claims (MAC practice UNVERIFIED: check its reopening page).`;
  }
  return `Send ${file} ${replaces}; do not appeal a billing error the payer reprocesses from a corrected claim.`;
}

/**
 * A durvalumab line's NDC quantity in mL when it lacks one (the 837's 2410 CTP): the billed mg
 * (units x 10 mg) over the vial's concentration (strengthMg / volumeMl, reference/billing.json).
 */
function withNdcQuantity(line: ClaimLine): ClaimLine {
  const vial = DURVALUMAB_VIALS.find((v) => v.ndc11 === line.ndc11);
  if (!vial || line.ndcQuantity !== undefined) return line;
  const ml = (line.units * DURVALUMAB.unitMg * vial.volumeMl) / vial.strengthMg;
  return { ...line, ndcQuantity: Math.round(ml * 1000) / 1000, ndcUnit: 'ML' };
}
