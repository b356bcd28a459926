/**
 * Prior-auth requests for the clinical and billing tests: the example request with clinical
 * changes, parsed as the API would parse it, and one qualifying patient per labeled indication.
 */

import example from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import { PriorAuthRequest, type PriorAuthRequestInput } from '#schemas/prior-auth-request.ts';

export type Draft = PriorAuthRequestInput & {
  patient: PriorAuthRequestInput['patient'];
  diagnosis: PriorAuthRequestInput['diagnosis'];
  treatmentPlan: PriorAuthRequestInput['treatmentPlan'];
};

/** The example request with clinical changes, parsed as the API would parse it (attachments left out). */
export function requestWith(change: (draft: Draft) => void): PriorAuthRequest {
  const draft = structuredClone(example) as unknown as Draft;
  draft.attachments = [];
  change(draft);
  return PriorAuthRequest.parse(draft);
}

/** The example request as the API parses it. */
export const exampleRequest = (): PriorAuthRequest => PriorAuthRequest.parse(example);

/** A change written as data: fields merged into the diagnosis, its biomarkers, the plan or the first history entry. */
export interface DraftPatch {
  diagnosis?: Partial<Draft['diagnosis']>;
  biomarkers?: Record<string, string>;
  plan?: Partial<Draft['treatmentPlan']>;
  firstHistory?: Partial<NonNullable<Draft['oncologicHistory']>[number]>;
  history?: Draft['oncologicHistory'];
}

export function applyPatch(draft: Draft, patch: DraftPatch | ((draft: Draft) => void)): void {
  if (typeof patch === 'function') {
    patch(draft);
    return;
  }
  Object.assign(draft.diagnosis, patch.diagnosis ?? {});
  if (patch.biomarkers) draft.diagnosis.biomarkers = { ...draft.diagnosis.biomarkers, ...patch.biomarkers };
  Object.assign(draft.treatmentPlan, patch.plan ?? {});
  if (patch.firstHistory) Object.assign(draft.oncologicHistory![0]!, patch.firstHistory);
  if (patch.history) draft.oncologicHistory = patch.history;
}

export const noHistory = (draft: Draft) => {
  draft.oncologicHistory = [];
};

/** A qualifying patient written as data: the diagnosis and plan fields it sets on the example request. */
interface Patient {
  /** Keep the example's oncologic history (otherwise the patient has none). */
  keepHistory?: true;
  /** Merged into the diagnosis; without `resectable` here, the patient has no resectability recorded. */
  diagnosis: Partial<Draft['diagnosis']>;
  plan: Partial<Draft['treatmentPlan']>;
}

const patient =
  ({ keepHistory, diagnosis, plan }: Patient) =>
  (draft: Draft): void => {
    if (!keepHistory) noHistory(draft);
    Object.assign(draft.diagnosis, diagnosis);
    if (!('resectable' in diagnosis)) delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, plan);
  };

/** A plan's schedule: the interval, the number of administrations and, when given, the combination. */
const schedule = (intervalWeeks: number, administrations: number, combination?: string[]) => ({
  intervalWeeks,
  administrations,
  ...(combination ? { combination } : {}),
});

/** A diagnosis outside the lung: one ICD-10 code, the site, histology and stage, no biomarkers. */
const site = (icd10: string, primarySite: string, histology: string, stage: string) => ({
  icd10: [icd10],
  primarySite,
  histology,
  stage,
  biomarkers: {},
});

const smallCell = (stage: string) => ({ histology: 'small cell carcinoma', stage, biomarkers: {} });

/** One patient per labeled indication who qualifies, built from the example request. */
export const QUALIFYING: Record<string, (draft: Draft) => void> = {
  NSCLC_STAGE3_UNRESECTABLE_PACIFIC: () => {},
  NSCLC_RESECTABLE_PERIOP_AEGEAN: patient({
    diagnosis: { stage: 'IIIA', resectable: true, tumorSizeCm: 5, nodalStatus: 'N1' },
    plan: { phase: 'neoadjuvant', ...schedule(3, 4, ['carboplatin', 'pemetrexed']) },
  }),
  NSCLC_METASTATIC_POSEIDON: patient({
    diagnosis: { stage: 'IVA' },
    plan: schedule(3, 4, ['tremelimumab-actl', 'carboplatin', 'pemetrexed']),
  }),
  SCLC_EXTENSIVE_CASPIAN: patient({
    diagnosis: smallCell('extensive'),
    plan: schedule(3, 4, ['etoposide', 'carboplatin']),
  }),
  SCLC_LIMITED_ADRIATIC: patient({
    keepHistory: true,
    diagnosis: smallCell('limited'),
    plan: schedule(4, 26),
  }),
  BTC_TOPAZ1: patient({
    diagnosis: site('C22.1', 'intrahepatic bile duct', 'intrahepatic cholangiocarcinoma', 'IV'),
    plan: schedule(3, 8, ['gemcitabine', 'cisplatin']),
  }),
  HCC_UNRESECTABLE_HIMALAYA_STRIDE: patient({
    diagnosis: { ...site('C22.0', 'liver', 'hepatocellular carcinoma', 'IIIB'), resectable: false },
    plan: schedule(4, 12, ['tremelimumab']),
  }),
  ENDOMETRIAL_dMMR_DUOE: patient({
    diagnosis: {
      ...site('C54.1', 'endometrium', 'endometrioid adenocarcinoma', 'IIIC1'),
      biomarkers: { MMR: 'dMMR' },
    },
    plan: { dose: { mg: 1120 }, ...schedule(3, 6, ['carboplatin', 'paclitaxel']) },
  }),
  MIBC_PERIOP_NIAGARA: patient({
    diagnosis: {
      ...site('C67.9', 'bladder', 'urothelial carcinoma', 'II'),
      resectable: true,
      cisplatinEligible: true,
    },
    plan: { phase: 'neoadjuvant', ...schedule(3, 4, ['gemcitabine', 'cisplatin']) },
  }),
  GASTRIC_GEJ_PERIOP_MATTERHORN: patient({
    diagnosis: { ...site('C16.0', 'gastroesophageal junction', 'adenocarcinoma', 'III'), resectable: true },
    plan: schedule(4, 4, ['FLOT']),
  }),
};
