import { describe, expect, it } from 'vitest';
import { assessIndication, findIndication } from '#core/clinical/indications.ts';
import { deriveLineOfTherapy, readFirstLine } from '#core/clinical/line-of-therapy.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Draft } from './support/indication-requests.ts';
import { QUALIFYING, requestWith } from './support/indication-requests.ts';

type History = PriorAuthRequest['oncologicHistory'];

const FIRST_LINE = [
  'SCLC_EXTENSIVE_CASPIAN',
  'NSCLC_METASTATIC_POSEIDON',
  'BTC_TOPAZ1',
  'HCC_UNRESECTABLE_HIMALAYA_STRIDE',
  'ENDOMETRIAL_dMMR_DUOE',
];

/** The first phase's chemotherapy of each multi-phase first-line indication, and its maintenance plan. */
const MAINTENANCE: Record<string, { chemo: string[]; plan: Partial<Draft['treatmentPlan']> }> = {
  SCLC_EXTENSIVE_CASPIAN: {
    chemo: ['etoposide', 'carboplatin'],
    plan: { phase: 'maintenance', combination: [], intervalWeeks: 4, administrations: 6 },
  },
  NSCLC_METASTATIC_POSEIDON: {
    chemo: ['tremelimumab', 'carboplatin', 'pemetrexed'],
    plan: { phase: 'maintenance', combination: ['pemetrexed'], intervalWeeks: 4, administrations: 6 },
  },
  BTC_TOPAZ1: {
    chemo: ['gemcitabine', 'cisplatin'],
    plan: { phase: 'maintenance', combination: [], intervalWeeks: 4, administrations: 6 },
  },
  ENDOMETRIAL_dMMR_DUOE: {
    chemo: ['carboplatin', 'paclitaxel'],
    plan: { phase: 'maintenance', combination: [], dose: { mg: 1500 }, intervalWeeks: 4, administrations: 6 },
  },
};

function maintenanceAfter(id: string, history: History) {
  return requestWith((draft) => {
    QUALIFYING[id]!(draft);
    Object.assign(draft.treatmentPlan, MAINTENANCE[id]!.plan, { startDate: '2026-06-01' });
    draft.oncologicHistory = history;
  });
}

const chemoEntry = (agents: string[], extra: Partial<History[number]> = {}): History[number] => ({
  therapy: 'first-line chemotherapy',
  agents,
  startDate: '2026-02-02',
  endDate: '2026-05-04',
  ...extra,
});

const criterion = (request: ReturnType<typeof requestWith>, id: string) =>
  assessIndication(request).assessment.criteria.find((c) => c.id === id);

describe('line of therapy: the data', () => {
  it.each(FIRST_LINE)('%s carries the first-line rule with its source', (id) => {
    // Act
    const indication = findIndication(id)!;
    const rules = indication.criteria.filter(
      (c) => c.kind === 'first_line' || c.kind === 'started_with_first_phase',
    );

    // Assess
    expect(rules.map((c) => c.kind)).toContain('first_line');
    for (const rule of rules) expect('source' in rule && rule.source).toContain(indication.labelSummary);
    const startedWith = rules.find((c) => c.kind === 'started_with_first_phase');
    expect(startedWith === undefined).toBe(indication.phases.length === 1);
    if (startedWith) expect(startedWith.basis).toBe('label');
  });

  it('states first-line as a label condition only where the label text says first-line (CASPIAN)', () => {
    // Act
    const basis = Object.fromEntries(
      FIRST_LINE.map((id) => [id, findIndication(id)!.criteria.find((c) => c.kind === 'first_line')!.basis]),
    );

    // Assess
    expect(findIndication('SCLC_EXTENSIVE_CASPIAN')!.labelSummary).toContain('first-line');
    expect(basis).toEqual({
      SCLC_EXTENSIVE_CASPIAN: 'label',
      NSCLC_METASTATIC_POSEIDON: 'trial',
      BTC_TOPAZ1: 'trial',
      HCC_UNRESECTABLE_HIMALAYA_STRIDE: 'trial',
      ENDOMETRIAL_dMMR_DUOE: 'trial',
    });
    const duoE = findIndication('ENDOMETRIAL_dMMR_DUOE')!.criteria.find((c) => c.kind === 'first_line')!;
    expect(duoE.unverified).toBe(true);
    expect(duoE.description).toContain('UNVERIFIED');
  });
});

describe('deriveLineOfTherapy', () => {
  it('is the first line with no history', () => {
    expect(deriveLineOfTherapy([])).toEqual({ line: 1, progressedOn: [] });
  });

  it('stays the first line after a prior therapy the disease did not progress on', () => {
    // Act
    const line = deriveLineOfTherapy([
      { ...chemoEntry(['carboplatin', 'etoposide']), response: 'stable_disease' },
    ]);

    // Assess
    expect(line.line).toBe(1);
  });

  it.each([
    ['a progression date', { progressionDate: '2026-05-20' }],
    ['a progressive-disease response', { response: 'progressive_disease' }],
  ])('is the second line after progression on a prior systemic therapy (%s)', (_, extra) => {
    // Act
    const line = deriveLineOfTherapy([chemoEntry(['carboplatin', 'etoposide'], extra)]);

    // Assess
    expect(line.line).toBe(2);
    expect(line.progressedOn[0]!.index).toBe(0);
  });

  it('counts each prior therapy progressed on: the third line after two', () => {
    // Act
    const line = deriveLineOfTherapy([
      chemoEntry(['carboplatin', 'etoposide'], { progressionDate: '2026-03-01' }),
      chemoEntry(['topotecan'], { progressionDate: '2026-05-01' }),
    ]);

    // Assess
    expect(line.line).toBe(3);
  });

  it.each([
    [
      'an early-disease setting (adjuvant)',
      chemoEntry(['cisplatin', 'pemetrexed'], { setting: 'adjuvant', progressionDate: '2026-01-10' }),
    ],
    [
      'radiation alone',
      chemoEntry([], { therapy: 'radiation', radiationGy: 60, progressionDate: '2026-01-10' }),
    ],
    ['durvalumab itself', chemoEntry(['durvalumab'], { progressionDate: '2026-01-10' })],
  ])('does not count %s as a prior line', (_, entry) => {
    expect(deriveLineOfTherapy([entry]).line).toBe(1);
  });
});

