/**
 * The pre-submission scrub of a durvalumab claim: the billing errors payers deny on (units that
 * do not match the dose, JW/JZ, vials that waste more than they must, a missing or exceeded
 * authorization, a code or NDC that is not durvalumab's, a diagnosis outside the indication).
 * Units, vials and waste come from the billing core (billing.ts), codes and NDCs from coding.ts.
 */
import type { ClaimInput, ClaimLine } from '#schemas/claim.ts';
import type { Assessment, Billing, DecisionOutcome, Finding } from '../model.ts';
import { accountWaste, billingUnits, formatVials, leastWasteVials } from './billing.ts';
import {
  allDurvalumabLines,
  type DurvalumabLines,
  icd10InList,
  readDurvalumabClaim,
  unitsOf,
} from './claim-lines.ts';
import { DURVALUMAB, describeHcpcs, isDurvalumabNdc } from './coding.ts';

export interface ScrubContext {
  billing: Billing | null;
  decision: {
    outcome: DecisionOutcome;
    authorizationNumber: string | null;
    approvedUnits?: number | null;
    validFrom?: string | null;
    validTo?: string | null;
  } | null;
  assessment: Assessment | null;
  /** ICD-10-CM codes and ranges ("C34.00-C34.02", "C34.2") of the case's indication. */
  indicationIcd10?: string[];
}

export function scrubClaim(claim: ClaimInput, ctx: ScrubContext): Finding[] {
  const read = readDurvalumabClaim(claim, ctx.billing);
  const { lines, all, doseMg, expectedWaste } = read;
  const findings = all.flatMap(({ index, line }) => lineCodeFindings(index, line));
  if (all.length > 0 && doseMg !== null && expectedWaste !== null)
    findings.push(...unitAndWasteFindings(claim, lines, doseMg, expectedWaste));
  else if (
    all.length > 0 &&
    lines.waste.length === 0 &&
    !lines.administered.some((l) => l.line.modifiers.includes('JZ'))
  ) {
    findings.push(missingModifier(lines));
  }
  findings.push(...authorizationFindings(claim, lines, ctx));
  findings.push(...diagnosisFindings(claim, ctx.indicationIcd10));
  return findings;
}

/** The code, NDC and JW/JZ errors of one durvalumab line. */
function lineCodeFindings(index: number, line: ClaimLine): Finding[] {
  const findings: Finding[] = [];
  const path = `lines[${index}]`;
  if (line.hcpcs !== DURVALUMAB.hcpcs) {
    const known = DURVALUMAB.confusedCodes[line.hcpcs];
    findings.push({
      severity: 'error',
      code: 'HCPCS_MISMATCH',
      path: `${path}.hcpcs`,
      message: known
        ? `Line ${index + 1} bills durvalumab as ${line.hcpcs}, which is "${known.descriptor}"${known.note ? ` (${known.note})` : ''}. Durvalumab is ${DURVALUMAB.hcpcs} (Injection, durvalumab, ${DURVALUMAB.unitMg} mg); rebill the line as ${DURVALUMAB.hcpcs}.`
        : `Line ${index + 1} carries a durvalumab NDC under ${line.hcpcs}; durvalumab is ${DURVALUMAB.hcpcs} (Injection, durvalumab, ${DURVALUMAB.unitMg} mg).`,
    });
  }
  if (line.ndc11 === undefined) {
    findings.push({
      severity: 'warning',
      code: 'NDC_HCPCS_MISMATCH',
      path: `${path}.ndc11`,
      message: `Line ${index + 1} has no NDC; payers deny drug lines without one (RARC M119). Report the vial's 11-digit NDC (${DURVALUMAB.vials.map((v) => v.ndc11).join(' or ')}).`,
    });
  } else if (!isDurvalumabNdc(line.ndc11)) {
    const ndc11 = line.ndc11;
    const owner = Object.entries(DURVALUMAB.confusedCodes).find(([, v]) => v.ndc11.includes(ndc11));
    findings.push({
      severity: 'error',
      code: 'NDC_HCPCS_MISMATCH',
      path: `${path}.ndc11`,
      message: `Line ${index + 1} carries NDC ${ndc11}, which is not a durvalumab vial${owner ? ` (it belongs to ${describeHcpcs(owner[0])})` : ''}; durvalumab vials are ${DURVALUMAB.vials.map((v) => `${v.ndc11} (${v.strength})`).join(' and ')}.`,
    });
  }
  if (line.modifiers.includes('JW') && line.modifiers.includes('JZ')) {
    findings.push({
      severity: 'error',
      code: 'WASTE_MODIFIER',
      path: `${path}.modifiers`,
      message: `Line ${index + 1} carries both JW and JZ; a line is either the discarded amount (JW) or the whole dose with nothing discarded (JZ).`,
    });
  }
  return findings;
}

