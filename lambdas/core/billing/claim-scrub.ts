/**
 * The pre-submission scrub of a durvalumab claim: the billing errors payers deny on (units that
 * do not match the dose, JW/JZ, vials that waste more than they must, a missing or exceeded
 * authorization, a code or NDC that is not durvalumab's, a diagnosis outside the indication).
 * Codes, NDCs, vial sizes and the unit size come from reference/durvalumab.json.
 */
import type { ClaimInput, ClaimLine } from '#schemas/claim.ts';
import type { Assessment, Billing, DecisionOutcome, Finding } from '../model.ts';
import durvalumab from '../reference/durvalumab.json' with { type: 'json' };
import { accountWaste, billingUnits, leastWasteVials } from './billing.ts';

/** The facts of the reference the scrub, the denial analysis and the letters use. */
export const DURVALUMAB = {
  hcpcs: durvalumab.billing.hcpcs,
  unitMg: durvalumab.billing.unit_size_mg,
  vials: durvalumab.ndcs
    .map((v) => ({ ndc11: v.ndc11, strengthMg: Number.parseInt(v.strength, 10), strength: v.strength }))
    .sort((a, b) => b.strengthMg - a.strengthMg),
  /** Codes durvalumab is confused with, and what each really is. */
  confusedCodes: confusedCodes(),
  /** The reference's formula in words: administered mg / 10, rounded up. */
  unitsFormula: `administered mg / ${durvalumab.billing.unit_size_mg} mg per unit, rounded up`,
  roundingRule: durvalumab.billing.rounding_rule,
  vialSelectionRule: durvalumab.billing.vial_selection_rule,
  hcpcsSources: durvalumab.billing.hcpcs_sources,
} as const;

function confusedCodes(): Record<string, { descriptor: string; note: string; ndc11: string[] }> {
  const out: Record<string, { descriptor: string; note: string; ndc11: string[] }> = {};
  for (const [key, value] of Object.entries(durvalumab.related_codes)) {
    if (!/^[A-Z]\d{4}$/.test(key) || typeof value !== 'object' || value === null) continue;
    const entry = value as { descriptor?: string; note?: string; ndc11?: string[] };
    out[key] = { descriptor: entry.descriptor ?? '', note: entry.note ?? '', ndc11: entry.ndc11 ?? [] };
  }
  for (const [key, note] of Object.entries(durvalumab.billing.historic_codes)) {
    out[key] = { descriptor: 'historic durvalumab code', note, ndc11: [] };
  }
  return out;
}

export function isDurvalumabNdc(ndc11: string): boolean {
  return DURVALUMAB.vials.some((v) => v.ndc11 === ndc11);
}

/** What a HCPCS code is, for messages: "J9376 (Injection, pozelimab-bbfg, 1 mg)". */
export function describeHcpcs(code: string): string {
  const known = DURVALUMAB.confusedCodes[code];
  return known ? `${code} (${known.descriptor})` : code;
}

export interface VialCombination {
  vials: Array<{ ndc11: string; strengthMg: number; count: number }>;
  totalMg: number;
  vialCount: number;
}

/** The least-waste vials for a dose: the billing core's rule (lambdas/core/billing.ts). */
export function leastWasteVialCombination(doseMg: number): VialCombination {
  return leastWasteVials(doseMg);
}

/** Units for the administered dose: round up to the next 10 mg unit. */
export function administeredUnits(doseMg: number): number {
  return billingUnits(doseMg);
}

/**
 * Units of the JW line: the opened vials' content less what the administered line already
 * counts (administered rounds up, discarded rounds down).
 */
export function discardedUnits(doseMg: number, openedMg: number): number {
  return accountWaste(doseMg, openedMg).discardedUnits;
}

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

export interface DurvalumabLines {
  /** Index and line of every line that is (or was meant to be) durvalumab. */
  administered: Array<{ index: number; line: ClaimLine }>;
  waste: Array<{ index: number; line: ClaimLine }>;
}

