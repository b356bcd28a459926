/**
 * Every denial category, from the payer's webhook to the PDF: the extracted text holds the facts
 * that category needs, and billing errors get a corrected-claim instruction, not an appeal letter.
 */
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { api, decision, postWebhook, requestFor, submit, waitForCase } from './client.ts';

const PAYER = 'manual-commercial';

async function pdfText(documentId: string): Promise<string> {
  const res = await api('GET', `/v1/documents/${documentId}`);
  expect(res.status).toBe(200);
  const parser = new PDFParse({ data: new Uint8Array(res.body) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

async function submittedCase(change?: (r: Record<string, any>) => void): Promise<string> {
  const caseId = await submit(requestFor(PAYER, change));
  await waitForCase(caseId, (c) => c.status === 'SUBMITTED');
  return caseId;
}

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

function claimDenied(
  caseId: string,
  claimId: string,
  reasons: Array<{ system: string; code: string; group?: string }>,
) {
  return {
    type: 'claim.denied',
    occurredAt: new Date().toISOString(),
    data: { caseId, claimId, payerReference: 'ICN-2026-77', reasons, note: null },
  };
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
      '50',
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
    expect(text).toContain('55');
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

  it('an upheld appeal drafts the next level', async () => {
    const caseId = await submittedCase();
    await postWebhook(PAYER, decision(caseId, 'denied'));
    const first = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    await postWebhook(PAYER, {
      type: 'appeal.decision',
      occurredAt: new Date().toISOString(),
      data: {
        caseId,
        appealId: first.appeals[0].appealId,
        outcome: 'upheld',
        reasons: [],
        note: 'Upheld on internal appeal.',
      },
    });
    const done = await waitForCase(caseId, (c) => c.appeals.length === 2);

    expect(done.appeals[0].status).toBe('APPEAL_DENIED');
    expect(done.appeals[1]).toMatchObject({ level: 2, status: 'APPEAL_READY', remedy: 'appeal' });
    expect(await pdfText(done.appeals[1].documentId)).toMatch(/external review/i);
  });

  it('an overturned appeal approves the case', async () => {
    const caseId = await submittedCase();
    await postWebhook(PAYER, decision(caseId, 'denied'));
    const first = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    await postWebhook(PAYER, {
      type: 'appeal.decision',
      occurredAt: new Date().toISOString(),
      data: {
        caseId,
        appealId: first.appeals[0].appealId,
        outcome: 'overturned',
        reasons: [],
        authorizationNumber: 'PA-90001',
      },
    });
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_APPROVED');
    expect(done.appeals[0].status).toBe('APPEAL_APPROVED');
  });
});

describe('claim denials', () => {
  it.each([
    {
      label: 'units (CARC 16, M53): 1,500 units billed for a 1,500 mg dose',
      claim: (c: any) => (c.lines[0].units = 1500),
      reasons: [
        { system: 'CARC', group: 'CO', code: '16' },
        { system: 'RARC', code: 'M53' },
      ],
      finding: 'UNITS_MISMATCH',
      category: 'dosage_units',
      facts: ['J9173', '150', '1,500'],
    },
    {
      label: 'modifier (CARC 4): the JZ modifier missing',
      claim: (c: any) => (c.lines[0].modifiers = []),
      reasons: [{ system: 'CARC', group: 'CO', code: '4' }],
      finding: 'WASTE_MODIFIER',
      category: 'modifier',
      facts: ['J9173', 'JZ'],
    },
    {
      label: 'coding (CARC 16, M51): J9376 billed for durvalumab',
      claim: (c: any) => (c.lines[0].hcpcs = 'J9376'),
      reasons: [
        { system: 'CARC', group: 'CO', code: '16' },
        { system: 'RARC', code: 'M51' },
      ],
      finding: 'HCPCS_MISMATCH',
      category: 'coding',
      facts: ['J9376', 'J9173', 'pozelimab'],
    },
    {
      label: 'authorization absent (CARC 197): the claim lacks the authorization number',
      claim: (c: any) => delete c.authorizationNumber,
      reasons: [{ system: 'CARC', group: 'CO', code: '197' }],
      finding: 'AUTH_NUMBER_MISSING',
      category: 'authorization_absent',
      facts: ['PA-55120', 'REF'],
    },
  ])(
    '$label: a corrected-claim instruction, no appeal letter',
    async ({ claim, reasons, finding, category, facts }) => {
      const { caseId, claimId, findings } = await approvedCaseWithClaim(
        baseClaim(`CLM-${Date.now()}`, claim),
      );
      expect(findings.map((f: any) => f.code)).toContain(finding);

      await postWebhook(PAYER, claimDenied(caseId, claimId, reasons));
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
    {
      label: 'diagnosis (CARC 11): only Z51.12 on the claim',
      claim: (c: any) => (c.diagnosisCodes = ['Z51.12']),
      reasons: [{ system: 'CARC', group: 'CO', code: '11' }],
      category: 'diagnosis',
      remedy: 'corrected_claim',
      facts: ['C34.12', 'Z51.12'],
    },
    {
      label: 'timely filing (CARC 29)',
      claim: () => {},
      reasons: [{ system: 'CARC', group: 'CO', code: '29' }],
      category: 'timely_filing',
      remedy: 'appeal',
      facts: ['29', 'timely'],
    },
    {
      label: 'benefit exclusion (CARC 96, N130)',
      claim: () => {},
      reasons: [
        { system: 'CARC', group: 'PR', code: '96' },
        { system: 'RARC', code: 'N130' },
      ],
      category: 'benefit_exclusion',
      remedy: 'appeal',
      facts: ['96', 'N130', 'J9173'],
    },
    {
      label: 'authorization exceeded (CARC 198): a date of service after the authorization ended',
      claim: (c: any) => (c.serviceDate = '2027-09-07'),
      reasons: [{ system: 'CARC', group: 'CO', code: '198' }],
      category: 'authorization_exceeded',
      remedy: 'appeal',
      facts: ['PA-55120', '198'],
    },
  ])(
    '$label: the $remedy for the claim, with the facts it needs',
    async ({ claim, reasons, category, remedy, facts }) => {
      const { caseId, claimId } = await approvedCaseWithClaim(baseClaim(`CLM-${Date.now()}`, claim));
      await postWebhook(PAYER, claimDenied(caseId, claimId, reasons));
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
    const res = await api('POST', `/v1/prior-auths/${caseId}/claims`, {
      body: baseClaim('CLM-bad', (c) => (c.lines = 'none')),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.path)).toContain('lines');
  });
});
