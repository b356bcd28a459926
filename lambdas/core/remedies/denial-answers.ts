/**
 * The prose of a denial analysis: the answer to each reason and the evidence that supports it,
 * from the case's assessment, billing and authorization; the dose arithmetic a units or
 * modifier denial is answered with.
 */
import { billingUnits, formatVials, leastWasteVials } from '../billing/billing.ts';
import { documentedDoseMg, expectedDiscardedUnits } from '../billing/claim-lines.ts';
import { DURVALUMAB, describeHcpcs } from '../billing/coding.ts';
import type { Assessment } from '../model.ts';
import { FDA_LABEL_CITATION } from '../reference/index.ts';
import { denialCategoryRule } from './denial-codes.ts';
import type { CaseAuthorization, DenialCategory, DenialInput } from './denial-model.ts';

export function failedCriteria(assessment: Assessment | null): string {
  const failed = assessment?.criteria.filter((c) => c.met === false) ?? [];
  if (failed.length === 0) return '';
  return ` (${failed.map((c) => `${c.description}: ${c.evidence}`).join('; ')})`;
}

export function unknownCriteria(assessment: Assessment | null): string {
  const unknown = assessment?.criteria.filter((c) => c.met === null) ?? [];
  return unknown.length > 0 ? unknown.map((c) => c.description).join('; ') : 'every label criterion';
}

function indicationPhrase(a: Assessment | null): string {
  if (!a?.indication) return 'its labeled indication';
  const title = a.indicationTitle ?? a.indication;
  return a.trial ? `${title}, per the ${a.trial} trial` : title;
}

const STOP_WORDS = new Set([
  'documentation',
  'document',
  'documented',
  'establish',
  'patient',
  'therapy',
  'treatment',
  'following',
  'after',
  'before',
  'which',
  'their',
  'there',
  'does',
  'about',
]);

function keywordsOf(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 4 && !STOP_WORDS.has(w))
      .map((w) => w.slice(0, 7)),
  );
}

/** The met criteria a payer's free-text note is about (shared words), so the letter answers that point first. */
function criteriaTheNoteRaises(a: Assessment | null, note: string | null): Assessment['criteria'] {
  if (!a || !note) return [];
  const noteWords = keywordsOf(note);
  return a.criteria.filter((c) => {
    if (c.met !== true) return false;
    const shared = [...keywordsOf(c.description)].filter((w) => noteWords.has(w));
    return shared.length >= 2;
  });
}

function metCriteria(a: Assessment | null): string {
  const met = a?.criteria.filter((c) => c.met === true) ?? [];
  return met.map((c) => `${c.description} (${c.evidence})`).join('; ');
}

function doseMath(input: DenialInput): string {
  const b = input.billing;
  const doseMg = input.claim ? documentedDoseMg(input.claim, b) : (b?.dosePerAdministrationMg ?? null);
  if (doseMg === null) return 'the documented dose';
  const units = billingUnits(doseMg);
  const vials = b && b.dosePerAdministrationMg === doseMg ? b.vials : leastWasteVials(doseMg).vials;
  const openedMg = vials.reduce((sum, v) => sum + v.strengthMg * v.count, 0);
  const waste = input.claim ? expectedDiscardedUnits(input.claim, doseMg) : (b?.discardedUnits ?? 0);
  const wasteText =
    waste > 0
      ? `the ${openedMg - doseMg} mg left in the single-dose vials is discarded and billed as ${waste} units on a separate ${DURVALUMAB.hcpcs}-JW line`
      : `nothing is discarded, so the line carries JZ`;
  return `${doseMg} mg / ${DURVALUMAB.unitMg} mg per unit = ${units} units of ${DURVALUMAB.hcpcs}; the least-waste vials are ${formatVials({ vials })} (${openedMg} mg), and ${wasteText}`;
}

/** The point-by-point answer to a reason of the category, from the case's facts. */
export function answerFor(category: DenialCategory, input: DenialInput): string {
  switch (category) {
    case 'medical_necessity':
    case 'experimental_off_label':
      return clinicalAnswer(category, input);
    case 'authorization_absent':
      return authorizationAbsentAnswer(input.authorization);
    case 'authorization_exceeded':
      return authorizationExceededAnswer(input);
    case 'dosage_units':
      return `The units match the documented dose: ${doseMath(input)}.`;
    case 'modifier':
      return `The waste modifier follows the vials used: ${doseMath(input)} (CMS JW/JZ policy, IOM 100-04 ch. 17 §40).`;
    case 'coding':
      return `Durvalumab is HCPCS ${DURVALUMAB.hcpcs} (Injection, durvalumab, ${DURVALUMAB.unitMg} mg), billed with its NDC (${DURVALUMAB.vials.map((v) => `${v.ndc11}, ${v.strength}`).join('; ')}). ${describeHcpcs('J9376')} is a different drug.`;
    case 'diagnosis': {
      const codes =
        input.caseDiagnosisCodes?.join(', ') ??
        input.claim?.diagnosisCodes.join(', ') ??
        'the documented diagnosis';
      return `The diagnosis (${codes}) is ${indicationPhrase(input.assessment)}, a labeled indication of durvalumab, documented by the pathology and staging in the record.`;
    }
    case 'timely_filing':
      return 'The filing was timely: the proof of the original submission (clearinghouse acceptance reports, available on request) shows the date it reached the payer. If the payer holds otherwise, we ask that it accept the filing for good cause.';
    case 'site_of_care':
      return 'We request a site-of-care exception: the infusions are given at this site for the reasons the site-of-care section below and the enclosed records state.';
    case 'benefit_exclusion':
      return `We request a medical exception: durvalumab is the labeled treatment for ${indicationPhrase(input.assessment)}, and no covered alternative serves this patient's documented disease as well.`;
    case 'duplicate':
      return input.claim
        ? `The service on ${input.claim.serviceDate} (claim ${input.claim.claimId}) is a distinct administration, not a duplicate of an earlier claim.`
        : 'The request is a distinct request, not a duplicate of an earlier one.';
    case 'other':
      return 'The record answers this reason in full.';
  }
}

