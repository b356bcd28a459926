/**
 * The prior-auth request of API.md (`POST /v1/prior-auths`, `POST /v1/assessments`),
 * as ../shared/examples/prior-auth-request.json shows it. One schema gives validation,
 * the TypeScript type and the OpenAPI component.
 */
import * as z from 'zod';
import { PlanType } from '#core/model.ts';

const isoDate = z.iso.date({ error: 'must be a real calendar date (YYYY-MM-DD)' });

export const Biomarkers = z
  .object({
    EGFR: z.string().min(1).optional(),
    ALK: z.string().min(1).optional(),
    ROS1: z.string().min(1).optional(),
    MMR: z.enum(['dMMR', 'pMMR']).optional(),
    MSI: z.string().min(1).optional(),
    PDL1_TPS: z.number().min(0).max(100).optional(),
  })
  .catchall(z.union([z.string(), z.number()]));

export const Diagnosis = z.object({
  icd10: z.array(z.string()).min(1, { error: 'at least one ICD-10-CM code is required' }),
  primarySite: z.string().min(1),
  histology: z.string().min(1),
  stage: z.string().min(1),
  diagnosisDate: isoDate.optional(),
  resectable: z.boolean().optional(),
  tumorSizeCm: z.number().positive().max(50).optional(),
  nodalStatus: z.string().min(1).optional(),
  cisplatinEligible: z.boolean().optional(),
  ecog: z.number().int().min(0).max(4).optional(),
  biomarkers: Biomarkers.optional(),
});

export const TherapyEntry = z.object({
  therapy: z.string().min(1),
  agents: z.array(z.string().min(1)).default([]),
  radiationGy: z.number().nonnegative().optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  cycles: z.number().int().nonnegative().optional(),
  response: z.string().min(1).optional(),
  progressionDate: isoDate.optional(),
  setting: z.string().optional(),
});

export const SupportingEvidence = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('compendium'),
    source: z.string().min(1),
    category: z.string().min(1),
    version: z.string().optional(),
    date: isoDate.optional(),
    citation: z.string().optional(),
  }),
  z.object({ type: z.literal('literature'), citation: z.string().min(1) }),
]);

export const Dose = z.union([
  z.object({ mg: z.number().positive().max(5000) }).strict(),
  z.object({ mgPerKg: z.number().positive().max(50) }).strict(),
]);

export const TreatmentPlan = z.object({
  drug: z.string().min(1),
  hcpcs: z.string().optional(),
  ndc11: z.string().optional(),
  regimen: z.string().min(1),
  /** Free-text phase name for multi-phase regimens, e.g. "neoadjuvant", "adjuvant", "maintenance". */
  phase: z.string().optional(),
  dose: Dose,
  intervalWeeks: z.number().int().positive().max(52),
  administrations: z.number().int().positive().max(200),
  startDate: isoDate,
  combination: z.array(z.string().min(1)).default([]),
  supportingEvidence: z.array(SupportingEvidence).default([]),
});

export const Attachment = z.object({
  kind: z.string().min(1),
  title: z.string().min(1),
  contentType: z.literal('application/pdf'),
  data: z.base64({ error: 'must be base64-encoded PDF data' }),
});

export const PriorAuthRequest = z.object({
  priority: z.enum(['standard', 'expedited']),
  urgencyReason: z.string().optional(),
  patient: z.object({
    id: z.string().min(1),
    givenName: z.string().min(1),
    familyName: z.string().min(1),
    birthDate: isoDate,
    sex: z.enum(['female', 'male', 'other', 'unknown']),
    weightKg: z.number().min(0.5).max(400),
    weightDate: isoDate.optional(),
    heightCm: z.number().positive().max(272).optional(),
  }),
  coverage: z.object({
    payerId: z.string().min(1),
    memberId: z.string().trim().min(1, { error: 'member id is required' }),
    planType: PlanType,
    groupNumber: z.string().optional(),
    planName: z.string().optional(),
  }),
  provider: z.object({
    npi: z.string().regex(/^\d{10}$/, { error: 'NPI must be 10 digits' }),
    name: z.string().min(1),
    siteOfCare: z.string().min(1),
    specialty: z.string().optional(),
    tin: z.string().optional(),
    contact: z
      .object({ name: z.string().optional(), phone: z.string().optional(), fax: z.string().optional() })
      .optional(),
  }),
  diagnosis: Diagnosis,
  oncologicHistory: z.array(TherapyEntry).default([]),
  treatmentPlan: TreatmentPlan,
  attachments: z.array(Attachment).default([]),
});
export type PriorAuthRequest = z.infer<typeof PriorAuthRequest>;
export type PriorAuthRequestInput = z.input<typeof PriorAuthRequest>;
