/**
 * The view the appeal and corrected-claim templates render (core/remedies/appeal-view.ts): the
 * payer and subject flags, the denial codes, what the appeal asks, the authorization, the
 * documents enclosed, referenced and kept on request, and the signature.
 */
import { describe, expect, it } from 'vitest';
import { FDA_LABEL_CITATION } from '#core/reference/index.ts';
import { appealView, contactLine, reasonLabel } from '#core/remedies/appeal-view.ts';
import type { AppealInput } from '#core/remedies/compose-appeal.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import {
  appealInput,
  authorization,
  carc,
  claim,
  compendiaAssessment,
  rarc,
  request,
  weightBasedBilling,
} from '../support/appeal-case.ts';

function withProvider(provider: Partial<PriorAuthRequest['provider']>): PriorAuthRequest {
  return { ...request, provider: { ...request.provider, ...provider } };
}

describe('reasonLabel and contactLine', () => {
  it('names a CARC with its group when it has one, any other code by its system', () => {
    expect(reasonLabel(carc('50', 'CO'))).toBe('CARC CO-50');
    expect(reasonLabel(carc('197'))).toBe('CARC 197');
    expect(reasonLabel(rarc('N386'))).toBe('RARC N386');
  });

  it("puts the provider's phone and fax on one line, leaving out what is missing", () => {
    expect(contactLine(request)).toBe('Phone 555-0142 · Fax 555-0143');
    expect(contactLine(withProvider({ contact: { name: 'Sam', fax: '555-0143' } }))).toBe('Fax 555-0143');
    expect(contactLine(withProvider({ contact: undefined }))).toBe('');
  });
});

describe('appealView', () => {
  it('states the payer, the subject and the denial of a prior-authorization appeal', () => {
    // Act
    const view = appealView(appealInput({ reasons: [carc('50', 'CO'), rarc('N386')] }));
    // Assess
    expect(view.letterDate).toBe('2026-11-21');
    expect(view.payer).toEqual({
      id: 'demo-medicare-advantage',
      name: 'Demo Medicare Advantage Plan',
      planType: 'medicare_advantage',
      planTypeName: expect.any(String),
      isMedicare: true,
      isCommercial: false,
    });
    expect(view).toMatchObject({ subject: 'prior_auth', isClaim: false, isPriorAuth: true });
    expect(view.subjectText).toBe('prior-authorization request');
    expect(view.decision).toEqual({
      noticeDate: '2026-11-20',
      payerReference: 'ACME-PA-7781',
      authorizationNumber: null,
      note: expect.any(String),
      reasonCodes: 'CARC CO-50, RARC N386',
    });
    expect(view.claim).toBeNull();
    expect(view.untimely).toBeNull();
  });

  it('tells a commercial payer from Medicare', () => {
    expect(appealView(appealInput({ planType: 'commercial' })).payer).toMatchObject({
      isMedicare: false,
      isCommercial: true,
    });
    expect(appealView(appealInput({ planType: 'medicare' })).payer).toMatchObject({
      isMedicare: true,
      isCommercial: false,
    });
  });

  it('asks a clinical prior-auth appeal to authorize the whole course, with its units and start', () => {
    // Act
    const { analysis } = appealView(appealInput());
    // Assess
    expect(analysis.category).toBe('medical_necessity');
    expect(analysis.remedyAsked).toBe(
      'overturn the denial and authorize durvalumab (J9173) 1,500 mg fixed dose every 4 weeks, 13 administrations (1,950 units) from August 10, 2026',
    );
    expect(analysis.frequencyCode).toBe('7');
  });

  it("asks a claim appeal what the category's rule asks, not the course", () => {
    // Act
    const { analysis, isClaim, subjectText, service } = appealView(
      appealInput({ subject: 'claim', claim: claim(), reasons: [carc('50', 'CO')] }),
    );
    // Assess
    expect(isClaim).toBe(true);
    expect(subjectText).toBe('claim');
    expect(analysis.remedyAsked).not.toContain('authorize durvalumab');
    expect(service.datesOfService).toBe(claim().serviceDate);
  });

  it('gives the dates of service of a prior authorization as the course, and the NDCs of its vials', () => {
    const { service } = appealView(appealInput({ billing: weightBasedBilling }));
    expect(service).toMatchObject({
      hcpcs: 'J9173',
      hcpcsDescriptor: 'Injection, durvalumab, 10 mg',
      ndcs: '00310-4500-12',
      datesOfService: '13 administrations every 4 weeks from August 10, 2026',
      combination: null,
    });
  });

  it('states the authorization when the decision has a number or approved units, else none', () => {
    expect(appealView(appealInput({ authorization })).authorization).toEqual({
      number: 'PA-55120',
      approvedUnits: 1950,
      validFrom: '2026-08-01',
      validTo: '2027-07-31',
    });
    expect(
      appealView(appealInput({ authorization: { number: null, approvedUnits: 300 } })).authorization,
    ).toEqual({
      number: null,
      approvedUnits: 300,
      validFrom: null,
      validTo: null,
    });
    expect(appealView(appealInput()).authorization).toBeNull();
  });

  it('cites the FDA label for a labeled indication, and nothing for one without label facts', () => {
    expect(appealView(appealInput()).indication?.labelSource).toBe(FDA_LABEL_CITATION);
    expect(appealView(appealInput({ assessment: compendiaAssessment })).indication?.labelSource).toBeNull();
    expect(appealView(appealInput({ assessment: null })).indication).toBeNull();
  });

  it('names the confused HCPCS codes a claim carries, once each', () => {
    // Prepare
    const c = claim({
      lines: [
        { hcpcs: 'J9376', modifiers: [], units: 150 },
        { hcpcs: 'J9376', modifiers: ['JW'], units: 9 },
        { hcpcs: 'J9173', modifiers: [], units: 150 },
      ],
    });
    // Act
    const { hcpcsFacts } = appealView(appealInput({ subject: 'claim', claim: c }));
    // Assess
    expect(hcpcsFacts.durvalumab).toBe('J9173 (Injection, durvalumab, 10 mg)');
    expect(hcpcsFacts.confused).toHaveLength(1);
    expect(hcpcsFacts.confused[0]).toContain('J9376');
    expect(appealView(appealInput()).hcpcsFacts.confused).toEqual([]);
  });

  it('signs with the contact, the practice, its NPI and its phone and fax', () => {
    expect(appealView(appealInput()).signature).toEqual([
      'Sam Okafor',
      'for Riverside Oncology Associates',
      'NPI 1234567893',
      'Phone 555-0142 · Fax 555-0143',
    ]);
    const input: AppealInput = { ...appealInput(), request: withProvider({ contact: undefined }) };
    expect(appealView(input).signature).toEqual([
      'Reimbursement specialist',
      'for Riverside Oncology Associates',
      'NPI 1234567893',
    ]);
  });
});

