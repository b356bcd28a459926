import { describe, expect, it } from 'vitest';
import { assessIndication, evaluateIndication, findIndication } from '#core/clinical/indications.ts';
import { applyPatch, type DraftPatch, QUALIFYING, requestWith } from './support/indication-requests.ts';

const PACIFIC = 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC';
const AEGEAN = 'NSCLC_RESECTABLE_PERIOP_AEGEAN';

/** The criterion `criterionId` of indication `id` for its qualifying patient changed by `patch`. */
function criterionAfter(id: string, criterionId: string, patch: DraftPatch) {
  const request = requestWith((draft) => {
    QUALIFYING[id]!(draft);
    applyPatch(draft, patch);
  });
  return evaluateIndication(findIndication(id)!, request).criteria.find(
    (criterion) => criterion.id === criterionId,
  );
}

const chemo = { therapy: 'chemotherapy', agents: ['cisplatin', 'etoposide'] };
const radiation = { therapy: 'thoracic radiotherapy', agents: [], radiationGy: 60 };

describe('reading concurrent chemoradiation from the history', () => {
  it.each([
    [
      'one entry that does not say concurrent or sequential',
      { firstHistory: { therapy: 'chemoradiation' } },
      null,
      'does not say whether it was concurrent or sequential',
    ],
    [
      'one entry saying concomitant',
      { firstHistory: { therapy: 'concomitant chemoradiotherapy' } },
      true,
      'oncologicHistory[0]: concomitant chemoradiotherapy with cisplatin, etoposide, 60 Gy, 2026-06-01 to 2026-07-13',
    ],
    [
      'separate entries whose dates overlap',
      {
        history: [
          { ...chemo, startDate: '2026-06-01', endDate: '2026-07-13' },
          { ...radiation, startDate: '2026-06-03', endDate: '2026-07-10' },
        ],
      },
      true,
      'overlapping oncologicHistory[1]',
    ],
    [
      'separate entries without dates',
      { history: [chemo, radiation] },
      null,
      'without dates that show them concurrent',
    ],
    ['chemotherapy without radiation', { history: [chemo] }, false, 'oncologicHistory shows no radiation'],
    ['radiation without chemotherapy', { history: [radiation] }, false, 'shows no platinum chemotherapy'],
    ['an empty history', { history: [] }, false, 'shows no platinum chemotherapy or radiation'],
  ] as const)('%s', (_, patch, met, evidence) => {
    // Act
    const criterion = criterionAfter(PACIFIC, 'prior_concurrent_platinum_crt', patch as DraftPatch);

    // Assess
    expect(criterion?.met).toBe(met);
    expect(criterion?.evidence).toContain(evidence);
  });

  it.each([
    ['a response that says nothing of progression', { firstHistory: { response: 'see notes' } }, null],
    ['no chemoradiation to judge after', { history: [] }, null],
    ['a complete response', { firstHistory: { response: 'complete_response' } }, true],
  ] as const)('judges progression after chemoradiation from %s', (_, patch, met) => {
    // Act
    const criterion = criterionAfter(PACIFIC, 'no_progression_after_crt', patch as DraftPatch);

    // Assess
    expect(criterion?.met).toBe(met);
  });
});

describe('reading tumor size and nodes (AEGEAN: >= 4 cm or node-positive)', () => {
  it.each([
    ['node-positive', 3, true, 'diagnosis.nodalStatus'],
    ['N+', 3, true, 'diagnosis.nodalStatus'],
    ['node negative', 3, false, 'diagnosis.tumorSizeCm'],
    ['pN0', 4, true, 'diagnosis.tumorSizeCm'],
    ['not assessed', 3, null, 'diagnosis.nodalStatus'],
  ] as const)('%s with a %s cm tumor', (nodalStatus, tumorSizeCm, met, path) => {
    // Act
    const criterion = criterionAfter(AEGEAN, 'tumor_4cm_or_node_positive', {
      diagnosis: { nodalStatus, tumorSizeCm },
    });

    // Assess
    expect(criterion).toMatchObject({ met, path });
  });
});

describe('conflicting compendium evidence', () => {
  it('supports the off-label use and warns of the contrary citation', () => {
    // Prepare
    const citation = { type: 'compendium' as const, version: '1', date: '2026-01-01' };
    const request = requestWith((draft) => {
      QUALIFYING.HCC_UNRESECTABLE_HIMALAYA_STRIDE!(draft);
      draft.treatmentPlan.combination = [];
      draft.treatmentPlan.supportingEvidence = [
        { ...citation, source: 'NCCN', category: '3' },
        { ...citation, source: 'NCCN', category: '2A' },
      ];
    });

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('compendia_supported');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'POLICY_RISK',
        path: 'treatmentPlan.supportingEvidence[0]',
        message: expect.stringContaining('NCCN category 3 is not supportive'),
      }),
    ]);
  });
});
