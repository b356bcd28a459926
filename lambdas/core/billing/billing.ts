/**
 * Dose, billing units, vials, waste and the JW/JZ modifier for a durvalumab request, and the
 * check of the dose and the plan's length against the labeled regimen. The rules come from
 * reference/billing.json (CMS IOM 100-04 ch.17 §40 as summarised there): administered units
 * round up, discarded units round down, a JW line is at least one unit.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import {
  findIndication,
  INDICATIONS_REFERENCE,
  type Indication,
  type Phase,
  type Regimen,
  resolvePhase,
  WEIGHT_THRESHOLD_KG,
} from '../clinical/indications.ts';
import type { Billing, Criterion, Finding, VialLine } from '../model.ts';
import { checkHcpcs, checkNdc, DURVALUMAB_HCPCS, DURVALUMAB_VIALS, UNIT_MG } from './coding.ts';

/** A vial size to choose from. */
export interface VialSize {
  ndc11: string;
  strengthMg: number;
}

export interface VialSelection {
  vials: VialLine[];
  /** The vials' content in mg. */
  totalMg: number;
  vialCount: number;
}

/** mg rounded to 1/100 mg, so that 27.5 kg x 20 mg/kg is 550 mg and not 550.0000000001. */
export function roundMg(mg: number): number {
  return Math.round(mg * 100) / 100;
}

/** Billing units administered for a dose: ceil(mg / 10), rounding up (reference rounding rule). */
export function billingUnits(doseMg: number, unitMg: number = UNIT_MG): number {
  return Math.ceil(roundMg(doseMg) / unitMg - 1e-9);
}

/**
 * The vial combination that wastes least for a dose (the reference's vial-selection rule); among
 * equally wasteful ones the fewest vials, then the larger vials.
 */
export function leastWasteVials(
  doseMg: number,
  sizes: readonly VialSize[] = DURVALUMAB_VIALS,
): VialSelection {
  if (!(doseMg > 0) || !Number.isFinite(doseMg))
    throw new RangeError(`dose must be a positive number of mg, got ${doseMg}`);
  if (sizes.length === 0) throw new RangeError('at least one vial size is needed');
  const ordered = [...sizes].sort((a, b) => b.strengthMg - a.strengthMg);
  const dose = roundMg(doseMg);
  const state: { best: { counts: number[]; totalMg: number; vialCount: number } | null } = { best: null };

  const search = (index: number, remaining: number, counts: number[]) => {
    const size = ordered[index]!;
    const last = index === ordered.length - 1;
    const most = Math.ceil(Math.max(remaining, 0) / size.strengthMg);
    for (let count = last ? most : 0; count <= most; count += 1) {
      const next = [...counts, count];
      const left = remaining - count * size.strengthMg;
      if (!last && left > 0) {
        search(index + 1, left, next);
        continue;
      }
      const full = [...next, ...new Array(ordered.length - next.length).fill(0)];
      const totalMg = full.reduce((sum, n, i) => sum + n * ordered[i]!.strengthMg, 0);
      const vialCount = full.reduce((sum, n) => sum + n, 0);
      const best = state.best;
      if (
        best === null ||
        totalMg < best.totalMg ||
        (totalMg === best.totalMg && vialCount < best.vialCount)
      ) {
        state.best = { counts: full, totalMg, vialCount };
      }
    }
  };
  search(0, dose, []);
  const chosen = state.best;
  if (chosen === null) throw new RangeError(`no vial combination for ${doseMg} mg`);
  return {
    vials: ordered
      .map((size, i) => ({ ndc11: size.ndc11, strengthMg: size.strengthMg, count: chosen.counts[i] ?? 0 }))
      .filter((line) => line.count > 0),
    totalMg: chosen.totalMg,
    vialCount: chosen.vialCount,
  };
}

