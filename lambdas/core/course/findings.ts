/**
 * The checks of one administration as recorded (API.md "Administrations, authorizations and
 * continuations"), each a pure rule with its boundary:
 * - LOT_EXPIRED (error): a vial's expiry date is before the day of the administration. A vial
 *   labeled "EXP 2027-03-31" may be used through that day: the day itself is not expired (see
 *   README.md of this folder for the reading of "expires on").
 * - OUTSIDE_AUTHORIZATION (error): no authorization, the day outside validFrom..validTo (both days
 *   count), or the units beyond what is left (the administration that tips over is the error).
 * - DOSE_DIFFERS_FROM_PLAN (warning): the dose against the plan and the label for the weight.
 * - DOCUMENTATION_INCOMPLETE (error): waste without a witness, a vial without lot or expiry.
 * - UNITS_MISMATCH (error): the vials' content is not the dose plus the discarded amount.
 * - WASTE_NOT_MINIMAL (warning): more opened than the least-waste vials (core/billing) hold.
 * Vials, units and rounding are those of core/billing (reference/billing.json).
 */
import type { AdministrationInput } from '#schemas/administration.ts';
import { accountWaste, billingUnits, formatVials, leastWasteVials, roundMg } from '../billing/billing.ts';
import { checkNdc, DURVALUMAB_VIALS } from '../billing/coding.ts';
import type { Finding } from '../model.ts';

/** What the checks need to know of the case: its authorization, the units used, the plan and label. */
export interface AdministrationContext {
  authorization: {
    number: string | null;
    validFrom: string | null;
    validTo: string | null;
    approvedUnits: number | null;
  } | null;
  /** Units already used by the administrations that count. */
  usedUnits: number;
  /** The planned dose per administration (the case's billing), null when unknown. */
  plannedDoseMg: number | null;
  /** The label's doses in mg for the patient's weight, empty when the use is not a labeled one. */
  labeledDosesMg: number[];
  /** How far a dose may be from the plan or the label (reference/indications.json doseToleranceMg). */
  toleranceMg: number;
}

export type AdministrationFacts = Pick<
  AdministrationInput,
  'administeredAt' | 'doseMg' | 'vials' | 'discardedMg' | 'wasteWitness'
>;

/** The calendar day of the administration where it was given (the date part of its local time). */
export function administrationDay(administeredAt: string): string {
  return administeredAt.slice(0, 10);
}

/** LOT_EXPIRED: a vial whose expiry day is before the administration's day. */
export function expiredLots(a: AdministrationFacts): Finding[] {
  const day = administrationDay(a.administeredAt);
  return a.vials.flatMap((vial, i) =>
    vial.expiresOn && vial.expiresOn < day
      ? [
          {
            severity: 'error' as const,
            code: 'LOT_EXPIRED' as const,
            path: `vials[${i}].expiresOn`,
            message: `Lot ${vial.lot ?? '(no lot)'} of NDC ${vial.ndc11} expired on ${vial.expiresOn}, before the administration on ${day}.`,
          },
        ]
      : [],
  );
}

/** OUTSIDE_AUTHORIZATION: no authorization, a day outside its period, or more units than are left. */
export function authorizationFindings(
  a: AdministrationFacts,
  units: number,
  ctx: AdministrationContext,
): Finding[] {
  const auth = ctx.authorization;
  const error = (path: string, message: string): Finding => ({
    severity: 'error',
    code: 'OUTSIDE_AUTHORIZATION',
    path,
    message,
  });
  if (!auth) return [error('administeredAt', 'The case has no approved authorization to administer under.')];
  const findings: Finding[] = [];
  const day = administrationDay(a.administeredAt);
  const from = auth.validFrom?.slice(0, 10);
  const to = auth.validTo?.slice(0, 10);
  if ((from && day < from) || (to && day > to)) {
    findings.push(
      error(
        'administeredAt',
        `${day} is outside the authorization's period (${from ?? 'open'} to ${to ?? 'open'}).`,
      ),
    );
  }
  if (auth.approvedUnits != null && ctx.usedUnits + units > auth.approvedUnits) {
    const left = Math.max(0, auth.approvedUnits - ctx.usedUnits);
    findings.push(
      error(
        'doseMg',
        `${units} units exceed the ${left} units left of the ${auth.approvedUnits} approved (${ctx.usedUnits} used).`,
      ),
    );
  }
  return findings;
}

