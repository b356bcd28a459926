/**
 * The answer to each kind of denial reason, the evidence that rebuts it and why an appeal is the
 * remedy (core/remedies/denial-answers.ts), each from the case's facts: its assessment, billing,
 * authorization, claim and diagnosis codes.
 */
import { describe, expect, it } from 'vitest';
import {
  answerFor,
  appealReason,
  evidenceFor,
  failedCriteria,
  unknownCriteria,
} from '#core/remedies/denial-answers.ts';
import {
  alkPositiveAegean,
  authorization,
  claim,
  compendiaAssessment,
  denialInput,
  pacificAssessment,
  weightBasedBilling,
} from '../support/appeal-case.ts';

const noAssessment = { assessment: null };

describe('failedCriteria and unknownCriteria', () => {
  it('lists each failed criterion with its evidence, in parentheses', () => {
    expect(failedCriteria(alkPositiveAegean)).toBe(
      ' (No known ALK rearrangement: biomarkers.ALK = positive)',
    );
  });

  it('says nothing when no criterion failed or there is no assessment', () => {
    expect(failedCriteria(pacificAssessment)).toBe('');
    expect(failedCriteria(null)).toBe('');
  });

  it('lists the criteria not yet known, else every label criterion', () => {
    // Prepare
    const open = {
      ...pacificAssessment,
      criteria: [
        { id: 'a', description: 'PD-L1 tested', met: null, evidence: '' },
        { id: 'b', description: 'ECOG 0-1', met: null, evidence: '' },
        { id: 'c', description: 'Adult', met: true, evidence: 'age 68' },
      ],
    };
    // Act, Assess
    expect(unknownCriteria(open)).toBe('PD-L1 tested; ECOG 0-1');
    expect(unknownCriteria(pacificAssessment)).toBe('every label criterion');
    expect(unknownCriteria(null)).toBe('every label criterion');
  });
});

describe('answerFor, clinical reasons', () => {
  it('answers medical necessity with the labeled indication, its trial and each met criterion with its evidence', () => {
    const answer = answerFor('medical_necessity', denialInput({ note: null }));
    expect(answer).toMatch(/^Durvalumab is medically necessary for this patient\. /);
    expect(answer).toContain(
      `approves durvalumab for ${pacificAssessment.indicationTitle}, per the PACIFIC (NCT02125461) trial`,
    );
    expect(answer).toContain(
      'each of its criteria: Non-small cell lung cancer (diagnosis.histology = adenocarcinoma)',
    );
    expect(answer).toContain('; Stage III, unresectable (diagnosis.stage = IIIB; resectable = false)');
    expect(answer).not.toContain('On the point the notice raises');
  });

  it('says an off-label denial is neither investigational nor off-label when the label is met', () => {
    const answer = answerFor('experimental_off_label', denialInput({ note: null }));
    expect(answer).toMatch(/^This is neither an investigational nor an off-label use\. /);
  });

  it("answers the criterion the payer's note is about (two shared words) first", () => {
    // Act
    const answer = answerFor(
      'medical_necessity',
      denialInput({ note: 'No evidence of platinum-based chemoradiation before durvalumab.' }),
    );
    // Assess
    expect(answer).toContain(
      'On the point the notice raises: No progression after concurrent platinum-based chemoradiation is documented',
    );
    expect(answer).toContain('each of its 3 criteria (criteria table)');
  });

  it('does not take one shared word, a short word or a stop word for the point the note raises', () => {
    const answer = answerFor(
      'medical_necessity',
      denialInput({
        note: 'The documentation of the treatment and the therapy after stage review is lacking.',
      }),
    );
    expect(answer).not.toContain('On the point the notice raises');
  });

  it('refers to the criteria table when no criterion is met', () => {
    const answer = answerFor(
      'medical_necessity',
      denialInput({ note: null, assessment: { ...pacificAssessment, criteria: [] } }),
    );
    expect(answer).toContain('the record documents each of its criteria: see the criteria table.');
  });

  it('names the indication by its id when it has no title, and leaves out a trial it does not have', () => {
    const answer = answerFor(
      'medical_necessity',
      denialInput({
        note: null,
        assessment: { ...pacificAssessment, indicationTitle: null, trial: null },
      }),
    );
    expect(answer).toContain('approves durvalumab for NSCLC_STAGE3_UNRESECTABLE_PACIFIC, and the record');
  });

  it('answers a compendia-supported use with the compendium rule and its evidence', () => {
    const answer = answerFor('experimental_off_label', denialInput({ assessment: compendiaAssessment }));
    expect(answer).toMatch(/^The use is off-label but a medically accepted indication/);
    expect(answer).toContain('SSA §1861(t)(2)');
    expect(answer).toMatch(
      / It is supported by NCCN Bladder Cancer category 2A, version 2026\.3 \(2026-09-01\)\.$/,
    );
    expect(
      answerFor(
        'experimental_off_label',
        denialInput({ assessment: { ...compendiaAssessment, supportingEvidence: null } }),
      ),
    ).not.toContain('It is supported by');
  });

  it('falls back to the clinical basis in the record without a supporting assessment', () => {
    expect(answerFor('medical_necessity', denialInput(noAssessment))).toBe(
      'The record documents the clinical basis for the treatment.',
    );
    expect(answerFor('medical_necessity', denialInput({ assessment: alkPositiveAegean }))).toBe(
      'The record documents the clinical basis for the treatment.',
    );
  });
});