function diagnosisFindings(claim: ClaimInput, indicationIcd10: string[] | undefined): Finding[] {
  if (!indicationIcd10 || indicationIcd10.length === 0) return [];
  if (claim.diagnosisCodes.some((code) => icd10InList(code, indicationIcd10))) return [];
  return [
    {
      severity: 'error',
      code: 'DIAGNOSIS_NOT_COVERED',
      path: 'diagnosisCodes',
      message: `No claim diagnosis (${claim.diagnosisCodes.join(', ')}) is in the ICD-10-CM list of the case's indication (${indicationIcd10.join(', ')}); list the primary cancer code first for the drug line.`,
    },
  ];
}

function missingModifier(lines: DurvalumabLines): Finding {
  const first = lines.administered[0];
  return {
    severity: 'error',
    code: 'WASTE_MODIFIER',
    path: first ? `lines[${first.index}].modifiers` : 'lines',
    message:
      'The durvalumab line has neither JZ nor a JW line: single-dose vials need JZ when nothing is discarded, or a separate JW line for the discarded amount (claims without either may be returned as unprocessable).',
  };
}

function unitAndWasteFindings(
  claim: ClaimInput,
  lines: DurvalumabLines,
  doseMg: number,
  expectedWaste: number,
): Finding[] {
  const findings: Finding[] = [];
  const expectedUnits = billingUnits(doseMg);
  const billedUnits = unitsOf(lines.administered);
  const first = lines.administered[0];
  if (first && billedUnits !== expectedUnits) {
    findings.push({
      severity: 'error',
      code: 'UNITS_MISMATCH',
      path: `lines[${first.index}].units`,
      message: `The administered durvalumab line bills ${billedUnits} units, but the documented dose of ${doseMg} mg is ${expectedUnits} units of ${DURVALUMAB.hcpcs} (${DURVALUMAB.unitsFormula}).`,
    });
  }
  const waste = wasteLineFinding(claim, lines, doseMg, expectedWaste);
  if (waste) findings.push(waste);
  const excess = excessWasteFinding(claim, lines, doseMg, billedUnits);
  if (excess) findings.push(excess);
  return findings;
}

/** JZ or a JW line, as the documented waste asks: at most one finding, the first that applies. */
function wasteLineFinding(
  claim: ClaimInput,
  lines: DurvalumabLines,
  doseMg: number,
  expectedWaste: number,
): Finding | null {
  const wasteUnits = unitsOf(lines.waste);
  const hasJz = lines.administered.some((l) => l.line.modifiers.includes('JZ'));
  const first = lines.administered[0];
  const firstWaste = lines.waste[0];
  if (!hasJz && !firstWaste) return missingModifier(lines);
  const wasteError = (index: number, field: 'modifiers' | 'units', message: string): Finding => ({
    severity: 'error',
    code: field === 'units' ? 'UNITS_MISMATCH' : 'WASTE_MODIFIER',
    path: `lines[${index}].${field}`,
    message,
  });
  if (hasJz && firstWaste) {
    return wasteError(
      firstWaste.index,
      'modifiers',
      'The claim has a JZ line (nothing discarded) and a JW line (discarded amount) for the same drug and date; bill one or the other.',
    );
  }
  if (firstWaste && expectedWaste === 0) {
    return wasteError(
      firstWaste.index,
      'modifiers',
      `The JW line bills ${wasteUnits} discarded units, but ${doseMg} mg from ${describeCombination(doseMg, claim)} leaves nothing to discard: bill the administered line with JZ and no JW line.`,
    );
  }
  if (hasJz && expectedWaste > 0 && first) {
    return wasteError(
      first.index,
      'modifiers',
      `The line carries JZ (nothing discarded), but ${doseMg} mg from ${describeCombination(doseMg, claim)} leaves ${expectedWaste} units discarded: bill the administered line without JZ and a JW line for ${expectedWaste} units.`,
    );
  }
  if (firstWaste && wasteUnits !== expectedWaste && claim.discardedMg !== undefined) {
    return wasteError(
      firstWaste.index,
      'units',
      `The JW line bills ${wasteUnits} units, but the waste log (${claim.discardedMg} mg discarded after a ${doseMg} mg dose) supports ${expectedWaste} units (discarded amount rounds down and excludes what the administered line already counts).`,
    );
  }
  return null;
}

