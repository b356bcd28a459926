/**
 * Every denial category, from the payer's webhook to the PDF: the extracted text holds the facts
 * that category needs, and billing errors get a corrected-claim instruction, not an appeal letter.
 */
import { describe, expect, it } from 'vitest';
import { appealDecisionWebhook, claimDeniedWebhook as claimDenied } from '../fixtures/payer-decision.ts';
import {
  api,
  decision,
  expectStoresNothing,
  postWebhook,
  requestFor,
  submittedCase as submitted,
  waitForCase,
} from './client.ts';
import { pdfTextOf } from './pdf-text.ts';

const PAYER = 'manual-commercial';

async function pdfText(documentId: string): Promise<string> {
  const res = await api('GET', `/v1/documents/${documentId}`);
  expect(res.status).toBe(200);
  return pdfTextOf(res.body);
}

const submittedCase = (change?: (r: Record<string, any>) => void) => submitted(PAYER, change);

async function approvedCaseWithClaim(
  claim: Record<string, unknown>,
): Promise<{ caseId: string; claimId: string; findings: any[] }> {
  const caseId = await submittedCase();
  await postWebhook(
    PAYER,
    decision(caseId, 'approved', { authorizationNumber: 'PA-55120', approvedUnits: 1950 }),
  );
  await waitForCase(caseId, (c) => c.status === 'APPROVED');
  const res = await api('POST', `/v1/prior-auths/${caseId}/claims`, { body: claim });
  expect(res.status).toBe(201);
  return { caseId, claimId: res.body.claimId, findings: res.body.findings };
}

function baseClaim(id: string, change: (c: any) => void = () => {}): Record<string, any> {
  const claim: any = {
    claimId: id,
    serviceDate: '2026-09-07',
    placeOfService: '11',
    authorizationNumber: 'PA-55120',
    diagnosisCodes: ['C34.12'],
    administeredMg: 1500,
    lines: [
      {
        hcpcs: 'J9173',
        modifiers: ['JZ'],
        units: 150,
        ndc11: '00310-4611-50',
        ndcQuantity: 30,
        ndcUnit: 'ML',
        chargeAmount: 18750,
      },
      { hcpcs: '96413', modifiers: [], units: 1, chargeAmount: 310 },
    ],
  };
  change(claim);
  return claim;
}