/** A line is durvalumab when it says J9173, carries a durvalumab NDC, or uses a code durvalumab is confused with. */
export function durvalumabLines(claim: ClaimInput): DurvalumabLines {
  const out: DurvalumabLines = { administered: [], waste: [] };
  claim.lines.forEach((line, index) => {
    const isDurvalumab =
      line.hcpcs === DURVALUMAB.hcpcs ||
      (line.ndc11 !== undefined && isDurvalumabNdc(line.ndc11)) ||
      line.hcpcs in DURVALUMAB.confusedCodes;
    if (!isDurvalumab) return;
    (line.modifiers.includes('JW') ? out.waste : out.administered).push({ index, line });
  });
  return out;
}

/** The dose the claim documents: the MAR's administered mg, else the case's planned dose. */
export function documentedDoseMg(claim: ClaimInput, billing: Billing | null): number | null {
  return claim.administeredMg ?? billing?.dosePerAdministrationMg ?? null;
}

/** JW units the documentation supports: from the waste log when given, else from the least-waste vials. */
export function expectedDiscardedUnits(claim: ClaimInput, doseMg: number): number {
  const openedMg =
    claim.discardedMg !== undefined ? doseMg + claim.discardedMg : leastWasteVialCombination(doseMg).totalMg;
  return discardedUnits(doseMg, openedMg);
}

/** Whether an ICD-10-CM code falls in a list of codes ("C34.2": the code and its children) and ranges ("C34.00-C34.02"). */
export function icd10InList(code: string, list: string[]): boolean {
  const norm = (c: string) => c.replace('.', '').trim().toUpperCase();
  const c = norm(code);
  return list.some((entry) => {
    const [lo, hi] = entry.split('-').map(norm);
    if (!lo) return false;
    if (!hi) return c.startsWith(lo);
    return c.slice(0, lo.length) >= lo && c.slice(0, hi.length) <= hi;
  });
}

