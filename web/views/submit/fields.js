// The fields of the request form, grouped as the form shows them, and how an API error path
// finds its field.

/**
 * The fields of the form, by request path. `kind`: text | number | date | select | list
 * (comma-separated strings) | json (a JSON value) | bool (yes / no / not stated). A select's
 * options are the `enum` of the request schema at its path (schema.js), filled in once loaded.
 */
export const GROUPS = [
  {
    legend: 'Request',
    fields: [
      {
        path: 'priority',
        label: 'Priority',
        kind: 'select',
        required: true,
      },
      { path: 'urgencyReason', label: 'Why expedited', kind: 'text', hint: 'Only for expedited requests.' },
    ],
  },
  {
    legend: 'Patient',
    fields: [
      { path: 'patient.id', label: 'Patient id (MRN)', kind: 'text', required: true },
      { path: 'patient.givenName', label: 'Given name', kind: 'text', required: true, autocomplete: 'off' },
      { path: 'patient.familyName', label: 'Family name', kind: 'text', required: true, autocomplete: 'off' },
      { path: 'patient.birthDate', label: 'Birth date', kind: 'date', required: true },
      {
        path: 'patient.sex',
        label: 'Sex',
        kind: 'select',
        required: true,
      },
      {
        path: 'patient.weightKg',
        label: 'Weight (kg)',
        kind: 'number',
        required: true,
        step: 'any',
        min: 0.5,
        max: 400,
      },
    ],
  },
  {
    legend: 'Coverage',
    fields: [
      {
        path: 'coverage.payerId',
        label: 'Payer id',
        kind: 'text',
        required: true,
        hint: 'As in the payer registry, e.g. demo-medicare-advantage.',
      },
      { path: 'coverage.memberId', label: 'Member id', kind: 'text', required: true, autocomplete: 'off' },
      {
        path: 'coverage.planType',
        label: 'Plan type',
        kind: 'select',
        required: true,
      },
      { path: 'coverage.groupNumber', label: 'Group number', kind: 'text' },
    ],
  },
  {
    legend: 'Ordering provider',
    fields: [
      {
        path: 'provider.npi',
        label: 'NPI',
        kind: 'text',
        required: true,
        inputmode: 'numeric',
        hint: '10 digits.',
      },
      { path: 'provider.name', label: 'Practice or provider name', kind: 'text', required: true },
      {
        path: 'provider.siteOfCare',
        label: 'Site of care',
        kind: 'text',
        required: true,
        hint: 'e.g. office, hospital_outpatient.',
      },
      { path: 'provider.contact.name', label: 'Contact name', kind: 'text' },
      { path: 'provider.contact.phone', label: 'Contact phone', kind: 'text', inputmode: 'tel' },
      { path: 'provider.contact.fax', label: 'Contact fax', kind: 'text', inputmode: 'tel' },
    ],
  },
  {
    legend: 'Diagnosis',
    fields: [
      {
        path: 'diagnosis.icd10',
        label: 'ICD-10-CM codes',
        kind: 'list',
        required: true,
        hint: 'Comma-separated, e.g. C34.12.',
      },
      { path: 'diagnosis.primarySite', label: 'Primary site', kind: 'text', required: true },
      {
        path: 'diagnosis.histology',
        label: 'Histology',
        kind: 'text',
        required: true,
        hint: 'As on the pathology report.',
      },
      {
        path: 'diagnosis.stage',
        label: 'Stage',
        kind: 'text',
        required: true,
        hint: 'AJCC stage (IIIB, IV) or, for small cell lung cancer, limited or extensive.',
      },
      { path: 'diagnosis.resectable', label: 'Resectable', kind: 'bool' },
      {
        path: 'diagnosis.biomarkers.EGFR',
        label: 'EGFR',
        kind: 'text',
        hint: 'negative, positive or the variant (L858R, exon19del).',
      },
      { path: 'diagnosis.biomarkers.ALK', label: 'ALK', kind: 'text' },
      {
        path: 'diagnosis.biomarkers.PDL1_TPS',
        label: 'PD-L1 TPS (%)',
        kind: 'number',
        min: 0,
        max: 100,
        step: 'any',
      },
      { path: 'diagnosis.biomarkers.MMR', label: 'MMR', kind: 'select' },
    ],
  },
  {
    legend: 'Treatment plan',
    fields: [
      { path: 'treatmentPlan.drug', label: 'Drug', kind: 'text', required: true },
      { path: 'treatmentPlan.hcpcs', label: 'HCPCS', kind: 'text', hint: 'Optional: durvalumab is J9173.' },
      { path: 'treatmentPlan.ndc11', label: 'NDC', kind: 'text' },
      { path: 'treatmentPlan.regimen', label: 'Regimen', kind: 'text', required: true },
      { path: 'treatmentPlan.dose', label: 'Dose', kind: 'dose', required: true },
      {
        path: 'treatmentPlan.intervalWeeks',
        label: 'Every (weeks)',
        kind: 'number',
        required: true,
        min: 1,
        max: 52,
      },
      {
        path: 'treatmentPlan.administrations',
        label: 'Administrations',
        kind: 'number',
        required: true,
        min: 1,
        max: 200,
      },
      { path: 'treatmentPlan.startDate', label: 'Start date', kind: 'date', required: true },
      {
        path: 'treatmentPlan.combination',
        label: 'Given with',
        kind: 'list',
        hint: 'Comma-separated agents; empty for monotherapy.',
      },
    ],
  },
  {
    legend: 'History and evidence',
    fields: [
      {
        path: 'oncologicHistory',
        label: 'Oncologic history (JSON list)',
        kind: 'json',
        rows: 8,
        hint: 'Therapies with agents, dates and response.',
      },
      {
        path: 'treatmentPlan.supportingEvidence',
        label: 'Supporting evidence for off-label use (JSON list)',
        kind: 'json',
        rows: 4,
      },
    ],
  },
];

export const FIELDS = GROUPS.flatMap((g) => g.fields);

export const fieldId = (path) => `field-${path.replaceAll('.', '-')}`;

/**
 * The field that an API error path belongs to: the field whose path is the longest prefix of it
 * (`diagnosis.icd10.0` -> `diagnosis.icd10`, `treatmentPlan.dose.mg` -> `treatmentPlan.dose`).
 */
export function fieldForPath(errorPath, fieldPaths = FIELDS.map((f) => f.path)) {
  let best;
  for (const p of fieldPaths) {
    if ((errorPath === p || errorPath.startsWith(`${p}.`)) && (!best || p.length > best.length)) best = p;
  }
  return best;
}
