/**
 * The verdict's combination rules and what it says: the summary per verdict, each finding's
 * message and field, trial criteria that warn without failing, the off-label criteria, and the
 * note on an indication that is not on the US label.
 */
import { describe, expect, it } from 'vitest';
import { assessIndication, findIndication } from '#core/clinical/indications.ts';
import { COMPENDIA_REFERENCE } from '#core/reference/index.ts';
import { type Draft, exampleRequest, QUALIFYING, requestWith } from '../support/indication-requests.ts';
import { therapy } from './criteria-of.ts';

const PACIFIC = findIndication('NSCLC_STAGE3_UNRESECTABLE_PACIFIC')!;
const AEGEAN = findIndication('NSCLC_RESECTABLE_PERIOP_AEGEAN')!;
const { accepted, criterion: compendiaCriterion } = COMPENDIA_REFERENCE;
const LABELED = 'PACIFIC, AEGEAN, POSEIDON, CASPIAN, ADRIATIC, TOPAZ-1, HIMALAYA, DUO-E, NIAGARA, MATTERHORN';

/** The assessment of the example request with a colon cancer diagnosis (C18.0) and a change. */
const assessColon = (change: (draft: Draft) => void = () => {}) =>
  assessIndication(
    requestWith((draft) => {
      draft.diagnosis.icd10 = ['C18.0'];
      change(draft);
    }),
  );

const nccn = (category: string, extra: Record<string, string> = {}) => ({
  type: 'compendium' as const,
  source: 'NCCN',
  category,
  ...extra,
});

describe('on the label', () => {
  it('summarises a met label with the indication, its trial and the phase, and lists every criterion', () => {
    // Act
    const { assessment, findings } = assessIndication(exampleRequest());

    // Assess
    expect(assessment.verdict).toBe('meets_label');
    expect(assessment.summary).toBe(
      `Meets the FDA label: ${PACIFIC.title} (PACIFIC), consolidation after chemoradiation, single agent.`,
    );
    expect(assessment.supportingEvidence).toBeNull();
    expect(assessment.criteria.map((criterion) => criterion.id)).toEqual([
      ...PACIFIC.criteria.map((criterion) => criterion.id),
      'combination',
    ]);
    expect(findings).toEqual([]);
  });

  it('warns, without failing the label, of a positive policy biomarker and of each trial criterion not met', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.diagnosis.ecog = 2;
      draft.diagnosis.biomarkers = { ...draft.diagnosis.biomarkers, EGFR: 'L858R' };
    });
    const risk = PACIFIC.policyRisks[0]!;

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('meets_label');
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'POLICY_RISK',
        message: `EGFR L858R with PACIFIC: ${risk.message} (${risk.source}).`,
        path: 'diagnosis.biomarkers.EGFR',
      },
      {
        severity: 'warning',
        code: 'POLICY_RISK',
        message:
          'Outside the PACIFIC trial population: WHO/ECOG performance status 0-1 (PACIFIC trial criterion, not a label requirement); found diagnosis.ecog = 2. The label does not require it, but a reviewer may ask.',
        path: 'diagnosis.ecog',
      },
    ]);
  });

  it.each([['pending'], ['negative']])('raises no policy risk for an EGFR result %s', (value) => {
    // Prepare
    const request = requestWith((draft) => {
      draft.diagnosis.biomarkers = { ...draft.diagnosis.biomarkers, EGFR: value };
    });

    // Act
    const { findings } = assessIndication(request);

    // Assess
    expect(findings).toEqual([]);
  });

  it('is insufficient_information for an unknown label criterion, named in the summary and a finding', () => {
    // Prepare
    const request = requestWith((draft) => {
      delete draft.diagnosis.resectable;
    });

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('insufficient_information');
    expect(assessment.indication).toBe('NSCLC_STAGE3_UNRESECTABLE_PACIFIC');
    expect(assessment.summary).toBe(
      `Closest labeled indication: ${PACIFIC.title} (PACIFIC); missing: Unresectable disease.`,
    );
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'INSUFFICIENT_INFORMATION',
        message:
          'Cannot tell whether "Unresectable disease" (PACIFIC label) is met: diagnosis.resectable is not given (needs unresectable). Add it to the request.',
        path: 'diagnosis.resectable',
      },
    ]);
  });

  it('names every unknown label criterion, in order', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.NSCLC_RESECTABLE_PERIOP_AEGEAN!(draft);
      draft.diagnosis.biomarkers = {};
    });

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.summary).toBe(
      `Closest labeled indication: ${AEGEAN.title} (AEGEAN); missing: No known EGFR mutation; No known ALK rearrangement.`,
    );
    expect(findings.map((finding) => [finding.code, finding.path])).toEqual([
      ['INSUFFICIENT_INFORMATION', 'diagnosis.biomarkers.EGFR'],
      ['INSUFFICIENT_INFORMATION', 'diagnosis.biomarkers.ALK'],
    ]);
  });
});