export function scrubClaim(claim: ClaimInput, ctx: ScrubContext): Finding[] {
  const findings: Finding[] = [];
  const lines = durvalumabLines(claim);
  const all = [...lines.administered, ...lines.waste].sort((a, b) => a.index - b.index);

  for (const { index, line } of all) {
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
      const owner = Object.entries(DURVALUMAB.confusedCodes).find(([, v]) => v.ndc11.includes(line.ndc11!));
      findings.push({
        severity: 'error',
        code: 'NDC_HCPCS_MISMATCH',
        path: `${path}.ndc11`,
        message: `Line ${index + 1} carries NDC ${line.ndc11}, which is not a durvalumab vial${owner ? ` (it belongs to ${describeHcpcs(owner[0])})` : ''}; durvalumab vials are ${DURVALUMAB.vials.map((v) => `${v.ndc11} (${v.strength})`).join(' and ')}.`,
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
  }

  const doseMg = documentedDoseMg(claim, ctx.billing);
  if (all.length > 0 && doseMg !== null) findings.push(...unitAndWasteFindings(claim, lines, doseMg));
  else if (
    all.length > 0 &&
    lines.waste.length === 0 &&
    !lines.administered.some((l) => l.line.modifiers.includes('JZ'))
  ) {
    findings.push(missingModifier(lines));
  }

  findings.push(...authorizationFindings(claim, lines, ctx));

  if (ctx.indicationIcd10 && ctx.indicationIcd10.length > 0) {
    const covered = claim.diagnosisCodes.some((code) => icd10InList(code, ctx.indicationIcd10!));
    if (!covered) {
      findings.push({
        severity: 'error',
        code: 'DIAGNOSIS_NOT_COVERED',
        path: 'diagnosisCodes',
        message: `No claim diagnosis (${claim.diagnosisCodes.join(', ')}) is in the ICD-10-CM list of the case's indication (${ctx.indicationIcd10.join(', ')}); list the primary cancer code first for the drug line.`,
      });
    }
  }
  return findings;
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

function unitAndWasteFindings(claim: ClaimInput, lines: DurvalumabLines, doseMg: number): Finding[] {
  const findings: Finding[] = [];
  const expectedUnits = administeredUnits(doseMg);
  const billedUnits = lines.administered.reduce((sum, l) => sum + l.line.units, 0);
  const first = lines.administered[0];
  if (first && billedUnits !== expectedUnits) {
    findings.push({
      severity: 'error',
      code: 'UNITS_MISMATCH',
      path: `lines[${first.index}].units`,
      message: `The administered durvalumab line bills ${billedUnits} units, but the documented dose of ${doseMg} mg is ${expectedUnits} units of ${DURVALUMAB.hcpcs} (${DURVALUMAB.unitsFormula}).`,
    });
  }

  const expectedWaste = expectedDiscardedUnits(claim, doseMg);
  const wasteUnits = lines.waste.reduce((sum, l) => sum + l.line.units, 0);
  const hasJz = lines.administered.some((l) => l.line.modifiers.includes('JZ'));
  const firstWaste = lines.waste[0];
  if (!hasJz && !firstWaste) {
    findings.push(missingModifier(lines));
  } else if (hasJz && firstWaste) {
    findings.push({
      severity: 'error',
      code: 'WASTE_MODIFIER',
      path: `lines[${firstWaste.index}].modifiers`,
      message: `The claim has a JZ line (nothing discarded) and a JW line (discarded amount) for the same drug and date; bill one or the other.`,
    });
  } else if (firstWaste && expectedWaste === 0) {
    findings.push({
      severity: 'error',
      code: 'WASTE_MODIFIER',
      path: `lines[${firstWaste.index}].modifiers`,
      message: `The JW line bills ${wasteUnits} discarded units, but ${doseMg} mg from ${describeCombination(doseMg, claim)} leaves nothing to discard: bill the administered line with JZ and no JW line.`,
    });
  } else if (hasJz && expectedWaste > 0 && first) {
    findings.push({
      severity: 'error',
      code: 'WASTE_MODIFIER',
      path: `lines[${first.index}].modifiers`,
      message: `The line carries JZ (nothing discarded), but ${doseMg} mg from ${describeCombination(doseMg, claim)} leaves ${expectedWaste} units discarded: bill the administered line without JZ and a JW line for ${expectedWaste} units.`,
    });
  } else if (firstWaste && wasteUnits !== expectedWaste && claim.discardedMg !== undefined) {
    findings.push({
      severity: 'error',
      code: 'UNITS_MISMATCH',
      path: `lines[${firstWaste.index}].units`,
      message: `The JW line bills ${wasteUnits} units, but the waste log (${claim.discardedMg} mg discarded after a ${doseMg} mg dose) supports ${expectedWaste} units (discarded amount rounds down and excludes what the administered line already counts).`,
    });
  }

  const least = leastWasteVialCombination(doseMg);
  const openedMg =
    claim.discardedMg !== undefined
      ? doseMg + claim.discardedMg
      : (billedUnits + wasteUnits) * DURVALUMAB.unitMg;
  if (wasteUnits > 0 && openedMg > least.totalMg) {
    findings.push({
      severity: 'warning',
      code: 'WASTE_NOT_MINIMAL',
      path: firstWaste ? `lines[${firstWaste.index}].units` : 'lines',
      message: `The billed vials hold ${openedMg} mg for a ${doseMg} mg dose; the least-waste combination is ${formatVials(least)} (${least.totalMg} mg, ${discardedUnits(doseMg, least.totalMg)} JW units). Payers may deny the excess waste.`,
    });
  }
  return findings;
}

function describeCombination(doseMg: number, claim: ClaimInput): string {
  if (claim.discardedMg !== undefined) return `vials holding ${doseMg + claim.discardedMg} mg`;
  return formatVials(leastWasteVialCombination(doseMg));
}

export function formatVials(combination: Pick<VialCombination, 'vials'>): string {
  return combination.vials.map((v) => `${v.count} x ${v.strengthMg} mg (NDC ${v.ndc11})`).join(' + ');
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
  const billed = [...lines.administered, ...lines.waste].reduce((sum, l) => sum + l.line.units, 0);
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