/** DOSE_DIFFERS_FROM_PLAN: the dose away from the plan, or from every labeled dose for the weight. */
export function doseFindings(a: AdministrationFacts, ctx: AdministrationContext): Finding[] {
  const dose = roundMg(a.doseMg);
  const near = (mg: number) => Math.abs(dose - mg) <= ctx.toleranceMg;
  const findings: Finding[] = [];
  const warn = (message: string): Finding => ({
    severity: 'warning',
    code: 'DOSE_DIFFERS_FROM_PLAN',
    path: 'doseMg',
    message,
  });
  if (ctx.plannedDoseMg !== null && !near(ctx.plannedDoseMg)) {
    findings.push(warn(`${dose} mg given; the plan is ${ctx.plannedDoseMg} mg per administration.`));
  }
  if (ctx.labeledDosesMg.length > 0 && !ctx.labeledDosesMg.some(near)) {
    findings.push(
      warn(
        `${dose} mg is not the label's dose for the patient's weight (${ctx.labeledDosesMg.join(' or ')} mg).`,
      ),
    );
  }
  return findings;
}

/** DOCUMENTATION_INCOMPLETE: the waste without a witness, a vial without its lot or expiry. */
export function documentationFindings(a: AdministrationFacts): Finding[] {
  const missing = (path: string, message: string): Finding => ({
    severity: 'error',
    code: 'DOCUMENTATION_INCOMPLETE',
    path,
    message,
  });
  const findings: Finding[] = [];
  if (a.discardedMg > 0 && !a.wasteWitness?.trim()) {
    findings.push(missing('wasteWitness', `${a.discardedMg} mg discarded without a witness to the waste.`));
  }
  a.vials.forEach((vial, i) => {
    if (!vial.lot?.trim()) findings.push(missing(`vials[${i}].lot`, `Vial line ${i + 1} has no lot number.`));
    if (!vial.expiresOn)
      findings.push(missing(`vials[${i}].expiresOn`, `Vial line ${i + 1} has no expiry date.`));
  });
  return findings;
}

/** The mg the vials hold, or null when a vial is not a durvalumab vial of the reference. */
export function openedMg(vials: AdministrationFacts['vials']): number | null {
  let total = 0;
  for (const vial of vials) {
    const size = DURVALUMAB_VIALS.find((v) => v.ndc11 === vial.ndc11);
    if (!size) return null;
    total += size.strengthMg * vial.count;
  }
  return roundMg(total);
}

/** NDC_HCPCS_MISMATCH for a vial that is not durvalumab; UNITS_MISMATCH when vials != dose + waste. */
export function vialFindings(a: AdministrationFacts): Finding[] {
  const ndc = a.vials.flatMap((vial, i) => checkNdc(vial.ndc11, { path: `vials[${i}].ndc11` }).findings);
  const opened = openedMg(a.vials);
  if (opened === null) return ndc;
  const accounted = roundMg(a.doseMg + a.discardedMg);
  if (opened === accounted) return ndc;
  return [
    ...ndc,
    {
      severity: 'error',
      code: 'UNITS_MISMATCH',
      path: 'vials',
      message: `The vials hold ${opened} mg, but ${a.doseMg} mg given and ${a.discardedMg} mg discarded make ${accounted} mg.`,
    },
  ];
}

/** WASTE_NOT_MINIMAL: the vials opened hold more than the least-waste combination for the dose. */
export function wasteFindings(a: AdministrationFacts): Finding[] {
  const opened = openedMg(a.vials);
  const least = leastWasteVials(a.doseMg);
  if (opened === null || opened <= least.totalMg) return [];
  return [
    {
      severity: 'warning',
      code: 'WASTE_NOT_MINIMAL',
      path: 'vials',
      message: `The vials opened hold ${opened} mg for a ${a.doseMg} mg dose; the least-waste combination is ${formatVials(least)} (${least.totalMg} mg).`,
    },
  ];
}

/** The units an administration bills: administered (rounded up) and discarded (JW, rounded down). */
export function administrationUnits(a: Pick<AdministrationFacts, 'doseMg' | 'discardedMg'>) {
  const waste = accountWaste(a.doseMg, roundMg(a.doseMg + a.discardedMg));
  return {
    units: billingUnits(a.doseMg),
    discardedUnits: waste.discardedUnits,
    wasteModifier: waste.wasteModifier,
  };
}

/** Every finding of an administration, in the order of the rules above. */
export function administrationFindings(a: AdministrationFacts, ctx: AdministrationContext): Finding[] {
  const { units } = administrationUnits(a);
  return [
    ...expiredLots(a),
    ...authorizationFindings(a, units, ctx),
    ...doseFindings(a, ctx),
    ...documentationFindings(a),
    ...vialFindings(a),
    ...wasteFindings(a),
  ];
}