describe('appealView documents', () => {
  it('references the notice with its reference, the label and the compendium; encloses nothing it does not carry', () => {
    // Prepare
    const input = appealInput();
    const withEvidence: AppealInput = {
      ...input,
      request: {
        ...request,
        treatmentPlan: {
          ...request.treatmentPlan,
          supportingEvidence: [
            { type: 'compendium', source: 'NCCN', category: '2A', version: '2026.3', citation: 'NSCL-1' },
            { type: 'compendium', source: 'DrugDex', category: 'IIa' },
            { type: 'literature', citation: 'Antonia 2017, N Engl J Med' },
          ],
        } as PriorAuthRequest['treatmentPlan'],
      },
    };
    // Act
    const { documents } = appealView(withEvidence);
    // Assess
    expect(documents.enclosures).toEqual([]);
    expect(documents.record).toBe('the record');
    expect(documents.referenced).toEqual([
      'Denial notice dated November 20, 2026 (your reference ACME-PA-7781)',
      FDA_LABEL_CITATION,
      'NCCN compendium listing, category 2A, version 2026.3: NSCL-1',
      'DrugDex compendium listing, category IIa',
      'Peer-reviewed publication: Antonia 2017, N Engl J Med',
    ]);
  });

  it('lists the enclosures the PDF carries as the enclosed record', () => {
    const input: AppealInput = {
      ...appealInput(),
      enclosures: [{ title: 'Original prior-authorization packet', pdf: new Uint8Array() }],
    };
    const { documents } = appealView(input);
    expect(documents.enclosures).toEqual(['Original prior-authorization packet']);
    expect(documents.record).toBe('the enclosed record');
  });

  it('references the claim and its remittance, and the authorization for an authorization denial', () => {
    // Act
    const { documents } = appealView(
      appealInput({ subject: 'claim', claim: claim(), reasons: [carc('198', 'CO')], authorization }),
    );
    // Assess
    expect(documents.referenced).toContain(`Claim ${claim().claimId} and its remittance advice`);
    expect(documents.referenced).toContain('Authorization approval PA-55120');
    expect(documents.onRequest).toContain(
      'Medication administration record (dose, vials, NDC and lot numbers) and drug waste log',
    );
  });

  it('leaves out the notice reference when the payer gave none, and the authorization outside authorization denials', () => {
    // Prepare
    const base = appealInput({ authorization, planType: 'commercial' });
    const input: AppealInput = { ...base, decision: { ...base.decision, payerReference: null } };
    // Act
    const { documents } = appealView(input);
    // Assess
    expect(documents.referenced[0]).toBe('Denial notice dated November 20, 2026');
    expect(documents.referenced).not.toContain('Authorization approval PA-55120');
    expect(documents.onRequest).toEqual([]);
  });

  it('keeps the administration record for a duplicate and the clearinghouse reports for timely filing on request', () => {
    expect(
      appealView(appealInput({ reasons: [carc('18', 'CO')], planType: 'commercial' })).documents.onRequest,
    ).toEqual(['Medication administration record (dose, vials, NDC and lot numbers) and drug waste log']);
    expect(
      appealView(appealInput({ reasons: [carc('29', 'CO')], planType: 'commercial' })).documents.onRequest,
    ).toEqual(['Clearinghouse acceptance reports (999/277CA) for the original submission']);
  });

  it('offers the appointment of representative form to a Medicare plan', () => {
    expect(appealView(appealInput({ planType: 'medicare' })).documents.onRequest).toEqual([
      "Appointment of representative form, where the plan requires one for a provider appeal on the patient's behalf",
    ]);
  });
});