describe('first_line: no progression on a prior systemic therapy for the advanced disease', () => {
  it('is met, saying so, when the history is empty', () => {
    // Act
    const reading = readFirstLine(requestWith((draft) => QUALIFYING.SCLC_EXTENSIVE_CASPIAN!(draft)));

    // Assess
    expect(reading).toEqual({
      met: true,
      evidence: 'line of therapy 1: no prior systemic therapy for the advanced disease in oncologicHistory',
      path: 'oncologicHistory',
    });
  });

  it('makes CASPIAN (a label condition) off label after progression: LINE_OF_THERAPY_NOT_LABELED', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.SCLC_EXTENSIVE_CASPIAN!(draft);
      draft.oncologicHistory = [chemoEntry(['lurbinectedin'], { progressionDate: '2026-05-20' })];
    });

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('not_supported');
    expect(criterion(request, 'first_line_no_progression')).toMatchObject({ met: false });
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'LINE_OF_THERAPY_NOT_LABELED',
        path: 'oncologicHistory[0]',
        message: expect.stringContaining('line of therapy 2'),
      }),
    );
  });

  it('warns (a trial criterion) for TOPAZ-1 after progression, without a line-of-therapy error', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.BTC_TOPAZ1!(draft);
      draft.oncologicHistory = [chemoEntry(['capecitabine'], { progressionDate: '2026-05-20' })];
    });

    // Act
    const { findings } = assessIndication(request);

    // Assess
    expect(findings.map((f) => f.code)).not.toContain('LINE_OF_THERAPY_NOT_LABELED');
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'POLICY_RISK',
        message: expect.stringContaining('line of therapy 2'),
      }),
    );
  });
});

describe('started_with_first_phase: durvalumab started with the chemotherapy, not as maintenance after it', () => {
  it.each(Object.keys(MAINTENANCE))(
    '%s: maintenance after the chemotherapy given without durvalumab is not the labeled regimen',
    (id) => {
      // Prepare
      const request = maintenanceAfter(id, [chemoEntry(MAINTENANCE[id]!.chemo)]);

      // Act
      const { assessment, findings } = assessIndication(request);

      // Assess
      expect(assessment.verdict).toBe('not_supported');
      expect(findings).toContainEqual(
        expect.objectContaining({ code: 'LINE_OF_THERAPY_NOT_LABELED', path: 'oncologicHistory[0]' }),
      );
    },
  );

  it.each(Object.keys(MAINTENANCE))(
    '%s: maintenance after the chemotherapy with durvalumab meets the label',
    (id) => {
      // Prepare
      const request = maintenanceAfter(id, [chemoEntry([...MAINTENANCE[id]!.chemo, 'durvalumab'])]);

      // Act
      const { findings } = assessIndication(request);

      // Assess
      expect(criterion(request, 'started_with_first_phase')).toMatchObject({ met: true });
      expect(findings.map((f) => f.code)).not.toContain('LINE_OF_THERAPY_NOT_LABELED');
    },
  );

  it.each([
    ['starts on the last chemotherapy day (overlap)', '2026-05-04', true],
    ['starts the day after the chemotherapy ended', '2026-05-05', false],
  ])('a separate durvalumab entry that %s', (_, start, met) => {
    // Prepare
    const request = maintenanceAfter('SCLC_EXTENSIVE_CASPIAN', [
      chemoEntry(['etoposide', 'carboplatin']),
      { therapy: 'immunotherapy', agents: ['durvalumab'], startDate: start, endDate: '2026-05-20' },
    ]);

    // Act
    const found = criterion(request, 'started_with_first_phase');

    // Assess
    expect(found?.met).toBe(met);
  });

  it('cannot tell when the history shows no first-phase chemotherapy: insufficient information', () => {
    // Prepare
    const request = maintenanceAfter('SCLC_EXTENSIVE_CASPIAN', []);

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(criterion(request, 'started_with_first_phase')).toMatchObject({ met: null });
    expect(assessment.verdict).toBe('insufficient_information');
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'INSUFFICIENT_INFORMATION', path: 'oncologicHistory' }),
    );
  });

  it('is met in the first (combination) phase itself', () => {
    // Prepare
    const request = requestWith((draft) => QUALIFYING.SCLC_EXTENSIVE_CASPIAN!(draft));

    // Act
    const { assessment } = assessIndication(request);

    // Assess
    expect(criterion(request, 'started_with_first_phase')).toMatchObject({ met: true });
    expect(assessment.verdict).toBe('meets_label');
  });
});