describe('prior-auth denials', () => {
  it('medical necessity (CARC 50, N386): an appeal letter that answers point by point with the label and the facts', async () => {
    const caseId = await submittedCase();
    await postWebhook(
      PAYER,
      decision(caseId, 'denied', {
        note: 'Documentation does not establish that disease has not progressed after chemoradiation.',
      }),
    );
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    const appeal = done.appeals[0];
    const text = await pdfText(appeal.documentId);

    expect(appeal).toMatchObject({
      remedy: 'appeal',
      category: 'medical_necessity',
      level: 1,
      subject: 'prior_auth',
    });
    for (const fact of [
      'PACIFIC',
      'J9173',
      'XMA123456789',
      '1,500 mg',
      '150',
      'C34.12',
      'IIIB',
      'cisplatin',
      'CARC 50',
      'N386',
      'peer-to-peer',
    ]) {
      expect(text).toContain(fact);
    }
    expect(text).toMatch(/internal appeal|external review/i);
    expect(text).toMatch(/Page 1 of \d+/);
  });

  it('experimental / off-label (CARC 55): the appeal cites the label indication as a medically accepted use', async () => {
    const caseId = await submittedCase();
    await postWebhook(PAYER, decision(caseId, 'denied', { reasons: [{ system: 'CARC', code: '55' }] }));
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    const text = await pdfText(done.appeals[0].documentId);

    expect(done.appeals[0].category).toBe('experimental_off_label');
    expect(text).toContain('PACIFIC');
    expect(text).toMatch(/label/i);
    expect(text).toContain('CARC 55');
  });

  it('an ALK-positive AEGEAN request: no appeal, with the reason, since a label exclusion holds', async () => {
    const change = (r: any) => {
      r.diagnosis = {
        ...r.diagnosis,
        stage: 'IIB',
        resectable: true,
        tumorSizeCm: 5,
        nodalStatus: 'N1',
        biomarkers: { EGFR: 'negative', ALK: 'positive', PDL1_TPS: 30 },
      };
      r.oncologicHistory = [];
      r.treatmentPlan = {
        ...r.treatmentPlan,
        regimen: 'neoadjuvant durvalumab with platinum-containing chemotherapy',
        phase: 'neoadjuvant',
        intervalWeeks: 3,
        administrations: 4,
        combination: ['carboplatin', 'paclitaxel'],
      };
    };
    const assessed = await api('POST', '/v1/assessments', { body: requestFor(PAYER, change) });
    expect(assessed.body.assessment.verdict).toBe('not_supported');

    const caseId = await submittedCase(change);
    await postWebhook(PAYER, decision(caseId, 'denied'));
    const done = await waitForCase(caseId, (c) => c.appeals.length > 0);

    expect(done.status).toBe('DENIED');
    expect(done.appeals[0]).toMatchObject({ remedy: 'none', documentId: null });
    expect(done.appeals[0].reason).toMatch(/ALK/);
  });

  /** A denied case with its first appeal ready, and the payer's decision on that appeal posted. */
  async function appealDecided(outcome: 'upheld' | 'overturned', extra: Record<string, unknown>) {
    const caseId = await submittedCase();
    await postWebhook(PAYER, decision(caseId, 'denied'));
    const first = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    await postWebhook(PAYER, appealDecisionWebhook(caseId, first.appeals[0].appealId, outcome, extra));
    return caseId;
  }

  it('an upheld appeal drafts the next level', async () => {
    const caseId = await appealDecided('upheld', { note: 'Upheld on internal appeal.' });
    const done = await waitForCase(caseId, (c) => c.appeals.length === 2);

    expect(done.appeals[0].status).toBe('APPEAL_DENIED');
    expect(done.appeals[1]).toMatchObject({ level: 2, status: 'APPEAL_READY', remedy: 'appeal' });
    expect(await pdfText(done.appeals[1].documentId)).toMatch(/external review/i);
  });

  it('an overturned appeal approves the case', async () => {
    const caseId = await appealDecided('overturned', { authorizationNumber: 'PA-90001' });
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_APPROVED');
    expect(done.appeals[0].status).toBe('APPEAL_APPROVED');
  });
});

