/**
 * The prose of a denial's answers (core/remedies/denial-answers.ts) by the facts that shape it: the
 * failed and unknown criteria, which criteria a payer's note raises (shared words of five letters
 * or more, stop words and case aside, met criteria only), the dose arithmetic from the claim's own
 * dose, the authorization's validity and units, the diagnosis codes of the claim, the compendium
 * citation, and the evidence listed for each category.
 */
import { describe, expect, it } from 'vitest';
import type { Assessment } from '#core/model.ts';
import { answerFor, evidenceFor, failedCriteria } from '#core/remedies/denial-answers.ts';
import {
  claim,
  compendiaAssessment,
  denialInput,
  pacificAssessment,
  pacificBilling,
} from '../support/appeal-case.ts';

const RAISED = ' On the point the notice raises:';
const withCriteria = (criteria: Assessment['criteria']): Assessment => ({ ...pacificAssessment, criteria });
const criterion = (description: string, met: boolean | null, evidence = 'the record') => ({
  id: description,
  description,
  met,
  evidence,
});

describe('the criteria an answer names', () => {
  it('lists every failed criterion with its evidence, separated by semicolons', () => {
    expect(
      failedCriteria(
        withCriteria([criterion('A', false, 'a'), criterion('B', true), criterion('C', false, 'c')]),
      ),
    ).toBe(' (A: a; C: c)');
  });

  it('names the met criteria, and only those, when the note raises none', () => {
    // Act
    const answer = answerFor(
      'medical_necessity',
      denialInput({
        note: null,
        assessment: withCriteria([criterion('Histology', true, 'adenocarcinoma'), criterion('Stage', false)]),
      }),
    );

    // Assess
    expect(answer).toContain('the record documents each of its criteria: Histology (adenocarcinoma).');
  });
});

describe('the criteria a payer note raises', () => {
  const raisedBy = (note: string, criteria: Assessment['criteria']) =>
    answerFor('medical_necessity', denialInput({ note, assessment: withCriteria(criteria) }));

  it('takes a met criterion sharing two words of five letters or more, in any case', () => {
    // Act
    const answer = raisedBy('STAGE NOT SHOWN AS UNRESECTABLE', [
      criterion('Histology', true),
      criterion('Stage III, unresectable', true, 'IIIB'),
    ]);

    // Assess
    expect(answer).toContain(`${RAISED} Stage III, unresectable is documented (IIIB).`);
    expect(answer).toContain('each of its 2 criteria (criteria table)');
  });

  it.each([
    ['words of four letters', 'AJCC stage only', [criterion('Stage III (AJCC), resected', true)]],
    ['stop words', 'patient therapy documented', [criterion('Patient therapy documented', true)]],
    ['an unmet criterion', 'stage unresectable', [criterion('Stage III, unresectable', false)]],
  ])('leaves out a criterion that shares only %s', (_, note, criteria) => {
    expect(raisedBy(note, criteria)).not.toContain(RAISED);
  });
});

describe('the dose arithmetic', () => {
  it("takes the claim's own dose and its least-waste vials over the case's plan", () => {
    // Act
    const answer = answerFor(
      'dosage_units',
      denialInput({ subject: 'claim', claim: claim({ administeredMg: 1120 }) }),
    );

    // Assess
    expect(answer).toBe(
      'The units match the documented dose: 1120 mg / 10 mg per unit = 112 units of J9173; the least-waste vials are 2 x 500 mg (NDC 00310-4611-50) + 1 x 120 mg (NDC 00310-4500-12) (1120 mg), and nothing is discarded, so the line carries JZ.',
    );
  });
});

describe('the authorization answers', () => {
  it('states the validity by its days and the units approved', () => {
    // Act
    const answer = answerFor(
      'authorization_absent',
      denialInput({
        authorization: {
          number: 'PA-1',
          validFrom: '2026-08-01T00:00:00Z',
          validTo: '2027-07-31T23:59:59Z',
          approvedUnits: 1950,
        },
      }),
    );

    // Assess
    expect(answer).toBe(
      'Authorization PA-1 covers this service (valid 2026-08-01 to 2027-07-31) for 1950 units; the claim is reprocessed against it.',
    );
  });

  it('asks to extend an authorization without a number by its units only', () => {
    // Act
    const answer = answerFor(
      'authorization_exceeded',
      denialInput({ authorization: { number: null, approvedUnits: 1950 } }),
    );

    // Assess
    expect(answer).toMatch(/ We ask that authorization \(1950 units\) be extended to cover them\.$/);
  });
});

describe('other answers', () => {
  it("names the claim's diagnosis codes when the case gives none", () => {
    // Act
    const answer = answerFor(
      'diagnosis',
      denialInput({ caseDiagnosisCodes: undefined, claim: claim({ diagnosisCodes: ['C34.12', 'Z51.11'] }) }),
    );

    // Assess
    expect(answer).toMatch(/^The diagnosis \(C34\.12, Z51\.11\) is /);
  });

  it('cites the compendium support only when there is one', () => {
    // Act
    const cited = answerFor('experimental_off_label', denialInput({ assessment: compendiaAssessment }));
    const uncited = answerFor(
      'experimental_off_label',
      denialInput({ assessment: { ...compendiaAssessment, supportingEvidence: null } }),
    );

    // Assess
    expect(cited).toMatch(
      / It is supported by NCCN Bladder Cancer category 2A, version 2026\.3 \(2026-09-01\)\.$/,
    );
    expect(uncited).toMatch(/\(SSA §1861\(t\)\(2\); Medicare Benefit Policy Manual ch\. 15 §50\.4\.5\)\.$/);
  });
});

describe('the evidence of each category', () => {
  it('lists the criteria table only when a criterion is met', () => {
    // Act
    const met = evidenceFor('medical_necessity', denialInput());
    const none = evidenceFor(
      'medical_necessity',
      denialInput({ assessment: withCriteria([criterion('Stage', false)]) }),
    );

    // Assess
    const TABLE = 'The label criteria, each with the documented fact that meets it (criteria table)';
    expect(met).toContain(TABLE);
    expect(none).not.toContain(TABLE);
  });

  it('cites the source of J9173 for a coding denial', () => {
    expect(evidenceFor('coding', denialInput())[0]).toMatch(/^HCPCS J9173: \S/);
  });

  it('states the request for an authorization denial', () => {
    expect(evidenceFor('authorization_absent', denialInput({ billing: pacificBilling }))).toContain(
      `Requested: ${pacificBilling.administrationsRequested} administrations, ${pacificBilling.unitsRequested} units of J9173`,
    );
  });
});
