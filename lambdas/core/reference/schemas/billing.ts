/** The schema of reference/billing.json: durvalumab's code, unit, vials and waste rules. */
import * as z from 'zod';

const Sources = z.array(z.string()).min(1);

const CodeEntry = z.object({
  code: z.string(),
  /** other_drug: a code durvalumab is confused with; partner_drug: a partner billed on its own line. */
  relation: z.enum(['historic_durvalumab', 'other_drug', 'partner_drug']),
  descriptor: z.string(),
  drug: z.string(),
  effective: z.string().optional(),
  unverified: z.boolean().optional(),
  note: z.string().optional(),
  sources: Sources,
});

const Vial = z
  .object({
    ndc11: z.string(),
    ndc10: z.string(),
    strengthMg: z.number().positive(),
    volumeMl: z.number().positive(),
    /** As the package states it: "500 mg/10 mL (50 mg/mL)". */
    strength: z.string(),
    container: z.string(),
    billingUnits: z.number().int().positive(),
    package: z.string(),
    sources: Sources,
  })
  .transform((vial) => ({ ...vial, label: `${vial.strength} ${vial.container}` }));
export type Vial = z.infer<typeof Vial>;

const OtherNdc = z.object({
  ndc11: z.string(),
  ndc10: z.string().optional(),
  drug: z.string(),
  hcpcs: z.string().nullable(),
  billable: z.boolean(),
  sources: Sources,
});

/** Codes billed beside the drug line (administration, encounter diagnosis). */
const CompanionCode = z.object({
  system: z.enum(['CPT', 'ICD-10-CM']),
  code: z.string(),
  descriptor: z.string(),
  unverified: z.boolean(),
  sources: z.array(z.string()),
});

/** Worked examples keep the research file's field names; their prose fields are free text. */
const WorkedExample = z
  .object({
    case: z.string(),
    dose_mg: z.number().positive(),
    units_administered: z.number().int().positive(),
    jw_units: z.number().int().nonnegative(),
    lines: z.array(z.string()).min(1),
  })
  .catchall(z.string());

const WasteModifier = z.object({
  definition: z.string(),
  rule: z.string().optional(),
  sources: Sources,
});

export const BillingFile = z.object({
  drug: z.string(),
  hcpcs: z.object({
    code: z.string(),
    descriptor: z.string(),
    unitMg: z.number().positive(),
    finding: z.string(),
    sources: Sources,
  }),
  codes: z.array(CodeEntry),
  companionCodes: z.array(CompanionCode),
  vials: z.array(Vial).min(1),
  ndcNote: z.string(),
  otherNdcs: z.array(OtherNdc),
  rounding: z.object({ unitsFormula: z.string(), rule: z.string(), sources: Sources }),
  vialSelection: z.object({ rule: z.string(), tieBreak: z.string(), sources: Sources }),
  wasteModifiers: z.object({ JW: WasteModifier, JZ: WasteModifier, payerConfigurable: z.string() }),
  payerUnitLimit: z.object({
    units: z.number().int(),
    note: z.string(),
    unverified: z.boolean(),
    sources: Sources,
  }),
  workedExamples: z.array(WorkedExample).min(1),
});
export type BillingReference = z.infer<typeof BillingFile>;
