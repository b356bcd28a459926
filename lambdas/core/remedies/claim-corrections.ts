/**
 * The corrected claim: the fixes a denied durvalumab claim needs (HCPCS, NDC, units, JW/JZ, the
 * authorization number, the diagnosis order, the frequency code) and its lines as they should be
 * billed. Units, vials and waste come from the billing core.
 */
import type { ClaimInput, ClaimLine } from '#schemas/claim.ts';
import { billingUnits, leastWasteVials } from '../billing/billing.ts';
import { type DurvalumabLines, icd10InList, readDurvalumabClaim, unitsOf } from '../billing/claim-lines.ts';
import { DURVALUMAB, describeHcpcs, isDurvalumabNdc } from '../billing/coding.ts';
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

/** The claim frequency code of the corrected claim: a new claim (1) after MA130, else a replacement (7). */
export function frequencyCodeCorrection(claim: ClaimInput, noAppealRights: boolean): Correction {
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