describe('no labeled indication', () => {
  it('is not_supported without evidence: the diagnosis criterion, the empty citations, and both errors', () => {
    // Prepare
    const why = 'diagnosis.icd10 = C18.0, C20 matches no labeled durvalumab indication.';

    // Act
    const { assessment, findings } = assessColon((draft) => {
      draft.diagnosis.icd10 = ['C18.0', 'C20'];
    });

    // Assess
    expect(assessment).toMatchObject({
      verdict: 'not_supported',
      indication: null,
      indicationTitle: null,
      trial: null,
      labelSummary: null,
      labelSource: null,
      supportingEvidence: null,
      summary: `Not supported: ${why}`,
    });
    expect(assessment.criteria).toEqual([
      {
        id: 'diagnosis_code',
        description: 'Diagnosis of a labeled durvalumab indication',
        met: false,
        evidence: 'diagnosis.icd10 = C18.0, C20: no labeled indication',
      },
      {
        id: 'compendia_support',
        description: compendiaCriterion,
        met: false,
        evidence: 'treatmentPlan.supportingEvidence is empty',
      },
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'DIAGNOSIS_NOT_COVERED',
        message: `${why} Durvalumab is labeled for ${LABELED} indications.`,
        path: 'diagnosis.icd10',
      },
      {
        severity: 'error',
        code: 'OFF_LABEL_UNSUPPORTED',
        message: `Off-label use without supportive compendium evidence: treatmentPlan.supportingEvidence is empty. ${accepted}`,
        path: 'treatmentPlan.supportingEvidence',
      },
    ]);
  });

  it('is compendia_supported by a complete NCCN 2A citation, and warns of conflicting citations', () => {
    // Prepare
    const text = 'NCCN 2A (version 2026.1, 2026-01-15): Colon cancer v1';

    // Act
    const { assessment, findings } = assessColon((draft) => {
      draft.treatmentPlan.supportingEvidence = [
        nccn('Category 3', { version: '2026.1', date: '2026-01-15' }),
        nccn('2A', { version: '2026.1', date: '2026-01-15', citation: 'Colon cancer v1' }),
        { type: 'literature', citation: 'Smith 2025' },
      ];
    });

    // Assess
    expect(assessment).toMatchObject({
      verdict: 'compendia_supported',
      indication: null,
      supportingEvidence: text,
      summary: `Off-label use (diagnosis.icd10 = C18.0 matches no labeled durvalumab indication) supported by ${text}.`,
    });
    expect(assessment.criteria[1]).toEqual({
      id: 'compendia_support',
      description: compendiaCriterion,
      met: true,
      evidence: `treatmentPlan.supportingEvidence[1]: ${text} (NCCN category 2A is supportive)`,
    });
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'POLICY_RISK',
        message:
          'Conflicting compendium evidence: NCCN Category 3 (version 2026.1, 2026-01-15) (NCCN category 3 is not supportive).',
        path: 'treatmentPlan.supportingEvidence[0]',
      },
    ]);
  });

  it.each<[{ version?: string; date?: string }, string, string]>([
    [{}, 'version and date', 'version'],
    [{ version: '2026.1' }, 'date', 'date'],
    [{ date: '2026-01-15' }, 'version', 'version'],
  ])('is insufficient_information when a supportive citation %j lacks its %s', (extra, lacks, first) => {
    // Act
    const { assessment, findings } = assessColon((draft) => {
      draft.treatmentPlan.supportingEvidence = [
        nccn('3', { version: '1', date: '2026-01-01' }),
        nccn('2A', extra),
      ];
    });

    // Assess
    expect(assessment.verdict).toBe('insufficient_information');
    expect(assessment.summary).toBe(
      `Off-label use: diagnosis.icd10 = C18.0 matches no labeled durvalumab indication. The compendium citation lacks its ${lacks}.`,
    );
    const detail = [extra.version && `version ${extra.version}`, extra.date].filter(Boolean).join(', ');
    const text = `NCCN 2A${detail ? ` (${detail})` : ''}`;
    const reason = `NCCN category 2A is supportive, but the citation lacks its ${lacks}`;
    expect(assessment.criteria[1]).toEqual({
      id: 'compendia_support',
      description: compendiaCriterion,
      met: null,
      evidence: `treatmentPlan.supportingEvidence[0]: NCCN 3 (version 1, 2026-01-01) (NCCN category 3 is not supportive); treatmentPlan.supportingEvidence[1]: ${text} (${reason})`,
    });
    expect(findings.map((finding) => finding.code)).toEqual([
      'DIAGNOSIS_NOT_COVERED',
      'INSUFFICIENT_INFORMATION',
    ]);
    expect(findings[1]).toEqual({
      severity: 'warning',
      code: 'INSUFFICIENT_INFORMATION',
      message: `${text}: ${reason}; add treatmentPlan.supportingEvidence[1].${lacks}.`,
      path: `treatmentPlan.supportingEvidence[1].${first}`,
    });
  });

  it('lists every citation and why it does not count when none supports', () => {
    // Act
    const { assessment, findings } = assessColon((draft) => {
      draft.treatmentPlan.supportingEvidence = [
        nccn('2B', { version: '1', date: '2026-01-01' }),
        { type: 'literature', citation: 'Smith 2025' },
      ];
    });

    // Assess
    const cited = [
      'NCCN 2B (version 1, 2026-01-01) (NCCN category 2B is not supportive under BPM §50.4.5 unless the payer accepts it)',
      `literature: Smith 2025 (${COMPENDIA_REFERENCE.literature.otherwise})`,
    ];
    expect(assessment.verdict).toBe('not_supported');
    expect(assessment.criteria[1]!.evidence).toBe(
      cited.map((entry, index) => `treatmentPlan.supportingEvidence[${index}]: ${entry}`).join('; '),
    );
    expect(findings[1]).toEqual({
      severity: 'error',
      code: 'OFF_LABEL_UNSUPPORTED',
      message: `Off-label use without supportive compendium evidence: ${cited.join('; ')}. ${accepted}`,
      path: 'treatmentPlan.supportingEvidence',
    });
  });
});

