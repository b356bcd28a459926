/**
 * Agents as canonical names, the phase of a regimen a plan asks for, and the combination
 * criterion: its description per kind of rule and the evidence of a missing or extra partner.
 */
import { describe, expect, it } from 'vitest';
import { evaluateIndication, findIndication, type Phase } from '#core/clinical/indications.ts';
import {
  agentIs,
  canonicalAgent,
  describeGroup,
  expandAgents,
  fitsCombination,
  resolvePhase,
} from '#core/clinical/regimen.ts';
import { type Draft, QUALIFYING, requestWith } from '../support/indication-requests.ts';
import { expectReading } from './criteria-of.ts';

const indication = (id: string) => findIndication(id)!;
const phaseOf = (id: string, phaseId: string): Phase => indication(id).phases.find((p) => p.id === phaseId)!;

describe('agents', () => {
  it.each([
    ['carboplatin', true],
    ['carboplatin auc 5', true],
    ['carboplatin-auc5', true],
    ['carboplatin(auc 5)', true],
    ['carboplatinum', false],
    ['nab carboplatin', false],
  ])('%s is carboplatin: %s', (agent, expected) => {
    // Act
    const result = agentIs(agent, 'carboplatin');

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['Imjudo', 'tremelimumab'],
    ['TREMELIMUMAB-ACTL', 'tremelimumab'],
    ['5-FU', 'fluorouracil'],
    ['Folinic  Acid', 'leucovorin'],
    ['Imfinzi', 'durvalumab'],
    ['Pemetrexed', 'pemetrexed'],
  ])('%s reads as %s', (agent, expected) => {
    // Act
    const result = canonicalAgent(agent);

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    [['FLOT'], ['fluorouracil', 'leucovorin', 'oxaliplatin', 'docetaxel']],
    [['Gem-Cis'], ['gemcitabine', 'cisplatin']],
    [['e p'], ['etoposide', 'cisplatin']],
    [
      ['cisplatin', 'EP', 'durvalumab'],
      ['cisplatin', 'etoposide'],
    ],
    [['carboplatin + pemetrexed'], ['carboplatin', 'pemetrexed']],
    [
      ['carboplatin/', ',paclitaxel'],
      ['carboplatin', 'paclitaxel'],
    ],
    [['Imfinzi'], []],
  ])('%j expands to %j', (agents, expected) => {
    // Act
    const result = expandAgents(agents);

    // Assess
    expect(result).toEqual(expected);
  });

  it.each([
    [['@platinum'], 'a platinum agent'],
    [['carboplatin', 'cisplatin'], 'carboplatin or cisplatin'],
    [['@platinum', 'etoposide'], 'a platinum agent or etoposide'],
  ])('group %j is described as %s', (group, expected) => {
    // Act
    const result = describeGroup(group);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('fitsCombination', () => {
  it('takes a required partner from the history when the phase allows it (HIMALAYA STRIDE)', () => {
    // Prepare
    const stride = phaseOf('HCC_UNRESECTABLE_HIMALAYA_STRIDE', 'stride');

    // Act
    const fromHistory = fitsCombination([], stride, ['tremelimumab']);
    const without = fitsCombination([], stride);

    // Assess
    expect(fromHistory).toBe(true);
    expect(without).toBe(false);
  });

  it.each([
    [['tremelimumab', 'carboplatin'], 'induction', true],
    [['tremelimumab'], 'induction', false],
    [['pemetrexed'], 'maintenance', true],
    [['pemetrexed', 'carboplatin'], 'maintenance', false],
    [[], 'maintenance', true],
  ])('POSEIDON: %j fits the %s phase: %s', (agents, phaseId, expected) => {
    // Act
    const result = fitsCombination(agents, phaseOf('NSCLC_METASTATIC_POSEIDON', phaseId));

    // Assess
    expect(result).toBe(expected);
  });
});

describe('resolvePhase', () => {
  const phaseFor = (id: string, plan: Partial<Draft['treatmentPlan']>) => {
    const request = requestWith((draft) => {
      QUALIFYING[id]!(draft);
      delete draft.treatmentPlan.phase;
      Object.assign(draft.treatmentPlan, plan);
    });
    return resolvePhase(indication(id), request.treatmentPlan, request.oncologicHistory).id;
  };

  it.each([
    [
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
      { phase: 'Adjuvant', combination: ['carboplatin'], intervalWeeks: 3 },
      'adjuvant',
    ],
    [
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
      { phase: 'postoperative', combination: ['carboplatin'], intervalWeeks: 3 },
      'adjuvant',
    ],
    [
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
      { phase: 'PRE-OPERATIVE', combination: [], intervalWeeks: 4 },
      'adjuvant',
    ],
    ['GASTRIC_GEJ_PERIOP_MATTERHORN', { phase: 'with_flot', combination: [] }, 'with_flot'],
  ])('%s: a plan that names its phase (%j) gets it, else the fitting one', (id, plan, expected) => {
    // Act
    const result = phaseFor(id, plan);

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    [{ combination: ['tremelimumab', 'carboplatin'], intervalWeeks: 4 }, 'induction'],
    [{ combination: [], intervalWeeks: 4 }, 'maintenance'],
    [{ combination: [], intervalWeeks: 3 }, 'maintenance'],
    [{ combination: ['tremelimumab'], intervalWeeks: 3 }, 'maintenance'],
    [{ combination: ['pemetrexed', 'carboplatin'], intervalWeeks: 3 }, 'induction'],
    [{ combination: ['carboplatin', 'osimertinib'], intervalWeeks: 3 }, 'induction'],
    [{ combination: ['osimertinib'], intervalWeeks: 4 }, 'maintenance'],
    [{ combination: ['osimertinib'], intervalWeeks: 2 }, 'induction'],
  ])('POSEIDON: %j asks for the %s phase', (plan, expected) => {
    // Act
    const result = phaseFor('NSCLC_METASTATIC_POSEIDON', plan);

    // Assess
    expect(result).toBe(expected);
  });

  it('picks by interval among phases none of which fits, where one regimen of a phase has it (CASPIAN)', () => {
    // Act
    const every2 = phaseFor('SCLC_EXTENSIVE_CASPIAN', { combination: ['osimertinib'], intervalWeeks: 2 });
    const every1 = phaseFor('SCLC_EXTENSIVE_CASPIAN', { combination: ['osimertinib'], intervalWeeks: 1 });

    // Assess
    expect(every2).toBe('maintenance');
    expect(every1).toBe('induction');
  });
});

describe('the combination criterion', () => {
  const combinationOf = (id: string, change: (draft: Draft) => void = () => {}) => {
    const request = requestWith((draft) => {
      QUALIFYING[id]!(draft);
      change(draft);
    });
    return evaluateIndication(indication(id), request).criteria.find((c) => c.id === 'combination')!;
  };

  it.each([
    [
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      {},
      'Single agent (consolidation after chemoradiation, single agent)',
    ],
    [
      'NSCLC_METASTATIC_POSEIDON',
      { phase: 'maintenance', combination: [] },
      'Single agent, optionally with pemetrexed or tremelimumab (maintenance, with or without pemetrexed)',
    ],
    [
      'NSCLC_METASTATIC_POSEIDON',
      {},
      'In combination with tremelimumab and a platinum agent (with tremelimumab and platinum-based chemotherapy)',
    ],
    [
      'SCLC_EXTENSIVE_CASPIAN',
      {},
      'In combination with etoposide and carboplatin or cisplatin (with etoposide and carboplatin or cisplatin)',
    ],
  ])('%s %j is described as %s', (id, plan, description) => {
    // Act
    const criterion = combinationOf(id, (draft) => Object.assign(draft.treatmentPlan, plan));

    // Assess
    expect(criterion).toMatchObject({ id: 'combination', description, basis: 'label', kind: 'combination' });
  });

  it('describes a phase that allows any partner and requires none as durvalumab alone', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.diagnosis.icd10 = ['C67.9'];
    });

    // Act
    const { criteria } = evaluateIndication(indication('UROTHELIAL_2L_ACCELERATED'), request);

    // Assess
    expect(criteria.find((c) => c.id === 'combination')).toMatchObject({
      description: 'Durvalumab (historic single agent)',
      met: true,
      evidence: 'treatmentPlan.combination = []',
      path: 'treatmentPlan.combination',
    });
  });

  it.each([
    [
      'names the missing required partners',
      'NSCLC_METASTATIC_POSEIDON',
      { phase: 'induction', combination: [] },
      false,
      'treatmentPlan.combination = []: missing tremelimumab and a platinum agent',
    ],
    [
      'names the partners a single-agent phase does not allow',
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      { combination: ['Carboplatin', 'Pemetrexed'] },
      false,
      'treatmentPlan.combination = [Carboplatin, Pemetrexed]: carboplatin, pemetrexed is not part of the labeled consolidation after chemoradiation, single agent regimen',
    ],
    [
      'accepts an optional partner of a single-agent phase',
      'NSCLC_METASTATIC_POSEIDON',
      { phase: 'maintenance', combination: ['pemetrexed'] },
      true,
      'treatmentPlan.combination = [pemetrexed]',
    ],
  ])('%s (%s, plan %j)', (_, id, plan, met, evidence) => {
    // Act
    const criterion = combinationOf(id, (draft) => Object.assign(draft.treatmentPlan, plan));

    // Assess
    expectReading(criterion, met, evidence, 'treatmentPlan.combination');
  });

  const himalaya = (combination: string[], history: Draft['oncologicHistory']) =>
    combinationOf('HCC_UNRESECTABLE_HIMALAYA_STRIDE', (draft) => {
      draft.treatmentPlan.combination = combination;
      draft.oncologicHistory = history;
    });
  const tremelimumabGiven = [
    { therapy: 'immunotherapy', agents: ['tremelimumab', 'durvalumab'], startDate: '2026-07-01' },
  ];

  it.each([
    [[], tremelimumabGiven, true, 'treatmentPlan.combination = []; the partner is in oncologicHistory'],
    [['tremelimumab'], tremelimumabGiven, true, 'treatmentPlan.combination = [tremelimumab]'],
    [['tremelimumab'], [], true, 'treatmentPlan.combination = [tremelimumab]'],
    [[], [], false, 'treatmentPlan.combination = []: missing tremelimumab'],
  ])('HIMALAYA: plan %j with history %j: met %s', (combination, history, met, evidence) => {
    // Act
    const criterion = himalaya(combination, history);

    // Assess
    expect(criterion).toMatchObject({ met, evidence });
  });
});
