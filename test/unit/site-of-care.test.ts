import { describe, expect, it } from 'vitest';
import { loadTemplates } from '#adapters/templates.ts';
import { assessmentOptions } from '#core/case/create-case.ts';
import { assessRequest } from '#core/clinical/assess-request.ts';
import { type SiteOfCarePolicy, siteOfCareFindings } from '#core/clinical/site-of-care.ts';
import { composePacketLetter, packetLetterView } from '#core/packet/letter.ts';
import type { PayerConfig } from '#core/ports.ts';
import { PayerEntry } from '#schemas/payer-registry.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';
import { flattenBlocks } from './support/appeal-case.ts';
import { requestWith } from './support/indication-requests.ts';

const POLICY: SiteOfCarePolicy = {
  preferred: ['office', 'home', 'ambulatory_infusion_center'],
  hospitalOutpatient: 'requires_exception',
};

const payer: PayerConfig = {
  id: 'acme',
  name: 'Acme Health',
  planType: 'commercial',
  transport: 'simulator',
  webhookSecret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
  siteOfCarePolicy: POLICY,
};

const at = (siteOfCare: string, siteOfCareJustification?: string) =>
  requestWith((draft) => Object.assign(draft.provider, { siteOfCare, siteOfCareJustification }));

describe('siteOfCareFindings', () => {
  it('warns of a hospital outpatient request to a payer that requires an exception', () => {
    // Act
    const findings = siteOfCareFindings({ siteOfCare: 'hospital_outpatient' }, POLICY, 'Acme Health');

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'SITE_OF_CARE_POLICY',
        path: 'provider.siteOfCare',
      }),
    ]);
    expect(findings[0]!.message).toContain('office, home, ambulatory infusion center');
  });

  it('turns into info once the request justifies the site', () => {
    // Act
    const findings = siteOfCareFindings(
      { siteOfCare: 'hospital_outpatient', siteOfCareJustification: 'Prior grade 3 infusion reaction.' },
      POLICY,
      'Acme Health',
    );

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'SITE_OF_CARE_POLICY',
        path: 'provider.siteOfCareJustification',
      }),
    ]);
  });

  it('treats a blank justification as none', () => {
    const findings = siteOfCareFindings(
      { siteOfCare: 'hospital_outpatient', siteOfCareJustification: '  ' },
      POLICY,
      'A',
    );
    expect(findings[0]!.severity).toBe('warning');
  });

  it.each(['office', 'home', 'ambulatory_infusion_center', 'Office'])(
    'says nothing of a preferred site (%s)',
    (site) => {
      expect(siteOfCareFindings({ siteOfCare: site }, POLICY, 'A')).toEqual([]);
    },
  );

  it('says nothing without a policy, or where the policy allows hospital outpatient care', () => {
    expect(siteOfCareFindings({ siteOfCare: 'hospital_outpatient' }, undefined, 'A')).toEqual([]);
    const allowed = { ...POLICY, hospitalOutpatient: 'allowed' as const };
    expect(siteOfCareFindings({ siteOfCare: 'hospital_outpatient' }, allowed, 'A')).toEqual([]);
  });

  it('warns of another site the policy does not prefer', () => {
    const [finding] = siteOfCareFindings({ siteOfCare: 'infusion_center' }, POLICY, 'A');
    expect(finding).toMatchObject({ severity: 'warning', code: 'SITE_OF_CARE_POLICY' });
    expect(finding!.message).toContain('not a preferred site');
  });
});

describe('site of care in the assessment and the registry', () => {
  it('assesses a request with the policy of the payer registry entry', () => {
    // Act
    const { findings } = assessRequest(at('hospital_outpatient'), assessmentOptions(payer));
    const { findings: without } = assessRequest(
      at('hospital_outpatient'),
      assessmentOptions({ ...payer, siteOfCarePolicy: undefined } as PayerConfig),
    );

    // Assess
    expect(findings.filter((f) => f.code === 'SITE_OF_CARE_POLICY')).toHaveLength(1);
    expect(without.map((f) => f.code)).not.toContain('SITE_OF_CARE_POLICY');
  });

  it('reads siteOfCarePolicy in a registry entry, and refuses an empty preferred list', () => {
    // Act
    const entry = PayerEntry.parse({ ...payer, siteOfCarePolicy: { preferred: ['office'] } });
    const empty = PayerEntry.safeParse({ ...payer, siteOfCarePolicy: { preferred: [] } });

    // Assess
    expect(entry.siteOfCarePolicy).toEqual({
      preferred: ['office'],
      hospitalOutpatient: 'requires_exception',
    });
    expect(empty.success).toBe(false);
  });

  it('takes a justification of at most 20,000 characters', () => {
    // Prepare
    const base = at('hospital_outpatient');
    const withText = (n: number) => ({
      ...base,
      provider: { ...base.provider, siteOfCareJustification: 'x'.repeat(n) },
    });

    // Act
    const atLimit = PriorAuthRequest.safeParse(withText(20_000));
    const over = PriorAuthRequest.safeParse(withText(20_001));

    // Assess
    expect(atLimit.success).toBe(true);
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.path).toEqual(['provider', 'siteOfCareJustification']);
  });
});

describe('the packet letter site-of-care section', () => {
  const templates = loadTemplates();
  const justification = 'Grade 3 infusion reaction on 2026-07-01 needing hospital monitoring.';

  it('states the justification and asks for the exception when the policy finding is present', () => {
    // Prepare
    const sample = samplePacketInput();
    const request = {
      ...sample.request,
      provider: {
        ...sample.request.provider,
        siteOfCare: 'hospital_outpatient',
        siteOfCareJustification: justification,
      },
    };
    const findings = siteOfCareFindings(request.provider, POLICY, 'Acme Health');

    // Act
    const text = flattenBlocks(composePacketLetter({ ...sample, request, findings }, templates));

    // Assess
    expect(text).toContain('Site of care');
    expect(text).toContain('site-of-care exception');
    expect(text).toContain(justification);
  });

  it('has no section without a justification', () => {
    // Act
    const view = packetLetterView(samplePacketInput());
    const text = flattenBlocks(composePacketLetter(samplePacketInput(), templates));

    // Assess
    expect(view.siteOfCare).toBeNull();
    expect(text).not.toContain('site-of-care exception');
  });
});