describe('a labeled indication that fails', () => {
  it('names each failed label criterion, and each line-of-therapy rule by its own code', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.SCLC_EXTENSIVE_CASPIAN!(draft);
      draft.oncologicHistory = [
        therapy('chemotherapy', ['etoposide', 'carboplatin'], { progressionDate: '2026-05-01' }),
      ];
      Object.assign(draft.treatmentPlan, { combination: [], intervalWeeks: 4 });
    });
    const firstLine =
      'First-line treatment: no progression on a prior systemic therapy for extensive-stage SCLC';

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('not_supported');
    expect(assessment.indication).toBe('SCLC_EXTENSIVE_CASPIAN');
    expect(assessment.summary).toMatch(
      /^Not supported: Closest labeled indication CASPIAN fails: First-line treatment: .*; Durvalumab started with .*\.$/,
    );
    expect(findings[0]).toEqual({
      severity: 'error',
      code: 'LINE_OF_THERAPY_NOT_LABELED',
      message: `CASPIAN label criterion "${firstLine}" is not met: line of therapy 2: progression on oncologicHistory[0]: chemotherapy with etoposide, carboplatin; oncologicHistory[0].progressionDate = 2026-05-01.`,
      path: 'oncologicHistory[0]',
    });
    expect(findings.map((finding) => finding.code)).toEqual([
      'LINE_OF_THERAPY_NOT_LABELED',
      'LINE_OF_THERAPY_NOT_LABELED',
      'OFF_LABEL_UNSUPPORTED',
    ]);
  });

  it('says when the request matches an indication that is not on the US label', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.MIBC_PERIOP_NIAGARA!(draft);
      Object.assign(draft.diagnosis, { stage: 'IV', resectable: false });
    });
    const withdrawn = findIndication('UROTHELIAL_2L_ACCELERATED')!;
    const note = ` It matches ${withdrawn.title} (Study 1108), which is not on the US label (${withdrawn.referenceStatus}).`;

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.summary).toBe(
      `Not supported: Closest labeled indication NIAGARA fails: Candidate for radical cystectomy (resectable).${note}`,
    );
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'CRITERION_NOT_MET',
        message:
          'NIAGARA label criterion "Candidate for radical cystectomy (resectable)" is not met: diagnosis.resectable = false.',
        path: 'diagnosis.resectable',
      },
      {
        severity: 'error',
        code: 'OFF_LABEL_UNSUPPORTED',
        message: `Off-label use without supportive compendium evidence: treatmentPlan.supportingEvidence is empty. ${accepted}${note}`,
        path: 'treatmentPlan.supportingEvidence',
      },
    ]);
  });

  it('names an unapproved indication the request matches, when the label fails', () => {
    // Prepare: non-muscle-invasive with BCG: NIAGARA fails, POTOMAC (not approved) matches
    const request = requestWith((draft) => {
      QUALIFYING.MIBC_PERIOP_NIAGARA!(draft);
      draft.diagnosis.stage = 'I';
      draft.treatmentPlan.combination = ['BCG'];
    });
    const potomac = findIndication('NMIBC_BCG_POTOMAC')!;

    // Act
    const { assessment } = assessIndication(request);

    // Assess
    expect(assessment.summary).toMatch(/^Not supported: Closest labeled indication NIAGARA fails: /);
    expect(assessment.summary).toContain(
      ` It matches ${potomac.title} (POTOMAC), which is not on the US label (${potomac.referenceStatus}).`,
    );
  });

  it('adds no note when the unapproved indication fails a label condition too', () => {
    // Prepare: non-muscle-invasive (NIAGARA fails) without BCG (POTOMAC fails its combination)
    const request = requestWith((draft) => {
      QUALIFYING.MIBC_PERIOP_NIAGARA!(draft);
      draft.diagnosis.stage = 'I';
    });

    // Act
    const { assessment } = assessIndication(request);

    // Assess
    expect(assessment.summary).toBe(
      'Not supported: Closest labeled indication NIAGARA fails: Muscle-invasive bladder cancer (AJCC stage II or higher; stage 0a/0is/I is non-muscle-invasive).',
    );
  });

  it('keeps the closest indication and its criteria when a citation supports the off-label use', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.diagnosis.resectable = true;
      draft.diagnosis.tumorSizeCm = 2;
      draft.diagnosis.nodalStatus = 'N0';
      draft.treatmentPlan.supportingEvidence = [nccn('1', { version: '3.2026', date: '2026-02-01' })];
    });

    // Act
    const { assessment } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('compendia_supported');
    expect(assessment.summary).toBe(
      'Off-label use (Closest labeled indication AEGEAN fails: Tumor >= 4 cm and/or node positive) supported by NCCN 1 (version 3.2026, 2026-02-01).',
    );
    expect(assessment.criteria.map((criterion) => criterion.id)).toEqual([
      ...AEGEAN.criteria.map((criterion) => criterion.id),
      'combination',
      'compendia_support',
    ]);
  });
});
