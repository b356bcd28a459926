/**
 * The drug-line modifiers a durvalumab claim may carry beyond JW/JZ (checked in claim-scrub.ts):
 * 340B acquisition (JG, TB), site of service of an off-campus hospital department (PO, PN) and
 * clinical trials (Q0, Q1). Each rule is data with its source; none of these facts is in
 * /work/shared/reference or lambdas/core/reference yet, so every rule here is UNVERIFIED and says
 * what would verify it. A payer or a source that disagrees is a change of this table, not of code.
 */
import type { ClaimInput } from '#schemas/claim.ts';
import type { Finding } from '../model.ts';

export interface ModifierMeaning {
  modifier: string;
  meaning: string;
}

/** What each modifier says, as the findings quote it. */
export const MODIFIER_MEANINGS: Readonly<Record<string, string>> = {
  JW: 'drug amount discarded, not administered to any patient',
  JZ: 'zero drug amount discarded',
  JG: 'drug acquired with a 340B drug pricing program discount',
  TB: 'drug acquired with a 340B discount, reported for informational purposes',
  PO: 'service at an excepted off-campus provider-based hospital department',
  PN: 'non-excepted service at an off-campus provider-based hospital department',
  Q0: 'investigational clinical service provided in a clinical research study',
  Q1: 'routine clinical service provided in a clinical research study',
};

export interface ModifierRuleSource {
  status: 'UNVERIFIED';
  /** Where the rule comes from as the project knows it. */
  basis: string;
  /** What would verify it (and move it into reference/ with its source). */
  verifyWith: string;
}

/** Modifiers that never appear together on one line. */
export interface ExclusiveRule {
  kind: 'exclusive';
  modifiers: readonly [string, string];
  why: string;
  source: ModifierRuleSource;
}

/** Modifiers that only an institutional claim of a type of bill starting so carries. */
export interface InstitutionalOnlyRule {
  kind: 'institutional_only';
  modifiers: readonly string[];
  typeOfBillPrefixes: readonly string[];
  why: string;
  source: ModifierRuleSource;
}

/** Modifiers that need a claim field (e.g. the clinical trial's number). */
export interface NeedsFieldRule {
  kind: 'needs_field';
  modifiers: readonly string[];
  field: 'clinicalTrialNumber';
  why: string;
  source: ModifierRuleSource;
}

export type ModifierRule = ExclusiveRule | InstitutionalOnlyRule | NeedsFieldRule;

const unverified = (basis: string, verifyWith: string): ModifierRuleSource => ({
  status: 'UNVERIFIED',
  basis,
  verifyWith,
});
const CMS_340B = unverified(
  'CMS instructions for the 340B modifiers JG and TB (Part B drugs, 2023 onward)',
  "CMS's JG/TB modifier FAQ or MLN article, and the payer's 340B billing policy",
);
const CMS_SITE_OF_SERVICE = unverified(
  'CMS OPPS site-neutral rules for off-campus provider-based departments (PO, PN on the UB-04)',
  'the OPPS final rule or MLN article on modifiers PO and PN, and the payer policy',
);
const CMS_CLINICAL_TRIALS = unverified(
  'CMS National Coverage Determination 310.1 (routine costs in clinical trials): Q0/Q1 with the trial number',
  'NCD 310.1 and the Medicare Claims Processing Manual chapter on clinical trials',
);

const exclusive = (modifiers: [string, string], why: string, source: ModifierRuleSource): ExclusiveRule => ({
  kind: 'exclusive',
  modifiers,
  why,
  source,
});

export const MODIFIER_RULES: readonly ModifierRule[] = [
  exclusive(
    ['JG', 'TB'],
    'a 340B-acquired drug is reported with JG or with TB, depending on the hospital, never both',
    CMS_340B,
  ),
  exclusive(
    ['PO', 'PN'],
    'an off-campus department is excepted (PO) or not (PN), never both',
    CMS_SITE_OF_SERVICE,
  ),
  exclusive(
    ['Q0', 'Q1'],
    'a trial service is investigational (Q0) or routine (Q1), never both',
    CMS_CLINICAL_TRIALS,
  ),
  {
    kind: 'institutional_only',
    modifiers: ['PO', 'PN'],
    typeOfBillPrefixes: ['13'],
    why: 'PO and PN report hospital outpatient services (type of bill 13x) on an institutional claim',
    source: CMS_SITE_OF_SERVICE,
  },
  {
    kind: 'needs_field',
    modifiers: ['Q0', 'Q1'],
    field: 'clinicalTrialNumber',
    why: 'a clinical-trial line needs the trial context: its 8-digit NCT number on the claim',
    source: CMS_CLINICAL_TRIALS,
  },
];

const cite = (source: ModifierRuleSource) =>
  `(rule ${source.status}: ${source.basis}; verify with ${source.verifyWith})`;

/** The modifier findings of a claim: one per line and rule broken. */
export function modifierFindings(
  claim: ClaimInput,
  rules: readonly ModifierRule[] = MODIFIER_RULES,
): Finding[] {
  return claim.lines.flatMap((line, index) =>
    rules.flatMap((rule) => {
      const message = brokenRule(rule, line.modifiers, claim);
      if (!message) return [];
      return [
        {
          severity: 'error' as const,
          code: 'MODIFIER_CONFLICT' as const,
          path: `lines[${index}].modifiers`,
          message: `Line ${index + 1} (${line.hcpcs} ${line.modifiers.join(' ')}): ${message} ${cite(rule.source)}.`,
        },
      ];
    }),
  );
}

/** What the line does against the rule, or null when it keeps it. */
function brokenRule(rule: ModifierRule, modifiers: readonly string[], claim: ClaimInput): string | null {
  const present = rule.modifiers.filter((m) => modifiers.includes(m));
  if (present.length === 0) return null;
  const named = present.map((m) => `${m} (${MODIFIER_MEANINGS[m] ?? m})`).join(' and ');
  switch (rule.kind) {
    case 'exclusive':
      return present.length === rule.modifiers.length ? `carries ${named}; ${rule.why}.` : null;
    case 'institutional_only': {
      const prefix = claim.typeOfBill?.slice(0, 2);
      if (claim.form === 'institutional' && prefix !== undefined && rule.typeOfBillPrefixes.includes(prefix))
        return null;
      const on =
        claim.form === 'institutional'
          ? `an institutional claim of type of bill ${claim.typeOfBill ?? '(none)'}`
          : 'a professional claim';
      return `carries ${named} on ${on}; ${rule.why}.`;
    }
    case 'needs_field':
      return claim[rule.field] ? null : `carries ${named} without ${rule.field}; ${rule.why}.`;
  }
}