describe('answerFor, authorization reasons', () => {
  it('points to the authorization on file with its validity and its units', () => {
    expect(answerFor('authorization_absent', denialInput({ authorization }))).toBe(
      'Authorization PA-55120 covers this service (valid 2026-08-01 to 2027-07-31) for 1950 units; the claim is reprocessed against it.',
    );
  });

  it('gives an open end of the validity empty, and leaves out what the authorization does not say', () => {
    expect(
      answerFor(
        'authorization_absent',
        denialInput({ authorization: { number: 'PA-1', validFrom: '2026-08-01T00:00:00Z' } }),
      ),
    ).toBe(
      'Authorization PA-1 covers this service (valid 2026-08-01 to ); the claim is reprocessed against it.',
    );
    expect(
      answerFor(
        'authorization_absent',
        denialInput({ authorization: { number: 'PA-2', validTo: '2027-01-31' } }),
      ),
    ).toContain('(valid  to 2027-01-31)');
    expect(
      answerFor('authorization_absent', denialInput({ authorization: { number: 'PA-3', approvedUnits: 0 } })),
    ).toBe('Authorization PA-3 covers this service for 0 units; the claim is reprocessed against it.');
  });

  it('asks to match the claim to the request on file, or authorize retroactively, without an authorization number', () => {
    for (const auth of [undefined, null, { number: null }]) {
      expect(answerFor('authorization_absent', denialInput({ authorization: auth }))).toMatch(
        /^The service was provided under the prior-authorization request on file .* or to authorize the service retroactively\.$/,
      );
    }
  });

  it('answers exceeded units with the dose arithmetic and asks to extend the authorization', () => {
    // Act
    const answer = answerFor('authorization_exceeded', denialInput({ authorization }));
    // Assess
    expect(answer).toContain(
      'The billed units follow the labeled dose: 1500 mg / 10 mg per unit = 150 units of J9173',
    );
    expect(answer).toContain('Discarded (JW) units are drug left in single-dose vials, not an extra dose.');
    expect(answer).toMatch(/ We ask that authorization PA-55120 \(1950 units\) be extended to cover them\.$/);
    expect(
      answerFor(
        'authorization_exceeded',
        denialInput({ authorization: { number: null, approvedUnits: 300 } }),
      ),
    ).toMatch(/ We ask that authorization \(300 units\) be extended/);
    expect(
      answerFor('authorization_exceeded', denialInput({ authorization: { number: 'PA-9' } })),
    ).not.toContain('be extended');
  });
});

