import { PDFDocument } from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '#adapters/pdf/render.ts';
import { loadTemplates } from '#adapters/templates.ts';
import type { Finding } from '#core/model.ts';
import { composePacketLetter, labelDurationLimit, type PacketInput } from '#core/packet/letter.ts';
import { FDA_LABEL_CITATION, INDICATIONS_REFERENCE } from '#core/reference/index.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';
import { flattenBlocks } from './support/appeal-case.ts';

async function letterText(input: PacketInput): Promise<string> {
  const parser = new PDFParse({ data: (await renderPdf(composePacketLetter(input, templates))).slice() });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

const templates = loadTemplates();

describe('composePacketLetter, the example request (PACIFIC, 1500 mg, JZ)', () => {
  const input = samplePacketInput();
  const pacific = INDICATIONS_REFERENCE.indications.find((i) => i.id === 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC');
  let text: Promise<string> | undefined;
  const rendered = () => {
    text ??= letterText(input);
    return text;
  };

  it.each([
    ['patient name', 'Dana Rivera'],
    ['date of birth', '03/14/1957'],
    ['member id', 'XMA123456789'],
    ['plan type', 'Medicare Advantage'],
    ['payer', 'Demo Medicare Advantage Plan'],
    ['ordering provider', 'Riverside Oncology Associates'],
    ['NPI', '1234567893'],
    ['site of care', 'Physician office'],
    ['contact', 'Sam Okafor'],
    ['drug', 'durvalumab (IMFINZI)'],
    ['HCPCS', 'J9173'],
    ['NDC', '00310-4611-50'],
    ['dose', '1,500 mg flat dose'],
    ['weight', '68 kg'],
    ['route', 'Intravenous infusion'],
    ['frequency', 'Every 4 weeks'],
    ['start date', '08/10/2026'],
    ['last planned administration', '07/12/2027'],
    ['combination partners', 'None (single agent)'],
    ['units per administration', '150 units per administration'],
    ['vials', '3 × 500 mg'],
    ['waste modifier line', 'J9173-JZ'],
    ['units requested', '1,950 units'],
    ['ICD-10-CM', 'C34.12'],
    ['histology', 'Adenocarcinoma'],
    ['AJCC stage', 'IIIB'],
    ['resectability', 'Unresectable'],
    ['EGFR', 'EGFR mutation'],
    ['PD-L1', '45%'],
    ['history agents', 'cisplatin, etoposide'],
    ['history dates', '06/01/2026 to 07/13/2026'],
    ['radiation', 'Radiation 60 Gy'],
    ['response', 'Stable disease'],
    ['trial', 'PACIFIC (NCT02125461)'],
    ['criterion', 'Stage III (AJCC), unresectable'],
    ['duration limit', 'maximum 12 months'],
    ['enclosure', 'Oncology progress note 2026-08-03'],
    ['signature', 'Ordering physician signature and date'],
    ['case reference', 'pa_01jsample0000000000000000'],
  ])('states the %s', async (_element, fragment) => {
    // Act
    const text = await rendered();

    // Assess
    expect(text).toContain(fragment);
  });

  it('quotes the label wording from the assessment and cites the FDA label, not the page it was read from', async () => {
    // Act
    const text = await rendered();

    // Assess: a long address wraps, so compare without whitespace.
    expect(text).toContain((pacific?.labelSummary ?? '').slice(0, 40));
    expect(text.replace(/\s+/g, '')).toContain(FDA_LABEL_CITATION.replace(/\s+/g, ''));
    expect(text).not.toContain('IMFINZI PI Table 1');
  });

  it('appends the attached clinical documents as enclosures and embeds the case facts without base64', () => {
    // Act
    const spec = composePacketLetter(input, templates);

    // Assess
    expect(spec.enclosures?.map((e) => e.title)).toEqual(['Oncology progress note 2026-08-03']);
    expect(spec.attachments).toHaveLength(1);
    const facts = JSON.parse(new TextDecoder().decode(spec.attachments?.[0]?.content));
    expect(facts.caseId).toBe(input.caseId);
    expect(facts.billing.unitsRequested).toBe(1950);
    expect(facts.request.attachments[0]).toEqual({
      kind: 'progress_note',
      title: 'Oncology progress note 2026-08-03',
      contentType: 'application/pdf',
    });
  });

  it('renders to a letter of a few pages followed by the enclosure', async () => {
    // Act
    const bytes = await renderPdf(composePacketLetter(input, templates));
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });

    // Assess
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(4);
    expect(doc.getPageCount()).toBeLessThanOrEqual(6);
    expect(doc.getTitle()).toContain(input.caseId);
    expect(doc.getAuthor()).toBe('Riverside Oncology Associates');
    expect(doc.getCreationDate()?.toISOString()).toBe(input.createdAt.toISOString());
  });

  it('does not state a standard request is urgent', () => {
    // Act
    const text = flattenBlocks(composePacketLetter(input, templates));

    // Assess
    expect(text).not.toContain('Expedited review requested');
    expect(text).toContain('Standard');
  });

  it('leaves out what the request does not carry instead of inventing it', () => {
    // Act
    const text = flattenBlocks(composePacketLetter(input, templates));

    // Assess
    expect(text).not.toContain('Date of diagnosis');
    expect(text).not.toContain('ECOG');
    expect(text).not.toContain('Group number');
    expect(text).not.toContain('Compendium');
  });
});