describe('claim denials', () => {
  /** What is wrong on the claim: a description and the change that makes it so. */
  const CLAIM_ERRORS: Record<string, [string, (c: any) => unknown]> = {
    units: ['1,500 units billed for a 1,500 mg dose', (c) => (c.lines[0].units = 1500)],
    modifier: ['the JZ modifier missing', (c) => (c.lines[0].modifiers = [])],
    coding: ['J9376 billed for durvalumab', (c) => (c.lines[0].hcpcs = 'J9376')],
    'authorization absent': ['the claim lacks the authorization number', (c) => delete c.authorizationNumber],
    diagnosis: ['only Z51.12 on the claim', (c) => (c.diagnosisCodes = ['Z51.12'])],
    'timely filing': ['a clean claim that the payer says came late', () => {}],
    'benefit exclusion': ['a clean claim that the payer says is not a covered benefit', () => {}],
    'authorization exceeded': [
      'a date of service after the authorization ended',
      (c) => (c.serviceDate = '2027-09-07'),
    ],
  };
  /** 'CO-16' is CARC 16 in group CO; 'M53' is a RARC. */
  const reasonsOf = (codes: string[]) =>
    codes.map((code) => {
      const [group, carc] = code.split('-');
      return carc ? { system: 'CARC', group: group!, code: carc } : { system: 'RARC', code };
    });
  const claimFor = (error: string) => baseClaim(`CLM-${Date.now()}`, CLAIM_ERRORS[error]![1]);

  it.each([
    ['units', 'CO-16 M53', 'UNITS_MISMATCH', 'dosage_units', ['J9173', '150', '1,500']],
    ['modifier', 'CO-4', 'WASTE_MODIFIER', 'modifier', ['J9173', 'JZ']],
    ['coding', 'CO-16 M51', 'HCPCS_MISMATCH', 'coding', ['J9376', 'J9173', 'pozelimab']],
    ['authorization absent', 'CO-197', 'AUTH_NUMBER_MISSING', 'authorization_absent', ['PA-55120', 'REF']],
  ])(
    '%s (%s): a corrected-claim instruction, no appeal letter',
    async (error, codes, finding, category, facts) => {
      const { caseId, claimId, findings } = await approvedCaseWithClaim(claimFor(error));
      expect(
        findings.map((f: any) => f.code),
        CLAIM_ERRORS[error]![0],
      ).toContain(finding);

      await postWebhook(PAYER, claimDenied(caseId, claimId, reasonsOf(codes.split(' '))));
      const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
      const remedy = done.appeals[0];
      const text = await pdfText(remedy.documentId);

      expect(remedy).toMatchObject({ remedy: 'corrected_claim', subject: 'claim', claimId, category });
      expect(done.documents.filter((d: any) => d.kind === 'appeal')).toHaveLength(0);
      for (const fact of facts) expect(text).toContain(fact);
      expect(text).toMatch(/frequency code 7|corrected claim/i);
    },
  );

  it.each([
    ['diagnosis', 'CO-11', 'corrected_claim', 'diagnosis', ['C34.12', 'Z51.12']],
    ['timely filing', 'CO-29', 'appeal', 'timely_filing', ['CARC CO-29', 'timely']],
    ['benefit exclusion', 'PR-96 N130', 'appeal', 'benefit_exclusion', ['CARC PR-96', 'N130', 'J9173']],
    ['authorization exceeded', 'CO-198', 'appeal', 'authorization_exceeded', ['PA-55120', 'CARC CO-198']],
  ])(
    '%s (%s): the %s for the claim, with the facts it needs',
    async (error, codes, remedy, category, facts) => {
      const { caseId, claimId } = await approvedCaseWithClaim(claimFor(error));
      await postWebhook(PAYER, claimDenied(caseId, claimId, reasonsOf(codes.split(' '))));
      const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
      const entry = done.appeals[0];
      const text = await pdfText(entry.documentId);

      expect(entry).toMatchObject({ remedy, subject: 'claim', claimId, category });
      for (const fact of [claimId, ...facts]) expect(text).toContain(fact);
    },
  );

  it('duplicate (CARC 18): no appeal, with the reason', async () => {
    const { caseId, claimId } = await approvedCaseWithClaim(baseClaim(`CLM-${Date.now()}`));
    await postWebhook(PAYER, claimDenied(caseId, claimId, [{ system: 'CARC', group: 'CO', code: '18' }]));
    const done = await waitForCase(caseId, (c) => c.appeals.length > 0);
    expect(done.appeals[0]).toMatchObject({ remedy: 'none', category: 'duplicate', documentId: null });
    expect(done.appeals[0].reason).toMatch(/duplicate/i);
  });

  it('a clean claim denied for medical necessity (CARC 50) gets an appeal of the claim', async () => {
    const { caseId, claimId, findings } = await approvedCaseWithClaim(baseClaim(`CLM-${Date.now()}`));
    expect(findings.filter((f: any) => f.severity === 'error')).toEqual([]);

    await postWebhook(PAYER, claimDenied(caseId, claimId, [{ system: 'CARC', group: 'CO', code: '50' }]));
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    const text = await pdfText(done.appeals[0].documentId);

    expect(done.appeals[0]).toMatchObject({ remedy: 'appeal', subject: 'claim', claimId });
    for (const fact of [claimId, 'J9173', 'PA-55120', 'PACIFIC']) expect(text).toContain(fact);
  });

  it('a claim scrub refuses a bad claim body with its field named and stores nothing', async () => {
    const caseId = await submittedCase();
    const res = await expectStoresNothing(
      () =>
        api('POST', `/v1/prior-auths/${caseId}/claims`, {
          body: baseClaim('CLM-bad', (c) => (c.lines = 'none')),
        }),
      [caseId],
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.path)).toContain('lines');
  });
});
