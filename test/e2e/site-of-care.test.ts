/**
 * Site of care (API.md "Site of care") over HTTP: a payer whose registry entry carries a
 * site-of-care policy warns of a hospital outpatient request with SITE_OF_CARE_POLICY; the
 * request's justification turns it into info and the packet PDF into a letter with a
 * site-of-care section, read back from the PDF.
 */
import { describe, expect, it } from 'vitest';
import { api, requestFor, waitForCase } from './client.ts';
import { pdfTextOf } from './pdf-text.ts';

const PAYER = 'sim-site-of-care';
const JUSTIFICATION =
  'Grade 3 infusion-related reaction with cycle 2 requiring hospital-level monitoring and rapid response for later infusions.';

async function packetText(caseRecord: any): Promise<string> {
  const packet = caseRecord.documents.find((d: any) => d.kind === 'packet');
  const res = await api('GET', `/v1/documents/${packet.documentId}`);
  expect(res.status).toBe(200);
  return pdfTextOf(res.body);
}

const hospitalOutpatient = (justification?: string) =>
  requestFor(PAYER, (r) => {
    r.provider.siteOfCare = 'hospital_outpatient';
    if (justification) r.provider.siteOfCareJustification = justification;
  });

const siteFindings = (findings: any[]) => findings.filter((f) => f.code === 'SITE_OF_CARE_POLICY');

describe('site of care', () => {
  it('warns of a hospital outpatient request to a payer that prefers other sites; no letter section', async () => {
    // Act
    const assessed = await api('POST', '/v1/assessments', { body: hospitalOutpatient() });
    const res = await api('POST', '/v1/prior-auths', { body: hospitalOutpatient() });
    const done = await waitForCase(res.body.caseId, (c) => c.documents.some((d: any) => d.kind === 'packet'));

    // Assess
    expect(assessed.status).toBe(200);
    expect(siteFindings(assessed.body.findings)).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'provider.siteOfCare' }),
    ]);
    expect(siteFindings(done.findings)).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(await packetText(done)).not.toContain('site-of-care exception');
  });

  it('turns into info with a justification, which the packet letter states in its site-of-care section', async () => {
    // Act
    const res = await api('POST', '/v1/prior-auths', { body: hospitalOutpatient(JUSTIFICATION) });
    const done = await waitForCase(res.body.caseId, (c) => c.documents.some((d: any) => d.kind === 'packet'));
    const text = await packetText(done);

    // Assess
    expect(res.status).toBe(202);
    expect(siteFindings(done.findings)).toEqual([
      expect.objectContaining({ severity: 'info', path: 'provider.siteOfCareJustification' }),
    ]);
    expect(text).toContain('Site of care');
    expect(text).toContain('We request a site-of-care exception');
    expect(text).toContain(JUSTIFICATION);
  });

  it('says nothing of a preferred site, nor for a payer without a policy', async () => {
    // Act
    const office = await api('POST', '/v1/assessments', { body: requestFor(PAYER) });
    const noPolicy = await api('POST', '/v1/assessments', {
      body: requestFor('manual-commercial', (r) => {
        r.provider.siteOfCare = 'hospital_outpatient';
      }),
    });

    // Assess
    expect(siteFindings(office.body.findings)).toEqual([]);
    expect(siteFindings(noPolicy.body.findings)).toEqual([]);
  });

  it('refuses a justification over 20,000 characters with a 400 naming the field', async () => {
    // Act
    const res = await api('POST', '/v1/prior-auths', { body: hospitalOutpatient('x'.repeat(20_001)) });

    // Assess
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('provider.siteOfCareJustification');
  });
});
