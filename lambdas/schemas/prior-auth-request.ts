/**
 * The prior-auth request of API.md (`POST /v1/prior-auths`, `POST /v1/assessments`),
 * as ../shared/examples/prior-auth-request.json shows it. One schema gives validation,
 * the TypeScript type and the OpenAPI component.
 */
import * as z from 'zod';
import { PlanType } from '#core/model.ts';
import {
  canonicalIcd10,
  isHcpcsFormat,
  isIcd10CmFormat,
  isNdcFormat,
  isValidNpi,
  WEIGHT_RANGE_KG,
} from '#core/validation.ts';
import { codeString, LIMITS, lineString, MAX_ATTACHMENT_BASE64, nameString, noteString } from './limits.ts';
import { UploadedAttachment } from './upload.ts';

const isoDate = z.iso.date({ error: 'must be a real calendar date (YYYY-MM-DD)' });

/** An ICD-10-CM code (C34.12 or C3412), kept in its dotted upper-case form. */
const Icd10CmCode = codeString()
  .trim()
  .toUpperCase()
  .refine(isIcd10CmFormat, { error: 'must be an ICD-10-CM code such as C34.12' })
  .overwrite(canonicalIcd10);

export const Biomarkers = z
  .object({
    EGFR: nameString().min(1).optional(),
    ALK: nameString().min(1).optional(),
    ROS1: nameString().min(1).optional(),
    MMR: z.enum(['dMMR', 'pMMR']).optional(),
    MSI: nameString().min(1).optional(),
    PDL1_TPS: z.number().min(0).max(100).optional(),
  })
  .catchall(z.union([nameString(), z.number()]));

export const Diagnosis = z.object({
  icd10: z
    .array(Icd10CmCode)
    .min(1, { error: 'at least one ICD-10-CM code is required' })
    .max(LIMITS.listItems),
  primarySite: nameString().min(1),
  histology: nameString().min(1),
  stage: codeString().min(1),
  diagnosisDate: isoDate.optional(),
  resectable: z.boolean().optional(),
  tumorSizeCm: z.number().positive().max(50).optional(),
  nodalStatus: nameString().min(1).optional(),
  cisplatinEligible: z.boolean().optional(),
  ecog: z.number().int().min(0).max(4).optional(),
  biomarkers: Biomarkers.optional(),
});

export const TherapyEntry = z
  .object({
    therapy: nameString().min(1),
    agents: z.array(nameString().min(1)).max(LIMITS.listItems).default([]),
    radiationGy: z.number().nonnegative().optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    cycles: z.number().int().nonnegative().optional(),
    response: nameString().min(1).optional(),
    progressionDate: isoDate.optional(),
    setting: nameString().optional(),
  })
  .refine((entry) => !entry.startDate || !entry.endDate || entry.endDate >= entry.startDate, {
    error: 'must not be before startDate',
    path: ['endDate'],
  });

export const SupportingEvidence = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('compendium'),
    source: nameString().min(1),
    category: codeString().min(1),
    version: codeString().optional(),
    date: isoDate.optional(),
    citation: lineString().optional(),
  }),
  z.object({ type: z.literal('literature'), citation: lineString().min(1) }),
]);

export const Dose = z.union([
  z.object({ mg: z.number().positive().max(5000) }).strict(),
  z.object({ mgPerKg: z.number().positive().max(50) }).strict(),
]);

export const TreatmentPlan = z.object({
  drug: nameString().min(1),
  /** Checked for format only: a wrong drug's code (J9376) is an HCPCS_MISMATCH finding, not a 400. */
  hcpcs: codeString()
    .trim()
    .toUpperCase()
    .refine(isHcpcsFormat, { error: 'must be an HCPCS Level II code such as J9173' })
    .optional(),
  ndc11: codeString()
    .trim()
    .refine(isNdcFormat, { error: 'must be an 11-digit NDC (5-4-2) such as 00310-4611-50' })
    .optional(),
  regimen: nameString().min(1),
  /** Free-text phase name for multi-phase regimens, e.g. "neoadjuvant", "adjuvant", "maintenance". */
  phase: nameString().optional(),
  dose: Dose,
  intervalWeeks: z.number().int().positive().max(52),
  administrations: z.number().int().positive().max(200),
  startDate: isoDate,
  combination: z.array(nameString().min(1)).max(LIMITS.listItems).default([]),
  supportingEvidence: z.array(SupportingEvidence).max(LIMITS.listItems).default([]),
});

