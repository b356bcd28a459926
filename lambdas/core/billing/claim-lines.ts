/**
 * Reading a durvalumab claim: which lines are durvalumab (administered or JW waste), the dose the
 * claim documents, the JW units that dose supports, and whether a diagnosis is in an indication's
 * ICD-10-CM list. The claim scrub, the denial analysis and the corrected claim read claims here.
 */
import type { ClaimInput, ClaimLine } from '#schemas/claim.ts';
import type { Billing } from '../model.ts';
import { accountWaste, leastWasteVials } from './billing.ts';
import { DURVALUMAB, isDurvalumabNdc } from './coding.ts';

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

/** Every durvalumab line, administered and waste, in claim order. */
export function allDurvalumabLines(lines: DurvalumabLines): Array<{ index: number; line: ClaimLine }> {
  return [...lines.administered, ...lines.waste].sort((a, b) => a.index - b.index);
}

/** The units the lines bill, summed. */
export function unitsOf(lines: ReadonlyArray<{ line: ClaimLine }>): number {
  return lines.reduce((sum, l) => sum + l.line.units, 0);
}

/** A durvalumab claim as the scrub and the corrected claim read it. */
export interface DurvalumabClaim {
  lines: DurvalumabLines;
  /** Every durvalumab line, administered and waste, in claim order. */
  all: Array<{ index: number; line: ClaimLine }>;
  /** The documented dose (documentedDoseMg), null when neither the claim nor the case gives one. */
  doseMg: number | null;
  /** The JW units the documentation supports (expectedDiscardedUnits), null without a dose. */
  expectedWaste: number | null;
}

export function readDurvalumabClaim(claim: ClaimInput, billing: Billing | null): DurvalumabClaim {
  const lines = durvalumabLines(claim);
  const doseMg = documentedDoseMg(claim, billing);
  return {
    lines,
    all: allDurvalumabLines(lines),
    doseMg,
    expectedWaste: doseMg === null ? null : expectedDiscardedUnits(claim, doseMg),
  };
}

/** The dose the claim documents: the MAR's administered mg, else the case's planned dose. */
export function documentedDoseMg(claim: ClaimInput, billing: Billing | null): number | null {
  return claim.administeredMg ?? billing?.dosePerAdministrationMg ?? null;
}

/** JW units the documentation supports: from the waste log when given, else from the least-waste vials. */
export function expectedDiscardedUnits(claim: ClaimInput, doseMg: number): number {
  const openedMg =
    claim.discardedMg !== undefined ? doseMg + claim.discardedMg : leastWasteVials(doseMg).totalMg;
  return accountWaste(doseMg, openedMg).discardedUnits;
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