describe('composePacketLetter, variations of the request', () => {
  it.each([
    ['medicare_advantage', 'must be expedited by a Medicare Advantage plan'],
    ['commercial', '29 CFR 2560.503-1(m)(1)'],
  ] as const)('states the urgency with the %s rule when expedited', (planType, rule) => {
    // Prepare
    const base = samplePacketInput();
    const input = samplePacketInput({
      request: {
        ...base.request,
        priority: 'expedited',
        urgencyReason: 'Progression risk while awaiting review.',
      },
      payer: { ...base.payer, planType },
    });

    // Act
    const text = flattenBlocks(composePacketLetter(input, templates));

    // Assess
    expect(text).toContain('Expedited review requested');
    expect(text).toContain('Progression risk while awaiting review.');
    expect(text).toContain(rule);
  });

  it('cites the compendium for an off-label, compendia-supported use', () => {
    // Prepare
    const base = samplePacketInput();
    const input = samplePacketInput({
      request: {
        ...base.request,
        treatmentPlan: {
          ...base.request.treatmentPlan,
          supportingEvidence: [
            {
              type: 'compendium',
              source: 'NCCN',
              category: '2A',
              version: '2026.3',
              date: '2026-09-01',
              citation: 'NCCN Drugs & Biologics Compendium, durvalumab (synthetic test citation)',
            },
            { type: 'literature', citation: 'Synthetic et al. J Test Oncol 2026;1:1-10' },
          ],
        },
      },
      assessment: {
        ...base.assessment,
        verdict: 'compendia_supported',
        indication: null,
        indicationTitle: null,
      },
    });

    // Act
    const text = flattenBlocks(composePacketLetter(input, templates));

    // Assess
    expect(text).toContain('Compendium and literature support');
    expect(text).toContain('NCCN | 2A | 2026.3 | 09/01/2026');
    expect(text).toContain('Synthetic et al. J Test Oncol 2026;1:1-10');
    expect(text).toContain('medically accepted indication');
  });

  it('shows a JW line with the discarded units when drug is wasted', () => {
    // Prepare
    const base = samplePacketInput();
    const input = samplePacketInput({
      request: { ...base.request, treatmentPlan: { ...base.request.treatmentPlan, dose: { mgPerKg: 10 } } },
      billing: {
        ...base.billing,
        dosePerAdministrationMg: 680,
        unitsPerAdministration: 68,
        vials: [
          { ndc11: '00310-4611-50', strengthMg: 500, count: 1 },
          { ndc11: '00310-4500-12', strengthMg: 120, count: 2 },
        ],
        discardedMg: 60,
        discardedUnits: 6,
        wasteModifier: 'JW',
        administrationsRequested: 13,
        unitsRequested: 884,
        discardedUnitsRequested: 78,
      },
    });

    // Act
    const text = flattenBlocks(composePacketLetter(input, templates));

    // Assess
    expect(text).toContain('J9173-JW');
    expect(text).toContain('Discarded from single-dose vials | 6 | 13 | 78');
    expect(text).toContain('10 mg/kg (weight-based) = 680 mg per administration at 68 kg');
    expect(text).toContain('00310-4500-12 (120 mg/2.4 mL (50 mg/mL) single-dose vial)');
    expect(text).not.toContain('J9173-JZ');
  });

  it('discloses clinical findings to the reviewer but keeps billing-scrub findings internal', () => {
    // Prepare
    const findings: Finding[] = [
      {
        severity: 'warning',
        code: 'POLICY_RISK',
        message: 'Synthetic policy-risk message for the reviewer.',
      },
      { severity: 'error', code: 'HCPCS_MISMATCH', message: 'Synthetic internal coding message.' },
    ];
    const input = samplePacketInput({ findings });

    // Act
    const text = flattenBlocks(composePacketLetter(input, templates));

    // Assess
    expect(text).toContain('Synthetic policy-risk message for the reviewer.');
    expect(text).not.toContain('Synthetic internal coding message.');
  });

  it('marks unmet and undocumented criteria as such', () => {
    // Prepare
    const base = samplePacketInput();
    const input = samplePacketInput({
      assessment: {
        ...base.assessment,
        verdict: 'insufficient_information',
        criteria: [
          { id: 'a', description: 'Criterion A', met: false, evidence: 'evidence A' },
          { id: 'b', description: 'Criterion B', met: null, evidence: 'evidence B' },
        ],
      },
    });

    // Act
    const text = flattenBlocks(composePacketLetter(input, templates));

    // Assess
    expect(text).toContain('Criterion A | **Not met** | evidence A');
    expect(text).toContain('Criterion B | Not documented | evidence B');
    expect(text).not.toContain('within this limit');
  });
});

describe('labelDurationLimit', () => {
  it.each([
    ['NSCLC_STAGE3_UNRESECTABLE_PACIFIC', /maximum 12 months/],
    ['SCLC_LIMITED_ADRIATIC', /maximum 24 months/],
  ])('reads the label limit of %s from the reference data', (indication, expected) => {
    // Act
    const limit = labelDurationLimit(indication);

    // Assess
    expect(limit?.text).toMatch(expected);
    expect(limit?.source).toBeTruthy();
  });

  it.each([null, 'UNKNOWN_INDICATION', 'HCC_UNRESECTABLE_HIMALAYA_STRIDE'])(
    'has no limit for %s',
    (indication) => {
      // Act
      const limit = labelDurationLimit(indication);

      // Assess
      expect(limit).toBeNull();
    },
  );
});
