/** The schema of reference/indications.json: durvalumab's indications as criteria, regimens and limits. */
import * as z from 'zod';

const CodeSpan = z.union([
  z.object({ code: z.string(), unverified: z.boolean().optional(), note: z.string().optional() }),
  z.object({
    from: z.string(),
    to: z.string(),
    unverified: z.boolean().optional(),
    note: z.string().optional(),
  }),
]);
export type CodeSpan = z.infer<typeof CodeSpan>;

const criterionBase = {
  id: z.string(),
  basis: z.enum(['label', 'trial']),
  description: z.string(),
  unverified: z.boolean().optional(),
};

const CriterionDefinition = z.discriminatedUnion('kind', [
  z.object({ ...criterionBase, kind: z.literal('diagnosis_code') }),
  z.object({ ...criterionBase, kind: z.literal('histology'), histology: z.string() }),
  z.object({ ...criterionBase, kind: z.literal('stage'), stages: z.array(z.string()).min(1) }),
  z.object({ ...criterionBase, kind: z.literal('resectability'), resectable: z.boolean() }),
  z.object({
    ...criterionBase,
    kind: z.literal('tumor_size_or_nodes'),
    minTumorSizeCm: z.number().positive(),
  }),
  z.object({ ...criterionBase, kind: z.literal('concurrent_platinum_chemoradiation') }),
  z.object({ ...criterionBase, kind: z.literal('no_progression_after_chemoradiation') }),
  z.object({
    ...criterionBase,
    kind: z.literal('chemoradiation_ended_within_days'),
    days: z.number().int().positive(),
  }),
  z.object({ ...criterionBase, kind: z.literal('ecog_at_most'), ecog: z.number().int().min(0).max(4) }),
  z.object({ ...criterionBase, kind: z.literal('biomarker_negative'), biomarker: z.string() }),
  z.object({
    ...criterionBase,
    kind: z.literal('biomarker_value'),
    biomarker: z.string(),
    value: z.string(),
  }),
  z.object({ ...criterionBase, kind: z.literal('no_prior_systemic_therapy') }),
  z.object({ ...criterionBase, kind: z.literal('cisplatin_eligible') }),
  // Lines of therapy (clinical/line-of-therapy.ts): each rule with the label or trial text it rests on.
  z.object({ ...criterionBase, kind: z.literal('first_line'), source: z.string().min(1) }),
  z.object({ ...criterionBase, kind: z.literal('started_with_first_phase'), source: z.string().min(1) }),
]);
export type CriterionDefinition = z.infer<typeof CriterionDefinition>;

const Regimen = z.object({
  weightBand: z.enum(['>=30kg', '<30kg', 'any']),
  mg: z.number().positive().optional(),
  mgPerKg: z.number().positive().optional(),
  intervalWeeks: z.number().int().positive(),
  unverified: z.boolean().optional(),
  note: z.string().optional(),
});
export type Regimen = z.infer<typeof Regimen>;

const Phase = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  combination: z.object({
    /** Each inner list is "one of these"; every list must be satisfied. "@platinum" = any platinum agent. */
    required: z.array(z.array(z.string()).min(1)),
    optional: z.array(z.string()).optional(),
    /** "none": nothing but the required and optional agents (single agent when both are empty). */
    others: z.enum(['allowed', 'none']),
    /** The partner is given once (e.g. tremelimumab at cycle 1 day 1): the history may show it. */
    requiredMayBeInHistory: z.boolean().optional(),
  }),
  maxCycles: z.number().int().positive().optional(),
  regimens: z.array(Regimen).min(1),
});
export type Phase = z.infer<typeof Phase>;

const PolicyRisk = z.object({
  id: z.string(),
  kind: z.literal('biomarker_positive'),
  biomarker: z.string(),
  message: z.string(),
  source: z.string(),
});

const Indication = z.object({
  id: z.string(),
  status: z.enum(['approved', 'withdrawn', 'not_approved']),
  referenceStatus: z.string(),
  unverified: z.boolean().optional(),
  trial: z.string(),
  trialRegistry: z.string().optional(),
  trialRegistryUnverified: z.boolean().optional(),
  approvalDate: z.string().optional(),
  withdrawnDate: z.string().optional(),
  title: z.string(),
  labelSummary: z.string(),
  labelSource: z.string(),
  sources: z.array(z.string()).min(1),
  diagnosisCodes: z.array(CodeSpan).min(1),
  criteria: z.array(CriterionDefinition).min(1),
  policyRisks: z.array(PolicyRisk),
  notes: z.array(z.string()).optional(),
  phases: z.array(Phase).min(1),
  /** The label's limit on treatment length; text null where the label states none. */
  maxDuration: z.object({
    months: z.number().int().positive().optional(),
    text: z.string().nullable(),
    /** What the regimen adds (chemotherapy cycles, a partner's single dose): not a label limit. */
    note: z.string().optional(),
  }),
  dosingSource: z.string(),
});
export type Indication = z.infer<typeof Indication>;

const HistologyFamily = z.object({
  name: z.string(),
  include: z.array(z.string()),
  exclude: z.array(z.string()),
});

/** The FDA label that letters cite for label facts: its SPL set id and DailyMed address. */
const FdaLabel = z
  .object({
    citation: z.string().min(1),
    setId: z.uuid(),
    url: z.url({ protocol: /^https$/, hostname: /^dailymed\.nlm\.nih\.gov$/ }),
    note: z.string().min(1),
  })
  .refine((label) => label.citation.includes(label.setId) && label.url.endsWith(`setid=${label.setId}`), {
    error: 'the citation and the DailyMed address must name the label set id',
  });
export type FdaLabel = z.infer<typeof FdaLabel>;

export const IndicationsFile = z
  .object({
    label: FdaLabel,
    weightThresholdKg: z.number().positive(),
    weightRule: z.string(),
    weightRuleSources: z.array(z.string()),
    infusion: z.object({ route: z.string(), sources: z.array(z.string()).min(1) }),
    doseModification: z.string(),
    doseToleranceMg: z.number().nonnegative(),
    vocabulary: z.object({
      platinumAgents: z.array(z.string()).min(1),
      agentSynonyms: z.record(z.string(), z.array(z.string())),
      regimenAbbreviations: z.record(z.string(), z.array(z.string())),
      radiationTerms: z.array(z.string()).min(1),
      noProgressionResponses: z.array(z.string()),
      progressionResponses: z.array(z.string()),
      histologyFamilies: z.record(z.string(), HistologyFamily),
      biomarkerNegativeValues: z.array(z.string()),
      biomarkerUnknownValues: z.array(z.string()),
      /** History settings that are not therapy for the advanced disease (line-of-therapy.ts); configurable. */
      earlyDiseaseSettings: z.array(z.string()).default([]),
      earlyDiseaseSettingsNote: z.string().optional(),
    }),
    indications: z.array(Indication).min(1),
  })
  .superRefine((file, context) => {
    for (const indication of file.indications) {
      for (const criterion of indication.criteria) {
        if (criterion.kind === 'histology' && !(criterion.histology in file.vocabulary.histologyFamilies)) {
          context.addIssue({
            code: 'custom',
            message: `${indication.id}.${criterion.id} names unknown histology family ${criterion.histology}`,
          });
        }
      }
    }
  });
export type IndicationsReference = z.infer<typeof IndicationsFile>;
