/**
 * Conformance of generated PAS request Bundles: fast-check varies the request (each coded site of
 * care, plan type, priority, fixed and weight-based dose, course length, diagnoses and their
 * dates, biomarkers, provider identifiers and contact, plan classes, 0 to 3 attachments, with or
 * without the packet, a small inline budget, JZ and JW with discarded units, each vial NDC), every
 * request parsed by the API's own schema first, and each Bundle must meet every profile
 * constraint and be valid R4. A fixed seed, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_TYPES } from '#core/model.ts';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { samplePacketInput } from '../../fixtures/packet-sample.ts';
import { checkProfiles, type Json, validateR4 } from './profile-check.ts';

const SEED = 20261130;
/** Generous: the machine running the suite may be busy; nothing here is timed. */
const SLOW = 120_000;
const SITES = ['office', 'home', 'hospital_outpatient'] as const;
const ICD10 = ['C34.12', 'C34.90', 'C34.11', 'C22.0', 'C24.9', 'C67.9'];
const KINDS = ['progress_note', 'imaging_report', 'pathology_report', 'clinical_note'];
const VIALS = [
  { ndc11: '00310-4611-50', strengthMg: 500 },
  { ndc11: '00310-4500-12', strengthMg: 120 },
];

const isoDate = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .-]{0,19}$/);

const variation = fc.record({
  siteOfCare: fc.constantFrom(...SITES),
  planType: fc.constantFrom(...PLAN_TYPES),
  priority: fc.constantFrom('standard' as const, 'expedited' as const),
  dose: fc.oneof(
    fc.integer({ min: 1, max: 5000 }).map((mg) => ({ mg })),
    fc.integer({ min: 1, max: 50 }).map((mgPerKg) => ({ mgPerKg })),
  ),
  intervalWeeks: fc.integer({ min: 1, max: 52 }),
  administrations: fc.integer({ min: 1, max: 200 }),
  startDate: isoDate('2026-01-01', '2030-12-31'),
  icd10: fc.subarray(ICD10, { minLength: 1 }),
  diagnosisDate: maybe(isoDate('2000-01-01', '2026-01-01')),
  weightDate: maybe(isoDate('2025-01-01', '2026-01-01')),
  pdl1: maybe(fc.integer({ min: 0, max: 100 })),
  tin: maybe(fc.stringMatching(/^\d{2}-\d{7}$/)),
  contact: maybe(fc.record({ name: maybe(word), phone: maybe(fc.stringMatching(/^555-\d{4}$/)) })),
  groupNumber: maybe(word),
  planName: maybe(word),
  attachments: fc.array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      title: word,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 48 }),
    }),
    { maxLength: 3 },
  ),
  packet: fc.boolean(),
  inlineBudgetBytes: maybe(fc.integer({ min: 0, max: 120 })),
  waste: fc.constantFrom('JZ' as const, 'JW' as const),
  discardedUnits: fc.integer({ min: 0, max: 60 }),
  vial: fc.constantFrom(...VIALS),
  vialCount: fc.integer({ min: 1, max: 10 }),
});

type Variation = typeof variation extends fc.Arbitrary<infer T> ? T : never;

/** A packet input for the variation, its request parsed by the API's schema. */
function packetInputOf(v: Variation) {
  const base = samplePacketInput();
  const attachments = v.attachments.map((a, i) => ({ ...a, title: `${a.title} ${i + 1}` }));
  const request = PriorAuthRequest.parse({
    ...base.request,
    priority: v.priority,
    ...(v.priority === 'expedited' ? { urgencyReason: 'Treatment window' } : {}),
    patient: { ...base.request.patient, ...(v.weightDate ? { weightDate: v.weightDate } : {}) },
    coverage: {
      ...base.request.coverage,
      planType: v.planType,
      ...(v.groupNumber ? { groupNumber: v.groupNumber } : {}),
      ...(v.planName ? { planName: v.planName } : {}),
    },
    provider: {
      ...base.request.provider,
      siteOfCare: v.siteOfCare,
      ...(v.tin ? { tin: v.tin } : {}),
      contact: v.contact ? Object.fromEntries(Object.entries(v.contact).filter(([, x]) => x)) : undefined,
    },
    diagnosis: {
      ...base.request.diagnosis,
      icd10: v.icd10,
      ...(v.diagnosisDate ? { diagnosisDate: v.diagnosisDate } : {}),
      biomarkers: { ...base.request.diagnosis.biomarkers, PDL1_TPS: v.pdl1 },
    },
    treatmentPlan: {
      ...base.request.treatmentPlan,
      dose: v.dose,
      intervalWeeks: v.intervalWeeks,
      administrations: v.administrations,
      startDate: v.startDate,
    },
    attachments: attachments.map((a) => ({
      kind: a.kind,
      title: a.title,
      contentType: 'application/pdf',
      data: Buffer.from(a.bytes).toString('base64'),
    })),
  });
  const unitsPerAdministration = Math.ceil((v.vial.strengthMg * v.vialCount) / 10);
  const billing = {
    ...base.billing,
    vials: [{ ...v.vial, count: v.vialCount }],
    wasteModifier: v.waste,
    discardedUnits: v.waste === 'JW' ? v.discardedUnits : 0,
    discardedUnitsRequested: v.waste === 'JW' ? v.discardedUnits * v.administrations : 0,
    administrationsRequested: v.administrations,
    unitsPerAdministration,
    unitsRequested: unitsPerAdministration * v.administrations,
  };
  return {
    ...base,
    request,
    billing,
    attachments: attachments.map((a) => ({ title: a.title, pdf: a.bytes })),
    ...(v.packet ? { packetDocumentId: 'doc_variety', packetPdf: Buffer.from('%PDF-1.7 variety') } : {}),
    ...(v.inlineBudgetBytes === undefined ? {} : { inlineBudgetBytes: v.inlineBudgetBytes }),
  };
}

/** Runs `assess` on the Bundle of each generated request. */
function forEachGeneratedBundle(numRuns: number, assess: (bundle: Json, v: Variation) => void): void {
  fc.assert(
    fc.property(variation, (v) => {
      assess(buildPasBundle(packetInputOf(v)) as unknown as Json, v);
    }),
    { seed: SEED, numRuns },
  );
}

describe('generated PAS request Bundles', () => {
  it.each([
    ['meet every PAS and US Core constraint', 150, checkProfiles],
    ['are valid against the base R4 definitions', 40, validateR4],
  ] as const)(
    '%s',
    (_title, runs, problemsOf) => {
      forEachGeneratedBundle(runs, (bundle) => {
        expect(problemsOf(bundle)).toEqual([]);
      });
    },
    SLOW,
  );

  it(
    'cover what the variations are for: documents left out for size, JW lines, weight-based doses',
    () => {
      // Prepare
      const seen = { notEnclosed: 0, jw: 0, weightBased: 0, noDocuments: 0 };

      // Act
      forEachGeneratedBundle(150, (bundle, v) => {
        const claim = bundle.entry[0].resource;
        if (claim.supportingInfo?.some((s: Json) => s.valueString)) seen.notEnclosed++;
        if (claim.item.length === 2) seen.jw++;
        if ('mgPerKg' in v.dose) seen.weightBased++;
        if (!claim.supportingInfo) seen.noDocuments++;
      });

      // Assess
      expect(Object.values(seen).every((count) => count > 0)).toBe(true);
    },
    SLOW,
  );
});
