/**
 * A payer's site-of-care policy (API.md "Site of care"), as its registry entry states it: the
 * preferred sites, and whether a hospital outpatient department needs an exception. The policy
 * is the payer's data, never a rule of the product: a payer without one gets no finding.
 * A request at a site the policy does not prefer gets SITE_OF_CARE_POLICY, a warning, or info
 * once the request carries provider.siteOfCareJustification (the letter then says why).
 */
import * as z from 'zod';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Finding } from '../model.ts';

export const HOSPITAL_OUTPATIENT = 'hospital_outpatient';

export const SiteOfCarePolicy = z.object({
  /** Sites of care the payer prefers (provider.siteOfCare values: office, home, ...). */
  preferred: z.array(z.string().min(1).max(100)).min(1).max(20),
  /** requires_exception: a hospital outpatient request needs a site-of-care exception (a justification). */
  hospitalOutpatient: z.enum(['requires_exception', 'allowed']).default('requires_exception'),
});
export type SiteOfCarePolicy = z.infer<typeof SiteOfCarePolicy>;

const label = (site: string) => site.replaceAll('_', ' ');

/** The site-of-care finding of a request to a payer with a policy, or none. */
export function siteOfCareFindings(
  provider: Pick<PriorAuthRequest['provider'], 'siteOfCare' | 'siteOfCareJustification'>,
  policy: SiteOfCarePolicy | undefined,
  payerName: string,
): Finding[] {
  if (policy === undefined) return [];
  const site = provider.siteOfCare.trim().toLowerCase();
  if (policy.preferred.some((preferred) => preferred.toLowerCase() === site)) return [];
  if (site === HOSPITAL_OUTPATIENT && policy.hospitalOutpatient === 'allowed') return [];
  const preferred = policy.preferred.map(label).join(', ');
  const exception =
    site === HOSPITAL_OUTPATIENT ? ' requires a site-of-care exception' : ' is not a preferred site';
  const justification = provider.siteOfCareJustification?.trim();
  if (justification)
    return [
      {
        severity: 'info',
        code: 'SITE_OF_CARE_POLICY',
        message: `${payerName}: ${label(site)}${exception} (preferred: ${preferred}); the request gives a site-of-care justification, which the letter states.`,
        path: 'provider.siteOfCareJustification',
      },
    ];
  return [
    {
      severity: 'warning',
      code: 'SITE_OF_CARE_POLICY',
      message: `${payerName}: ${label(site)}${exception} (preferred: ${preferred}). Add provider.siteOfCareJustification (why this site is medically necessary) or move the infusion to a preferred site.`,
      path: 'provider.siteOfCare',
    },
  ];
}
