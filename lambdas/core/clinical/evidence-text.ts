/**
 * Evidence as a reviewer reads it. The assessment records evidence precisely, with the request
 * field it came from ("diagnosis.stage = IIIB"), which the API keeps; letters say it in words
 * ("AJCC stage: IIIB").
 */

const FIELD_LABELS: Record<string, string> = {
  'diagnosis.icd10': 'ICD-10-CM',
  'diagnosis.histology': 'histology',
  'diagnosis.stage': 'AJCC stage',
  'diagnosis.resectable': 'resectable',
  'diagnosis.tumorSizeCm': 'tumor size (cm)',
  'diagnosis.nodalStatus': 'nodal status',
  'diagnosis.primarySite': 'primary site',
  'diagnosis.cisplatinEligible': 'cisplatin eligible',
  'diagnosis.ecog': 'ECOG performance status',
  'diagnosis.diagnosisDate': 'date of diagnosis',
  'diagnosis.biomarkers': 'biomarkers',
  'patient.weightKg': 'weight (kg)',
  'patient.birthDate': 'date of birth',
  'treatmentPlan.dose': 'dose',
  'treatmentPlan.combination': 'combination partners',
  'treatmentPlan.startDate': 'planned start',
  'treatmentPlan.intervalWeeks': 'interval (weeks)',
  'treatmentPlan.administrations': 'administrations',
  'treatmentPlan.regimen': 'regimen',
  'treatmentPlan.phase': 'phase',
  'treatmentPlan.hcpcs': 'HCPCS',
  'treatmentPlan.supportingEvidence': 'compendium citations',
  oncologicHistory: 'oncologic history',
};

const HISTORY_FIELDS: Record<string, string> = {
  therapy: 'therapy',
  agents: 'agents',
  response: 'response',
  startDate: 'start',
  endDate: 'end',
  radiationGy: 'radiation (Gy)',
  progressionDate: 'progression date',
  cycles: 'cycles',
};

function label(path: string): string {
  const history = /^oncologicHistory\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (history) {
    const n = Number(history[1]) + 1;
    return history[2]
      ? `prior therapy ${n} ${HISTORY_FIELDS[history[2]] ?? history[2]}`
      : `prior therapy ${n}`;
  }
  const biomarker = /^diagnosis\.biomarkers\.(\w+)$/.exec(path);
  if (biomarker) return biomarker[1] === 'PDL1_TPS' ? 'PD-L1 TPS (%)' : (biomarker[1] ?? path);
  return FIELD_LABELS[path] ?? path;
}

function value(raw: string): string {
  const v = raw.trim();
  if (v === '[]') return 'none';
  if (v === 'true') return 'yes';
  if (v === 'false') return 'no';
  return /^[a-z]+(_[a-z]+)+$/.test(v) ? v.replace(/_/g, ' ') : v;
}

const PATH =
  /\b(?:oncologicHistory\[\d+\](?:\.\w+)?|(?:diagnosis|patient|treatmentPlan|coverage)(?:\.\w+)+)/g;

export function readableEvidence(text: string): string {
  return text
    .replace(
      new RegExp(`${PATH.source}\\s*=\\s*([^;,()]+?)(?=$|[;,()]|\\s\\()`, 'g'),
      (whole: string, valueText: string) => {
        const path = whole.slice(0, whole.indexOf('=')).trim();
        return `${label(path)}: ${value(valueText)}`;
      },
    )
    .replace(
      /\b(diagnosis|patient|treatmentPlan)(\.\w+)+ is not given\b/g,
      (m) => `${label(m.replace(/ is not given$/, ''))} is not documented`,
    )
    .replace(PATH, (m) => label(m));
}