/** Vials as a reviewer reads them: "2 x 500 mg (NDC 00310-4611-50) + 1 x 120 mg (NDC 00310-4500-12)". */
export function formatVials(selection: Pick<VialSelection, 'vials'>): string {
  return selection.vials.map((v) => `${v.count} x ${v.strengthMg} mg (NDC ${v.ndc11})`).join(' + ');
}

export interface WasteAccount {
  administeredUnits: number;
  discardedMg: number;
  /** Units of the JW line: the vials' units less the administered units (rounding down). */
  discardedUnits: number;
  wasteModifier: 'JW' | 'JZ';
}

/**
 * Administered and discarded units for a dose drawn from vials holding `vialMg`: administered
 * rounds up, discarded rounds down and never re-counts what the administered line rounded up,
 * so administered + discarded = the vials' units. JW when at least one unit is discarded, else JZ.
 */
export function accountWaste(doseMg: number, vialMg: number, unitMg: number = UNIT_MG): WasteAccount {
  const administeredUnits = billingUnits(doseMg, unitMg);
  const discardedMg = roundMg(vialMg - doseMg);
  const discardedUnits = Math.max(
    0,
    Math.floor(roundMg(vialMg - administeredUnits * unitMg) / unitMg + 1e-9),
  );
  return { administeredUnits, discardedMg, discardedUnits, wasteModifier: discardedUnits >= 1 ? 'JW' : 'JZ' };
}

/** The dose per administration in mg: stated, or mg/kg x the patient's weight. */
export function doseMg(request: Pick<PriorAuthRequest, 'patient' | 'treatmentPlan'>): number {
  const dose = request.treatmentPlan.dose;
  return 'mg' in dose ? roundMg(dose.mg) : roundMg(dose.mgPerKg * request.patient.weightKg);
}

