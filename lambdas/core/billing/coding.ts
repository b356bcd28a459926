/**
 * HCPCS and NDC checks for a durvalumab line, on requests and claims. The facts (J9173, the
 * codes it is confused with, the vials) live in reference/billing.json with their sources.
 */
import type { Finding } from '../model.ts';
import { BILLING_REFERENCE, type Vial } from '../reference/index.ts';
import { normaliseNdc11 } from '../validation.ts';

export { BILLING_REFERENCE, type BillingReference, type Vial } from '../reference/index.ts';

/** Durvalumab's HCPCS code (J9173, "Injection, durvalumab, 10 mg"). */
export const DURVALUMAB_HCPCS = BILLING_REFERENCE.hcpcs.code;
export const DURVALUMAB_HCPCS_DESCRIPTOR = BILLING_REFERENCE.hcpcs.descriptor;
/** mg per billing unit of J9173. */
export const UNIT_MG = BILLING_REFERENCE.hcpcs.unitMg;
/** The durvalumab vials, largest first. */
export const DURVALUMAB_VIALS: readonly Vial[] = [...BILLING_REFERENCE.vials].sort(
  (a, b) => b.strengthMg - a.strengthMg,
);

export interface HcpcsCheck {
  /** The code as checked (trimmed, upper case). */
  code: string;
  isDurvalumab: boolean;
  /** What the code really is, when the reference knows it. */
  descriptor: string | null;
  drug: string | null;
  findings: Finding[];
}

const durvalumabCode = `${DURVALUMAB_HCPCS} (${DURVALUMAB_HCPCS_DESCRIPTOR})`;

/**
 * Whether `code` is durvalumab's HCPCS code. Any other code on a durvalumab line is an
 * HCPCS_MISMATCH error whose message says what the code really is and that durvalumab bills
 * as J9173.
 */
export function checkHcpcs(code: string, options: { path?: string } = {}): HcpcsCheck {
  const normalised = code.trim().toUpperCase();
  const at = options.path === undefined ? {} : { path: options.path };
  if (normalised === DURVALUMAB_HCPCS) {
    return {
      code: normalised,
      isDurvalumab: true,
      descriptor: DURVALUMAB_HCPCS_DESCRIPTOR,
      drug: 'durvalumab',
      findings: [],
    };
  }
  const known = BILLING_REFERENCE.codes.find((entry) => entry.code === normalised);
  if (known === undefined) {
    return {
      code: normalised,
      isDurvalumab: false,
      descriptor: null,
      drug: null,
      findings: [
        {
          severity: 'error',
          code: 'HCPCS_MISMATCH',
          message: `${normalised} is not durvalumab's HCPCS code: durvalumab bills as ${durvalumabCode}.`,
          ...at,
        },
      ],
    };
  }
  const unverified = known.unverified ? ' (UNVERIFIED in the reference data)' : '';
  const message =
    known.relation === 'historic_durvalumab'
      ? `${known.code} is the ${known.descriptor}${unverified}; durvalumab now bills as ${durvalumabCode}.`
      : `${known.code} is "${known.descriptor}" (${known.drug})${unverified}, not durvalumab: durvalumab bills as ${durvalumabCode}.`;
  return {
    code: normalised,
    isDurvalumab: false,
    descriptor: known.descriptor,
    drug: known.drug,
    findings: [{ severity: 'error', code: 'HCPCS_MISMATCH', message, ...at }],
  };
}

export interface NdcCheck {
  /** The NDC in 11-digit 5-4-2 form, or null when it cannot be read. */
  ndc11: string | null;
  /** The durvalumab vial it names, if it names one. */
  vial: Vial | null;
  findings: Finding[];
}

/**
 * Whether an NDC names a billable durvalumab vial. Anything else on a durvalumab (J9173) line
 * is an NDC_HCPCS_MISMATCH error saying what the NDC is when the reference knows it.
 */
export function checkNdc(ndc: string, options: { path?: string } = {}): NdcCheck {
  const at = options.path === undefined ? {} : { path: options.path };
  const ndc11 = normaliseNdc11(ndc);
  const vialList = DURVALUMAB_VIALS.map((vial) => `${vial.ndc11} ${vial.label}`).join(', ');
  if (ndc11 === null) {
    return {
      ndc11: null,
      vial: null,
      findings: [
        {
          severity: 'error',
          code: 'NDC_HCPCS_MISMATCH',
          message: `NDC "${ndc.trim()}" is not a readable 11-digit NDC (5-4-2); durvalumab vials are ${vialList}.`,
          ...at,
        },
      ],
    };
  }
  const vial = DURVALUMAB_VIALS.find((candidate) => candidate.ndc11 === ndc11);
  if (vial !== undefined) return { ndc11, vial, findings: [] };
  const other = BILLING_REFERENCE.otherNdcs.find((entry) => entry.ndc11 === ndc11);
  const what =
    other === undefined
      ? 'is not a durvalumab vial'
      : other.billable
        ? `is ${other.drug}${other.hcpcs === null ? '' : ` (billed as ${other.hcpcs})`}, not durvalumab`
        : `is ${other.drug}: not billable`;
  return {
    ndc11,
    vial: null,
    findings: [
      {
        severity: 'error',
        code: 'NDC_HCPCS_MISMATCH',
        message: `NDC ${ndc11} ${what}; on a ${DURVALUMAB_HCPCS} line use a durvalumab vial: ${vialList}.`,
        ...at,
      },
    ],
  };
}

/** The facts of the reference the claim scrub, the denial analysis and the letters use. */
export const DURVALUMAB = {
  hcpcs: DURVALUMAB_HCPCS,
  unitMg: UNIT_MG,
  vials: DURVALUMAB_VIALS.map((v) => ({ ndc11: v.ndc11, strengthMg: v.strengthMg, strength: v.strength })),
  /** Codes durvalumab is confused with, and what each really is. */
  confusedCodes: confusedCodes(),
  /** The reference's formula in words: administered mg / 10, rounded up. */
  unitsFormula: `administered mg / ${UNIT_MG} mg per unit, rounded up`,
  roundingRule: BILLING_REFERENCE.rounding.rule,
  vialSelectionRule: BILLING_REFERENCE.vialSelection.rule,
  hcpcsSources: BILLING_REFERENCE.hcpcs.sources,
} as const;

/** The codes billed in durvalumab's place by mistake (not a partner drug's own line), with their NDCs. */
function confusedCodes(): Record<string, { descriptor: string; note: string; ndc11: string[] }> {
  const out: Record<string, { descriptor: string; note: string; ndc11: string[] }> = {};
  for (const entry of BILLING_REFERENCE.codes) {
    if (entry.relation === 'partner_drug') continue;
    const ndc11 = BILLING_REFERENCE.otherNdcs
      .filter((ndc) => ndc.hcpcs === entry.code)
      .map((ndc) => ndc.ndc11);
    out[entry.code] =
      entry.relation === 'historic_durvalumab'
        ? { descriptor: 'historic durvalumab code', note: `${entry.descriptor}; ${entry.note ?? ''}`, ndc11 }
        : { descriptor: entry.descriptor, note: entry.note ?? '', ndc11 };
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