describe('answerFor, billing reasons', () => {
  it('answers a units denial with the units of the dose, the vials and no waste (JZ)', () => {
    expect(answerFor('dosage_units', denialInput())).toBe(
      'The units match the documented dose: 1500 mg / 10 mg per unit = 150 units of J9173; the least-waste vials are 3 x 500 mg (NDC 00310-4611-50) (1500 mg), and nothing is discarded, so the line carries JZ.',
    );
  });

  it('answers a modifier denial with the discarded mg and units on a JW line, citing the JW/JZ policy', () => {
    // Act
    const answer = answerFor('modifier', denialInput({ billing: weightBasedBilling }));
    // Assess
    expect(answer).toContain('750 mg / 10 mg per unit = 75 units of J9173');
    expect(answer).toContain('7 x 120 mg (NDC 00310-4500-12) (840 mg)');
    expect(answer).toContain(
      'the 90 mg left in the single-dose vials is discarded and billed as 9 units on a separate J9173-JW line',
    );
    expect(answer).toMatch(/\(CMS JW\/JZ policy, IOM 100-04 ch\. 17 §40\)\.$/);
  });

  it('takes the dose from the claim when there is one, with the least-waste vials for it', () => {
    // Act
    const answer = answerFor(
      'dosage_units',
      denialInput({ billing: null, claim: claim({ administeredMg: 750 }) }),
    );
    // Assess
    expect(answer).toContain('750 mg / 10 mg per unit = 75 units of J9173');
    expect(answer).toContain('billed as 9 units on a separate J9173-JW line');
  });

  it('speaks of the documented dose when neither the claim nor the billing gives one', () => {
    expect(answerFor('dosage_units', denialInput({ billing: null }))).toBe(
      'The units match the documented dose: the documented dose.',
    );
  });

  it('answers a coding denial with J9173, its unit and the durvalumab NDCs, and says J9376 is another drug', () => {
    const answer = answerFor('coding', denialInput());
    expect(answer).toMatch(
      /^Durvalumab is HCPCS J9173 \(Injection, durvalumab, 10 mg\), billed with its NDC \(/,
    );
    expect(answer).toContain('00310-4611-50');
    expect(answer).toContain('00310-4500-12');
    expect(answer).toMatch(/J9376.* is a different drug\.$/);
  });
});

describe('answerFor, other reasons', () => {
  it('names the case diagnosis codes, else the claim codes, else the documented diagnosis', () => {
    expect(answerFor('diagnosis', denialInput({ caseDiagnosisCodes: ['C34.12', 'Z51.12'] }))).toMatch(
      /^The diagnosis \(C34\.12, Z51\.12\) is .*, per the PACIFIC \(NCT02125461\) trial, a labeled indication/,
    );
    expect(
      answerFor(
        'diagnosis',
        denialInput({ caseDiagnosisCodes: undefined, claim: claim({ diagnosisCodes: ['C34.90'] }) }),
      ),
    ).toContain('The diagnosis (C34.90) is');
    expect(answerFor('diagnosis', denialInput({ caseDiagnosisCodes: undefined, ...noAssessment }))).toBe(
      'The diagnosis (the documented diagnosis) is its labeled indication, a labeled indication of durvalumab, documented by the pathology and staging in the record.',
    );
  });

  it('answers a duplicate with the date and id of the claim, else as a distinct request', () => {
    const c = claim();
    expect(answerFor('duplicate', denialInput({ claim: c }))).toBe(
      `The service on ${c.serviceDate} (claim ${c.claimId}) is a distinct administration, not a duplicate of an earlier claim.`,
    );
    expect(answerFor('duplicate', denialInput())).toBe(
      'The request is a distinct request, not a duplicate of an earlier one.',
    );
  });

  it.each([
    ['timely_filing', /^The filing was timely: .* for good cause\.$/],
    ['site_of_care', /^We request a site-of-care exception: /],
    [
      'benefit_exclusion',
      /^We request a medical exception: durvalumab is the labeled treatment for .*PACIFIC/,
    ],
    ['other', /^The record answers this reason in full\.$/],
  ] as const)('answers %s', (category, expected) => {
    expect(answerFor(category, denialInput())).toMatch(expected);
  });
});

describe('evidenceFor', () => {
  it('cites the label, the compendium, the criteria table and the reports for a clinical reason', () => {
    expect(evidenceFor('medical_necessity', denialInput())).toEqual([
      expect.stringMatching(/^FDA label: Single agent; adults with unresectable Stage III NSCLC.* \(.+\)$/),
      'The label criteria, each with the documented fact that meets it (criteria table)',
      'Pathology, staging and biomarker reports; treatment timeline',
    ]);
    expect(evidenceFor('benefit_exclusion', denialInput({ assessment: compendiaAssessment }))).toEqual([
      'Compendium/literature: NCCN Bladder Cancer category 2A, version 2026.3 (2026-09-01)',
      'Pathology, staging and biomarker reports; treatment timeline',
    ]);
    expect(evidenceFor('diagnosis', denialInput(noAssessment))).toEqual([
      'Pathology, staging and biomarker reports; treatment timeline',
    ]);
  });

  it('cites the authorization and what was requested for an authorization reason', () => {
    expect(evidenceFor('authorization_exceeded', denialInput({ authorization }))).toEqual([
      'Authorization PA-55120',
      'Requested: 13 administrations, 1950 units of J9173',
      'Medication administration record and waste log',
    ]);
    expect(evidenceFor('authorization_absent', denialInput({ billing: null }))).toEqual([
      'Medication administration record and waste log',
    ]);
  });

  it.each([
    [
      'dosage_units',
      [
        'Dose arithmetic, vial selection and billed lines (section below)',
        'Medication administration record (dose, vials and lot numbers) and waste log',
      ],
    ],
    ['timely_filing', ['Clearinghouse acceptance reports (999/277CA) for the original submission']],
    [
      'site_of_care',
      ['The site-of-care justification of the prior-authorization request, and the records it cites'],
    ],
    ['duplicate', ['Medical records for the date of service']],
    ['other', ['Medical records for the date of service']],
  ] as const)('cites for %s: %j', (category, expected) => {
    expect(evidenceFor(category, denialInput())).toEqual(expected);
  });

  it('cites the HCPCS source and the administration record for a coding reason', () => {
    const [hcpcs, record] = evidenceFor('coding', denialInput());
    expect(hcpcs).toMatch(/^HCPCS J9173: \S/);
    expect(record).toBe('Medication administration record showing the durvalumab NDC administered');
  });
});

describe('appealReason', () => {
  it.each([
    ['medical_necessity', 'a clinical appeal: the record meets the FDA label for'],
    [
      'dosage_units',
      'the claim was billed correctly for the documented dose; appeal with the dose arithmetic and the waste log.',
    ],
    [
      'modifier',
      'the claim was billed correctly for the documented dose; appeal with the dose arithmetic and the waste log.',
    ],
    [
      'authorization_exceeded',
      'appeal with the dose arithmetic and ask for the authorization to be extended.',
    ],
    [
      'authorization_absent',
      'appeal and ask the payer to match the claim to the authorization (or authorize retroactively).',
    ],
    ['timely_filing', 'appeal on the enclosed records; the letter asks to '],
  ] as const)('gives %s: %s', (category, expected) => {
    expect(appealReason(category, denialInput())).toContain(expected);
  });

  it('appeals a compendia-supported use on its compendium support', () => {
    expect(appealReason('experimental_off_label', denialInput({ assessment: compendiaAssessment }))).toBe(
      'a clinical appeal on the compendium support for this use.',
    );
  });
});