export const Attachment = z.object({
  kind: codeString().min(1),
  title: nameString().min(1),
  contentType: z.literal('application/pdf'),
  /** At most 25 MB decoded; the page count, encryption and scripts are checked by the PDF pre-check. */
  data: z
    .base64({ error: 'must be base64-encoded PDF data' })
    .max(MAX_ATTACHMENT_BASE64, { error: `must be at most ${LIMITS.attachmentBytes / 1024 / 1024} MB` }),
});

export const PriorAuthRequest = z
  .object({
    /** The organization the case belongs to: only the operator names one (API.md part 2); else the caller's. */
    organizationId: z.string().min(1).max(200).optional(),
    priority: z.enum(['standard', 'expedited']),
    urgencyReason: noteString().optional(),
    patient: z.object({
      id: nameString().min(1),
      givenName: nameString().min(1),
      familyName: nameString().min(1),
      birthDate: isoDate,
      sex: z.enum(['female', 'male', 'other', 'unknown']),
      weightKg: z
        .number()
        .min(WEIGHT_RANGE_KG.min, { error: `must be at least ${WEIGHT_RANGE_KG.min} kg` })
        .max(WEIGHT_RANGE_KG.max, { error: `must be at most ${WEIGHT_RANGE_KG.max} kg` }),
      weightDate: isoDate.optional(),
      heightCm: z.number().positive().max(272).optional(),
    }),
    coverage: z.object({
      payerId: nameString().min(1),
      memberId: nameString().trim().min(1, { error: 'member id is required' }),
      planType: PlanType,
      groupNumber: nameString().optional(),
      planName: nameString().optional(),
    }),
    provider: z.object({
      npi: codeString()
        .trim()
        .regex(/^\d{10}$/, { error: 'NPI must be 10 digits' })
        .refine(isValidNpi, { error: 'NPI check digit is wrong (Luhn with the 80840 prefix)' }),
      name: nameString().min(1),
      siteOfCare: nameString().min(1),
      /** Why this site of care (API.md "Site of care"): clears SITE_OF_CARE_POLICY to info; the letter states it. */
      siteOfCareJustification: noteString().optional(),
      specialty: nameString().optional(),
      tin: codeString().optional(),
      contact: z
        .object({
          name: nameString().optional(),
          phone: codeString().optional(),
          fax: codeString().optional(),
        })
        .optional(),
    }),
    diagnosis: Diagnosis,
    oncologicHistory: z.array(TherapyEntry).max(LIMITS.listItems).default([]),
    treatmentPlan: TreatmentPlan,
    attachments: z
      .array(z.union([Attachment, UploadedAttachment]))
      .max(LIMITS.attachments, { error: `at most ${LIMITS.attachments} attachments a request` })
      .default([]),
  })
  .refine((request) => request.treatmentPlan.startDate >= request.patient.birthDate, {
    error: 'must not be before patient.birthDate',
    path: ['treatmentPlan', 'startDate'],
  })
  .refine(
    (request) =>
      !request.diagnosis.diagnosisDate || request.diagnosis.diagnosisDate >= request.patient.birthDate,
    { error: 'must not be before patient.birthDate', path: ['diagnosis', 'diagnosisDate'] },
  );
export type PriorAuthRequest = z.infer<typeof PriorAuthRequest>;
export type PriorAuthRequestInput = z.input<typeof PriorAuthRequest>;
