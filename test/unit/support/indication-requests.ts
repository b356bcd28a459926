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

/** One patient per labeled indication who qualifies, built from the example request. */
export const QUALIFYING: Record<string, (draft: Draft) => void> = {
  NSCLC_STAGE3_UNRESECTABLE_PACIFIC: () => {},
  NSCLC_RESECTABLE_PERIOP_AEGEAN: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, { stage: 'IIIA', resectable: true, tumorSizeCm: 5, nodalStatus: 'N1' });
    Object.assign(draft.treatmentPlan, {
      phase: 'neoadjuvant',
      intervalWeeks: 3,
      administrations: 4,
      combination: ['carboplatin', 'pemetrexed'],
    });
  },
  NSCLC_METASTATIC_POSEIDON: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, { stage: 'IVA' });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, {
      intervalWeeks: 3,
      administrations: 4,
      combination: ['tremelimumab-actl', 'carboplatin', 'pemetrexed'],
    });
  },
  SCLC_EXTENSIVE_CASPIAN: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, { histology: 'small cell carcinoma', stage: 'extensive', biomarkers: {} });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, {
      intervalWeeks: 3,
      administrations: 4,
      combination: ['etoposide', 'carboplatin'],
    });
  },
  SCLC_LIMITED_ADRIATIC: (draft) => {
    Object.assign(draft.diagnosis, { histology: 'small cell carcinoma', stage: 'limited', biomarkers: {} });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, { intervalWeeks: 4, administrations: 26 });
  },
  BTC_TOPAZ1: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C22.1'],
      primarySite: 'intrahepatic bile duct',
      histology: 'intrahepatic cholangiocarcinoma',
      stage: 'IV',
      biomarkers: {},
    });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, {
      intervalWeeks: 3,
      administrations: 8,
      combination: ['gemcitabine', 'cisplatin'],
    });
  },
  HCC_UNRESECTABLE_HIMALAYA_STRIDE: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C22.0'],
      primarySite: 'liver',
      histology: 'hepatocellular carcinoma',
      stage: 'IIIB',
      resectable: false,
      biomarkers: {},
    });
    Object.assign(draft.treatmentPlan, {
      intervalWeeks: 4,
      administrations: 12,
      combination: ['tremelimumab'],
    });
  },
  ENDOMETRIAL_dMMR_DUOE: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C54.1'],
      primarySite: 'endometrium',
      histology: 'endometrioid adenocarcinoma',
      stage: 'IIIC1',
      biomarkers: { MMR: 'dMMR' },
    });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, {
      dose: { mg: 1120 },
      intervalWeeks: 3,
      administrations: 6,
      combination: ['carboplatin', 'paclitaxel'],
    });
  },
  MIBC_PERIOP_NIAGARA: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C67.9'],
      primarySite: 'bladder',
      histology: 'urothelial carcinoma',
      stage: 'II',
      resectable: true,
      cisplatinEligible: true,
      biomarkers: {},
    });
    Object.assign(draft.treatmentPlan, {
      phase: 'neoadjuvant',
      intervalWeeks: 3,
      administrations: 4,
      combination: ['gemcitabine', 'cisplatin'],
    });
  },
  GASTRIC_GEJ_PERIOP_MATTERHORN: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C16.0'],
      primarySite: 'gastroesophageal junction',
      histology: 'adenocarcinoma',
      stage: 'III',
      resectable: true,
      biomarkers: {},
    });
    Object.assign(draft.treatmentPlan, { intervalWeeks: 4, administrations: 4, combination: ['FLOT'] });
  },
};