/** Billed vials that hold more than the least-waste combination for the dose. */
function excessWasteFinding(
  claim: ClaimInput,
  lines: DurvalumabLines,
  doseMg: number,
  billedUnits: number,
): Finding | null {
  const wasteUnits = unitsOf(lines.waste);
  const least = leastWasteVials(doseMg);
  const openedMg =
    claim.discardedMg !== undefined
      ? doseMg + claim.discardedMg
      : (billedUnits + wasteUnits) * DURVALUMAB.unitMg;
  if (!(wasteUnits > 0 && openedMg > least.totalMg)) return null;
  const firstWaste = lines.waste[0];
  return {
    severity: 'warning',
    code: 'WASTE_NOT_MINIMAL',
    path: firstWaste ? `lines[${firstWaste.index}].units` : 'lines',
    message: `The billed vials hold ${openedMg} mg for a ${doseMg} mg dose; the least-waste combination is ${formatVials(least)} (${least.totalMg} mg, ${accountWaste(doseMg, least.totalMg).discardedUnits} JW units). Payers may deny the excess waste.`,
  };
}

function describeCombination(doseMg: number, claim: ClaimInput): string {
  if (claim.discardedMg !== undefined) return `vials holding ${doseMg + claim.discardedMg} mg`;
  return formatVials(leastWasteVials(doseMg));
}

function authorizationFindings(claim: ClaimInput, lines: DurvalumabLines, ctx: ScrubContext): Finding[] {
  const findings: Finding[] = [];
  const decision = ctx.decision;
  if (!decision || (decision.outcome !== 'approved' && decision.outcome !== 'partially_approved'))
    return findings;
  if (decision.authorizationNumber) {
    if (!claim.authorizationNumber) {
      findings.push({
        severity: 'error',
        code: 'AUTH_NUMBER_MISSING',
        path: 'authorizationNumber',
        message: `The case has authorization ${decision.authorizationNumber}, but the claim carries no authorization number: report it in REF*G1 (loop 2300, or 2400 for the line; CMS-1500 box 23).`,
      });
    } else if (claim.authorizationNumber !== decision.authorizationNumber) {
      findings.push({
        severity: 'error',
        code: 'AUTH_NUMBER_MISSING',
        path: 'authorizationNumber',
        message: `The claim's authorization number ${claim.authorizationNumber} is not the case's authorization ${decision.authorizationNumber}; correct REF*G1.`,
      });
    }
  }
  const billed = unitsOf(allDurvalumabLines(lines));
  if (decision.approvedUnits != null && billed > decision.approvedUnits) {
    findings.push({
      severity: 'error',
      code: 'AUTH_EXCEEDED',
      path: 'lines',
      message: `The claim bills ${billed} durvalumab units, more than the ${decision.approvedUnits} units the authorization approved.`,
    });
  }
  const date = claim.serviceDate;
  if (
    (decision.validFrom && date < decision.validFrom.slice(0, 10)) ||
    (decision.validTo && date > decision.validTo.slice(0, 10))
  ) {
    findings.push({
      severity: 'error',
      code: 'AUTH_EXCEEDED',
      path: 'serviceDate',
      message: `The date of service ${date} is outside the authorization's validity (${decision.validFrom?.slice(0, 10) ?? 'open'} to ${decision.validTo?.slice(0, 10) ?? 'open'}).`,
    });
  }
  return findings;
}