function clinicalAnswer(category: DenialCategory, input: DenialInput): string {
  const a = input.assessment;
  if (a?.verdict === 'meets_label') {
    const lead =
      category === 'experimental_off_label'
        ? 'This is neither an investigational nor an off-label use.'
        : 'Durvalumab is medically necessary for this patient.';
    const raised = criteriaTheNoteRaises(a, input.note);
    const point =
      raised.length > 0
        ? ` On the point the notice raises: ${raised.map((c) => `${c.description} is documented (${c.evidence})`).join('; ')}.`
        : '';
    const documented =
      raised.length > 0
        ? `each of its ${a.criteria.length} criteria (criteria table)`
        : `each of its criteria: ${metCriteria(a) || 'see the criteria table'}`;
    return `${lead} The FDA label approves durvalumab for ${indicationPhrase(a)}, and the record documents ${documented}.${point}`;
  }
  if (a?.verdict === 'compendia_supported') {
    const evidenceText = a.supportingEvidence ? ` It is supported by ${a.supportingEvidence}.` : '';
    return `The use is off-label but a medically accepted indication: it is supported in a recognized compendium, which the coverage rules for anticancer drugs accept (SSA §1861(t)(2); Medicare Benefit Policy Manual ch. 15 §50.4.5).${evidenceText}`;
  }
  return 'The record documents the clinical basis for the treatment.';
}

function authorizationAbsentAnswer(auth: CaseAuthorization | null | undefined): string {
  if (!auth?.number) {
    return 'The service was provided under the prior-authorization request on file for this case; we ask the payer to match the claim to it or to authorize the service retroactively.';
  }
  const validity =
    auth.validFrom || auth.validTo
      ? ` (valid ${auth.validFrom?.slice(0, 10) ?? ''} to ${auth.validTo?.slice(0, 10) ?? ''})`
      : '';
  const units = auth.approvedUnits != null ? ` for ${auth.approvedUnits} units` : '';
  return `Authorization ${auth.number} covers this service${validity}${units}; the claim is reprocessed against it.`;
}

function authorizationExceededAnswer(input: DenialInput): string {
  const auth = input.authorization;
  const extension =
    auth?.approvedUnits != null
      ? ` We ask that authorization${auth.number ? ` ${auth.number}` : ''} (${auth.approvedUnits} units) be extended to cover them.`
      : '';
  return `The billed units follow the labeled dose: ${doseMath(input)}. Discarded (JW) units are drug left in single-dose vials, not an extra dose.${extension}`;
}

/** The case's documents and facts that rebut a reason of the category. */
export function evidenceFor(category: DenialCategory, input: DenialInput): string[] {
  const a = input.assessment;
  const b = input.billing;
  const out: string[] = [];
  const label = a?.labelSummary ? `FDA label: ${a.labelSummary} (${FDA_LABEL_CITATION})` : null;
  switch (category) {
    case 'medical_necessity':
    case 'experimental_off_label':
    case 'diagnosis':
    case 'benefit_exclusion':
      if (label) out.push(label);
      if (a?.supportingEvidence) out.push(`Compendium/literature: ${a.supportingEvidence}`);
      if (a?.criteria.some((c) => c.met === true))
        out.push('The label criteria, each with the documented fact that meets it (criteria table)');
      out.push('Pathology, staging and biomarker reports; treatment timeline');
      break;
    case 'authorization_absent':
    case 'authorization_exceeded':
      if (input.authorization?.number) out.push(`Authorization ${input.authorization.number}`);
      if (b)
        out.push(
          `Requested: ${b.administrationsRequested} administrations, ${b.unitsRequested} units of ${b.hcpcs}`,
        );
      out.push('Medication administration record and waste log');
      break;
    case 'dosage_units':
    case 'modifier':
      out.push('Dose arithmetic, vial selection and billed lines (section below)');
      out.push('Medication administration record (dose, vials and lot numbers) and waste log');
      break;
    case 'coding':
      out.push(`HCPCS ${DURVALUMAB.hcpcs}: ${DURVALUMAB.hcpcsSources[0] ?? ''}`);
      out.push('Medication administration record showing the durvalumab NDC administered');
      break;
    case 'timely_filing':
      out.push('Clearinghouse acceptance reports (999/277CA) for the original submission');
      break;
    case 'site_of_care':
      out.push('The site-of-care justification of the prior-authorization request, and the records it cites');
      break;
    case 'duplicate':
    case 'other':
      out.push('Medical records for the date of service');
      break;
  }
  return out;
}

/** Why an appeal is the remedy, for the analysis' reason. */
export function appealReason(category: DenialCategory, input: DenialInput): string {
  const a = input.assessment;
  switch (category) {
    case 'medical_necessity':
    case 'experimental_off_label':
      return a?.verdict === 'compendia_supported'
        ? 'a clinical appeal on the compendium support for this use.'
        : `a clinical appeal: the record meets the FDA label for ${indicationPhrase(a)}.`;
    case 'dosage_units':
    case 'modifier':
      return 'the claim was billed correctly for the documented dose; appeal with the dose arithmetic and the waste log.';
    case 'authorization_exceeded':
      return 'appeal with the dose arithmetic and ask for the authorization to be extended.';
    case 'authorization_absent':
      return 'appeal and ask the payer to match the claim to the authorization (or authorize retroactively).';
    default:
      return `appeal on the enclosed records; the letter asks to ${denialCategoryRule(category).remedyAsked}.`;
  }
}