function formatMg(mg: number): string {
  return Number.isInteger(mg) ? String(mg) : mg.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

/** A labeled regimen as a reviewer reads it: "20 mg/kg (= 520 mg for a 26 kg patient) every 4 weeks". */
export function describeRegimen(regimen: Regimen, weightKg: number): string {
  const dose =
    regimen.mg !== undefined
      ? `${formatMg(regimen.mg)} mg`
      : `${formatMg(regimen.mgPerKg ?? 0)} mg/kg = ${formatMg(roundMg((regimen.mgPerKg ?? 0) * weightKg))} mg for a ${formatMg(weightKg)} kg patient`;
  return `${dose} every ${regimen.intervalWeeks} weeks${regimen.unverified ? ' (UNVERIFIED)' : ''}`;
}

/** The labeled regimens of a phase for a weight: fixed doses only at >= 30 kg, mg/kg below. */
export function labeledRegimens(phase: Phase, weightKg: number): Regimen[] {
  const band = weightKg >= WEIGHT_THRESHOLD_KG ? '>=30kg' : '<30kg';
  return phase.regimens.filter((regimen) => regimen.weightBand === band || regimen.weightBand === 'any');
}

function regimenMatches(regimen: Regimen, request: PriorAuthRequest): boolean {
  const plan = request.treatmentPlan;
  if (regimen.intervalWeeks !== plan.intervalWeeks) return false;
  const tolerance = INDICATIONS_REFERENCE.doseToleranceMg;
  const weight = request.patient.weightKg;
  if ('mgPerKg' in plan.dose && regimen.mgPerKg !== undefined) return plan.dose.mgPerKg === regimen.mgPerKg;
  const expected = regimen.mg ?? roundMg((regimen.mgPerKg ?? 0) * weight);
  return Math.abs(doseMg(request) - expected) <= tolerance;
}

/** The date `months` calendar months after an ISO date, the day clamped to the month's end. */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface RegimenCheck {
  findings: Finding[];
  criteria: Criterion[];
  labeledDose: string | null;
}

function checkRegimen(request: PriorAuthRequest, indication: Indication): RegimenCheck {
  const phase = resolvePhase(indication, request.treatmentPlan, request.oncologicHistory);
  const dose = checkDose(request, indication, phase);
  const duration = checkDuration(request, indication, phase);
  return {
    findings: [...dose.findings, ...duration.findings],
    criteria: duration.criterion ? [dose.criterion, duration.criterion] : [dose.criterion],
    labeledDose: dose.labeledDose,
  };
}

/** The dose and interval against the phase's labeled regimens for the patient's weight. */
function checkDose(
  request: PriorAuthRequest,
  indication: Indication,
  phase: Phase,
): { findings: Finding[]; criterion: Criterion; labeledDose: string | null } {
  const plan = request.treatmentPlan;
  const weight = request.patient.weightKg;
  const options = labeledRegimens(phase, weight);
  const match = options.find((regimen) => regimenMatches(regimen, request));
  const findings: Finding[] = [];
  const asked =
    'mg' in plan.dose
      ? `${formatMg(plan.dose.mg)} mg every ${plan.intervalWeeks} weeks`
      : `${formatMg(plan.dose.mgPerKg)} mg/kg (${formatMg(doseMg(request))} mg) every ${plan.intervalWeeks} weeks`;
  const labeled = options.map((regimen) => describeRegimen(regimen, weight)).join(' or ');
  if (match === undefined) {
    const fixedBelowThreshold = weight < WEIGHT_THRESHOLD_KG && 'mg' in plan.dose;
    findings.push({
      severity: 'error',
      code: 'DOSE_NOT_LABELED',
      message: `${asked} is not a labeled ${indication.trial} regimen (${phase.name}) for a ${formatMg(weight)} kg patient; labeled: ${labeled}.${
        fixedBelowThreshold
          ? ` Fixed doses are labeled only at >= ${WEIGHT_THRESHOLD_KG} kg; below, dose by weight.`
          : ''
      }`,
      path: 'treatmentPlan.dose',
    });
  } else if (match.unverified) {
    findings.push({
      severity: 'warning',
      code: 'UNVERIFIED_REFERENCE',
      message: `The ${indication.trial} regimen ${describeRegimen(match, weight)} is UNVERIFIED in the reference data${match.note ? `: ${match.note}` : ''}.`,
      path: 'treatmentPlan.dose',
    });
  }
  const criterion: Criterion = {
    id: 'labeled_dose',
    description: `Labeled dose and interval for the weight (${indication.trial}, ${phase.name})`,
    met: match !== undefined,
    evidence: `treatmentPlan.dose = ${asked}, patient.weightKg = ${formatMg(weight)}; labeled: ${labeled}`,
  };
  return { findings, criterion, labeledDose: match === undefined ? null : describeRegimen(match, weight) };
}

/** The plan's length against the phase's maximum cycles and the indication's maximum months. */
function checkDuration(
  request: PriorAuthRequest,
  indication: Indication,
  phase: Phase,
): { findings: Finding[]; criterion: Criterion | null } {
  const plan = request.treatmentPlan;
  const limits: string[] = [];
  const evidence: string[] = [];
  const findings: Finding[] = [];
  if (phase.maxCycles !== undefined) {
    limits.push(`${phase.maxCycles} cycles (${phase.name})`);
    evidence.push(`treatmentPlan.administrations = ${plan.administrations}`);
    if (plan.administrations > phase.maxCycles) {
      findings.push({
        severity: 'error',
        code: 'DURATION_EXCEEDS_LABEL',
        message: `${plan.administrations} administrations exceed the ${indication.trial} label's ${phase.maxCycles} cycles for the ${phase.name} phase (${indication.maxDuration.text}).`,
        path: 'treatmentPlan.administrations',
      });
    }
  }
  const months = indication.maxDuration.months;
  if (months !== undefined) {
    const window = monthsWindow(request, months);
    limits.push(`${months} months`);
    evidence.push(window.evidence);
    if (window.end > window.limit) {
      findings.push({
        severity: 'error',
        code: 'DURATION_EXCEEDS_LABEL',
        message: `${plan.administrations} administrations every ${plan.intervalWeeks} weeks run to ${window.end}, past the ${indication.trial} label's maximum of ${months} months (to ${window.limit}).`,
        path: 'treatmentPlan.administrations',
      });
    }
  }
  if (limits.length === 0) return { findings, criterion: null };
  return {
    findings,
    criterion: {
      id: 'duration_within_label',
      description: `Plan within the label's maximum duration (${limits.join('; ')})`,
      met: findings.length === 0,
      evidence: evidence.join('; '),
    },
  };
}

/** When the plan ends and when the label's months run out, counted from the first durvalumab dose. */
function monthsWindow(
  request: PriorAuthRequest,
  months: number,
): { end: string; limit: string; evidence: string } {
  const plan = request.treatmentPlan;
  // The clock starts at the first durvalumab dose: an earlier one in the history, else this plan's start.
  const earlier = request.oncologicHistory
    .filter(
      (entry) =>
        entry.agents.some((agent) => /durvalumab|imfinzi/i.test(agent)) && entry.startDate !== undefined,
    )
    .map((entry) => entry.startDate!)
    .sort()[0];
  const clockStart = earlier !== undefined && earlier < plan.startDate ? earlier : plan.startDate;
  const weeks = plan.intervalWeeks * plan.administrations;
  const end = addDays(plan.startDate, weeks * 7);
  const limit = addMonths(clockStart, months);
  const evidence = `${plan.administrations} x ${plan.intervalWeeks} weeks = ${weeks} weeks from ${plan.startDate} to ${end}; ${months} months from ${clockStart}${
    clockStart === plan.startDate ? '' : ' (first durvalumab in oncologicHistory)'
  } end ${limit}`;
  return { end, limit, evidence };
}

/**
 * The billing of a request: J9173, units per administration and for the request, the least-waste
 * vials, discarded units and JW/JZ; and, when `indicationId` names a labeled indication, the check
 * of the dose (DOSE_NOT_LABELED) and of the plan's length (DURATION_EXCEEDS_LABEL). HCPCS and NDC
 * given in the request are checked (HCPCS_MISMATCH, NDC_HCPCS_MISMATCH); the billing always
 * carries J9173.
 */
export function computeBilling(
  request: PriorAuthRequest,
  indicationId: string | null,
): { billing: Billing; findings: Finding[]; criteria: Criterion[] } {
  const plan = request.treatmentPlan;
  const findings: Finding[] = [];
  if (plan.hcpcs !== undefined)
    findings.push(...checkHcpcs(plan.hcpcs, { path: 'treatmentPlan.hcpcs' }).findings);
  if (plan.ndc11 !== undefined)
    findings.push(...checkNdc(plan.ndc11, { path: 'treatmentPlan.ndc11' }).findings);

  const mg = doseMg(request);
  const selection = leastWasteVials(mg);
  const waste = accountWaste(mg, selection.totalMg);

  let criteria: Criterion[] = [];
  let labeledDose: string | null = null;
  const indication = indicationId === null ? undefined : findIndication(indicationId);
  if (indication !== undefined && indication.status === 'approved') {
    const check = checkRegimen(request, indication);
    findings.push(...check.findings);
    criteria = check.criteria;
    labeledDose = check.labeledDose;
  }

  const billing: Billing = {
    hcpcs: DURVALUMAB_HCPCS,
    unitMg: UNIT_MG,
    dosePerAdministrationMg: mg,
    unitsPerAdministration: waste.administeredUnits,
    vials: selection.vials,
    discardedMg: waste.discardedMg,
    discardedUnits: waste.discardedUnits,
    wasteModifier: waste.wasteModifier,
    administrationsRequested: plan.administrations,
    unitsRequested: waste.administeredUnits * plan.administrations,
    discardedUnitsRequested: waste.discardedUnits * plan.administrations,
    labeledDose,
  };
  return { billing, findings, criteria };
}
