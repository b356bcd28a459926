/**
 * Denial analysis: what a payer's denial means and the right answer to it. The CARC/RARC codes
 * name a category through reference/denial-routing.json (derived from denials.json); the claim
 * scrub's findings can overrule the payer's wording (a J9376 line denied as "diagnosis
 * inconsistent" is a coding error); the remedy is a clinical appeal, a corrected claim where
 * the denial is a billing error an appeal cannot fix, or none where an appeal would misstate
 * the facts (the assessment itself finds the use unsupported).
 */
import type { ClaimInput } from '#schemas/claim.ts';
import {
  administeredUnits,
  DURVALUMAB,
  describeHcpcs,
  documentedDoseMg,
  durvalumabLines,
  expectedDiscardedUnits,
  formatVials,
  icd10InList,
  isDurvalumabNdc,
  leastWasteVialCombination,
  scrubClaim,
} from '../billing/claim-scrub.ts';
import type { Assessment, Billing, Finding, Reason } from '../model.ts';
import routing from '../reference/denial-routing.json' with { type: 'json' };
import denialsReference from '../reference/denials.json' with { type: 'json' };

export const DENIAL_CATEGORIES = [
  'medical_necessity',
  'experimental_off_label',
  'authorization_absent',
  'authorization_exceeded',
  'dosage_units',
  'modifier',
  'coding',
  'diagnosis',
  'timely_filing',
  'benefit_exclusion',
  'duplicate',
  'other',
] as const;
export type DenialCategory = (typeof DENIAL_CATEGORIES)[number];
export type Remedy = 'appeal' | 'corrected_claim' | 'none';

export interface CaseAuthorization {
  number: string | null;
  approvedUnits?: number | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface DenialInput {
  subject: 'prior_auth' | 'claim';
  reasons: Reason[];
  note: string | null;
  assessment: Assessment | null;
  billing: Billing | null;
  claim?: ClaimInput;
  /** The case's findings (request assessment and any earlier claim scrub). */
  findings: Finding[];
  /** The case's approved authorization, for a claim denial. */
  authorization?: CaseAuthorization | null;
  /** The case's ICD-10-CM codes (request.diagnosis.icd10): what a corrected claim reports. */
  caseDiagnosisCodes?: string[];
  /** ICD-10-CM codes and ranges of the matched indication. */
  indicationIcd10?: string[];
}

export interface Rebuttal {
  reason: Reason;
  /** The code's meaning (reference/denials.json, or the payer's own text). */
  description: string;
  category: DenialCategory | null;
  /** The point-by-point answer, from the case's facts. */
  answer: string;
  /** The case's documents and facts that rebut the reason. */
  evidence: string[];
  /** What the reference says answers this code in general. */
  strategy: string[];
}

export interface Correction {
  field: string;
  from: string;
  to: string;
  why: string;
}

export interface DenialAnalysis {
  category: DenialCategory;
  remedy: Remedy;
  /** Why this remedy, in a sentence or two a billing specialist can act on. */
  reason: string;
  rebuttals: Rebuttal[];
  corrections: Correction[];
  /** The claim was returned as unprocessable (MA130): no appeal rights, submit a new claim. */
  noAppealRights: boolean;
  /** The case's findings plus the claim scrub's. */
  findings: Finding[];
  /** Codes not in the reference: answered generically, worth a human look. */
  unknownCodes: string[];
}

interface CodeRoute {
  category: string | null;
  /** The reply to a remark that names no category (e.g. N386: which NCD?). */
  answer?: string;
  generic?: boolean;
  preferCorrection?: boolean;
  noAppealRights?: boolean;
  clinical?: boolean;
  description?: string;
  unverified?: boolean;
}
interface CategoryRule {
  title: string;
  remedy: string;
  clinical?: boolean;
  correctable?: boolean;
  noneReason?: string;
  template: string;
  remedyAsked: string;
}

const CARC_ROUTES = routing.carc as Record<string, CodeRoute>;
const RARC_ROUTES = routing.rarc as Record<string, CodeRoute>;
const CATEGORY_RULES = routing.categories as Record<DenialCategory, CategoryRule>;
const PRECEDENCE = routing.precedence as DenialCategory[];

const CARC_REFERENCE = new Map(denialsReference.carc.map((c) => [c.code, c]));
const RARC_REFERENCE = new Map(denialsReference.rarc.map((r) => [r.code, r]));

/** The category's title, template and the remedy its letter asks for. */
export function denialCategoryRule(category: DenialCategory): CategoryRule {
  return CATEGORY_RULES[category];
}

function routeOf(reason: Reason): CodeRoute | undefined {
  if (reason.system === 'CARC') return CARC_ROUTES[reason.code];
  if (reason.system === 'RARC') return RARC_ROUTES[reason.code];
  return undefined;
}

/** The code's meaning: the payer's text, else the reference's. */
export function describeReason(reason: Reason): string {
  if (reason.description) return reason.description;
  if (reason.system === 'CARC') {
    const ref = CARC_REFERENCE.get(reason.code)?.description ?? CARC_ROUTES[reason.code]?.description;
    // The reference keeps older wordings in parentheses ("(2016 text: ...)"); the letter quotes the current one.
    if (ref) return ref.replace(/\s*\(20\d\d text[^)]*\)/g, '').trim();
  }
  if (reason.system === 'RARC') {
    // The reference elides long remark texts with "..."; the letter quotes what it has.
    const ref = RARC_REFERENCE.get(reason.code)?.description;
    if (ref) return ref.replace(/\s*\.\.\.$/, '');
  }
  return `${reason.system} ${reason.code} (not in the reference code list; see the payer's notice)`;
}

function strategyOf(reason: Reason): string[] {
  if (reason.system === 'CARC') return CARC_REFERENCE.get(reason.code)?.appeal_evidence ?? [];
  if (reason.system === 'RARC') {
    const action = RARC_REFERENCE.get(reason.code)?.action;
    return action ? [action] : [];
  }
  return [];
}

function isCategory(value: string | null | undefined): value is DenialCategory {
  return value != null && (DENIAL_CATEGORIES as readonly string[]).includes(value);
}

function mergeFindings(a: Finding[], b: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of [...a, ...b]) {
    const key = `${f.code}|${f.path ?? ''}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

export function analyseDenial(input: DenialInput): DenialAnalysis {
  const routes = input.reasons.map((reason) => ({ reason, route: routeOf(reason) }));
  const unknownCodes = routes
    .filter((r) => !r.route && (r.reason.system === 'CARC' || r.reason.system === 'RARC'))
    .map((r) => `${r.reason.system} ${r.reason.code}`);
  const noAppealRights = routes.some((r) => r.route?.noAppealRights);
  const preferCorrection = routes.some((r) => r.route?.preferCorrection);

  const scrubbed = input.claim
    ? scrubClaim(input.claim, {
        billing: input.billing,
        decision: input.authorization?.number
          ? {
              outcome: 'approved',
              authorizationNumber: input.authorization.number,
              approvedUnits: input.authorization.approvedUnits ?? null,
              validFrom: input.authorization.validFrom ?? null,
              validTo: input.authorization.validTo ?? null,
            }
          : null,
        assessment: input.assessment,
        indicationIcd10: input.indicationIcd10,
      })
    : [];
  const findings = mergeFindings(input.findings, scrubbed);

  const signalled = routes.map((r) => r.route?.category).filter(isCategory);
  let category: DenialCategory = PRECEDENCE.find((c) => signalled.includes(c)) ?? 'other';

  // A billing error on the claim explains the denial better than the payer's wording does.
  let explainedBy: Finding | undefined;
  if (input.subject === 'claim') {
    for (const rule of routing.findingsThatExplain) {
      const finding = scrubbed.find((f) => f.code === rule.finding && f.severity === 'error');
      if (finding && isCategory(rule.category) && rule.explains.includes(category)) {
        category = rule.category;
        explainedBy = finding;
        break;
      }
    }
  }

  const ctx: AnswerContext = { input, category };
  const anchor = routes.find((r) => isCategory(r.route?.category))?.reason;
  const rebuttals: Rebuttal[] = routes.map(({ reason, route }) => {
    const own = isCategory(route?.category) ? route.category : null;
    const answerCategory = explainedBy ? category : (own ?? category);
    // A remark that only qualifies a categorised code is answered by that code's answer.
    if (!own && reason.system === 'RARC' && anchor && !explainedBy) {
      return {
        reason,
        description: describeReason(reason),
        category: null,
        answer:
          route?.answer ??
          `This remark qualifies ${anchor.system} ${anchor.code}; the answer above covers both.`,
        evidence: [],
        strategy: strategyOf(reason),
      };
    }
    return {
      reason,
      description: describeReason(reason),
      category: own,
      answer: answerFor(answerCategory, ctx),
      evidence: evidenceFor(answerCategory, ctx),
      strategy: strategyOf(reason),
    };
  });

  const claimFixes = input.claim ? claimCorrections(input.claim, input) : [];
  const rule = CATEGORY_RULES[category];
  const clinical = rule.clinical || routes.some((r) => r.route?.clinical && r.route.category === category);
  const verdict = input.assessment?.verdict;

  let remedy: Remedy;
  let reason: string;
  if (noAppealRights) {
    remedy = 'corrected_claim';
    reason = `The claim was returned as unprocessable (RARC MA130): there are no appeal rights. Submit a new claim with the complete and correct information${claimFixes.length ? ` (${claimFixes.length} correction${claimFixes.length > 1 ? 's' : ''} below)` : '; no correction could be derived from the case, so review the remittance advice'}.`;
  } else if (clinical && verdict === 'not_supported') {
    remedy = 'none';
    reason = `No appeal: the case's own assessment finds the use not supported${failedCriteria(input.assessment)}. An appeal would misstate the facts; review the treatment plan with the ordering physician (a different regimen, compendium support, or a new request).`;
  } else if (clinical && verdict === 'insufficient_information') {
    remedy = 'none';
    reason = `Not yet appealable: the record does not establish ${unknownCriteria(input.assessment)}. Complete the documentation, reassess, then appeal before the deadline.`;
  } else if (input.subject === 'claim' && claimFixes.length > 0 && (rule.correctable || preferCorrection)) {
    remedy = 'corrected_claim';
    reason = `${rule.title}: a billing error on the claim${explainedBy ? ` (${explainedBy.code})` : ''} that an appeal cannot fix. Send a corrected claim (frequency code 7, replacing the original claim) with: ${claimFixes.map((c) => `${c.field} from ${c.from} to ${c.to}`).join('; ')}.`;
  } else if (rule.remedy === 'none') {
    remedy = 'none';
    reason = rule.noneReason ?? `${rule.title}: not appealed.`;
  } else {
    remedy = 'appeal';
    reason = `${rule.title}: ${appealReason(category, ctx)}`;
  }

  const corrections =
    remedy === 'corrected_claim' && input.claim
      ? [
          ...claimFixes,
          noAppealRights
            ? {
                field: 'claim frequency code',
                from: input.claim.frequencyCode,
                to: '1',
                why: 'An unprocessable claim (MA130) is not replaced or appealed: submit it as a new claim.',
              }
            : {
                field: 'claim frequency code',
                from: input.claim.frequencyCode,
                to: '7',
                why: `Replacement of the denied claim ${input.claim.payerClaimNumber ?? input.claim.claimId}: the payer reprocesses the corrected lines instead of an appeal.`,
              },
        ]
      : claimFixes;

  return { category, remedy, reason, rebuttals, corrections, noAppealRights, findings, unknownCodes };
}

function failedCriteria(assessment: Assessment | null): string {
  const failed = assessment?.criteria.filter((c) => c.met === false) ?? [];
  if (failed.length === 0) return '';
  return ` (${failed.map((c) => `${c.description}: ${c.evidence}`).join('; ')})`;
}

function unknownCriteria(assessment: Assessment | null): string {
  const unknown = assessment?.criteria.filter((c) => c.met === null) ?? [];
  return unknown.length > 0 ? unknown.map((c) => c.description).join('; ') : 'every label criterion';
}

interface AnswerContext {
  input: DenialInput;
  category: DenialCategory;
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
  const units = administeredUnits(doseMg);
  const vials = b && b.dosePerAdministrationMg === doseMg ? b.vials : leastWasteVialCombination(doseMg).vials;
  const openedMg = vials.reduce((sum, v) => sum + v.strengthMg * v.count, 0);
  const waste = input.claim ? expectedDiscardedUnits(input.claim, doseMg) : (b?.discardedUnits ?? 0);
  const wasteText =
    waste > 0
      ? `the ${openedMg - doseMg} mg left in the single-dose vials is discarded and billed as ${waste} units on a separate ${DURVALUMAB.hcpcs}-JW line`
      : `nothing is discarded, so the line carries JZ`;
  return `${doseMg} mg / ${DURVALUMAB.unitMg} mg per unit = ${units} units of ${DURVALUMAB.hcpcs}; the least-waste vials are ${formatVials({ vials })} (${openedMg} mg), and ${wasteText}`;
}

function answerFor(category: DenialCategory, ctx: AnswerContext): string {
  const { input } = ctx;
  const a = input.assessment;
  const evidenceText = a?.supportingEvidence ? ` It is supported by ${a.supportingEvidence}.` : '';
  switch (category) {
    case 'medical_necessity':
    case 'experimental_off_label': {
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
        return `The use is off-label but a medically accepted indication: it is supported in a recognized compendium, which the coverage rules for anticancer drugs accept (SSA §1861(t)(2); Medicare Benefit Policy Manual ch. 15 §50.4.5).${evidenceText}`;
      }
      return 'The enclosed records document the clinical basis for the treatment.';
    }
    case 'authorization_absent': {
      const auth = input.authorization;
      if (auth?.number) {
        return `Authorization ${auth.number} covers this service${auth.validFrom || auth.validTo ? ` (valid ${auth.validFrom?.slice(0, 10) ?? ''} to ${auth.validTo?.slice(0, 10) ?? ''})` : ''}${auth.approvedUnits != null ? ` for ${auth.approvedUnits} units` : ''}; the claim is reprocessed against it.`;
      }
      return 'The service was provided under the prior-authorization request on file for this case; we ask the payer to match the claim to it or to authorize the service retroactively.';
    }
    case 'authorization_exceeded': {
      const auth = input.authorization;
      return `The billed units follow the labeled dose: ${doseMath(input)}. Discarded (JW) units are drug left in single-dose vials, not an extra dose.${auth?.approvedUnits != null ? ` We ask that authorization${auth.number ? ` ${auth.number}` : ''} (${auth.approvedUnits} units) be extended to cover them.` : ''}`;
    }
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
      return `The diagnosis (${codes}) is ${indicationPhrase(a)}, a labeled indication of durvalumab, documented by the enclosed pathology and staging.`;
    }
    case 'timely_filing':
      return 'The filing was timely: the enclosed proof of the original submission (clearinghouse acceptance reports) shows the date it reached the payer. If the payer holds otherwise, we ask that it accept the filing for good cause.';
    case 'benefit_exclusion':
      return `We request a medical exception: durvalumab is the labeled treatment for ${indicationPhrase(a)}, and no covered alternative serves this patient's documented disease as well.`;
    case 'duplicate':
      return input.claim
        ? `The service on ${input.claim.serviceDate} (claim ${input.claim.claimId}) is a distinct administration, not a duplicate of an earlier claim.`
        : 'The request is a distinct request, not a duplicate of an earlier one.';
    case 'other':
      return 'The enclosed records answer this reason in full.';
  }
}

function evidenceFor(category: DenialCategory, ctx: AnswerContext): string[] {
  const { input } = ctx;
  const a = input.assessment;
  const b = input.billing;
  const out: string[] = [];
  const label = a?.labelSummary
    ? `FDA label: ${a.labelSummary}${a.labelSource ? ` (${a.labelSource})` : ''}`
    : null;
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
    case 'duplicate':
    case 'other':
      out.push('Medical records for the date of service');
      break;
  }
  return out;
}

function appealReason(category: DenialCategory, ctx: AnswerContext): string {
  const a = ctx.input.assessment;
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
      return `appeal on the enclosed records; the letter asks to ${CATEGORY_RULES[category].remedyAsked}.`;
  }
}

/** The fixes a corrected claim makes, from the claim's lines and the case's billing. */
function claimCorrections(claim: ClaimInput, input: DenialInput): Correction[] {
  const out: Correction[] = [];
  const lines = durvalumabLines(claim);
  const doseMg = documentedDoseMg(claim, input.billing);
  const vialNdc =
    input.billing?.vials[0]?.ndc11 ??
    (doseMg ? leastWasteVialCombination(doseMg).vials[0]?.ndc11 : undefined);

  for (const { index, line } of [...lines.administered, ...lines.waste].sort((x, y) => x.index - y.index)) {
    if (line.hcpcs !== DURVALUMAB.hcpcs) {
      out.push({
        field: `line ${index + 1} HCPCS`,
        from: line.hcpcs,
        to: DURVALUMAB.hcpcs,
        why: `${describeHcpcs(line.hcpcs)} is not durvalumab; durvalumab is ${DURVALUMAB.hcpcs} (Injection, durvalumab, ${DURVALUMAB.unitMg} mg).`,
      });
    }
    if ((line.ndc11 === undefined || !isDurvalumabNdc(line.ndc11)) && vialNdc) {
      out.push({
        field: `line ${index + 1} NDC`,
        from: line.ndc11 ?? '(none)',
        to: vialNdc,
        why: 'The NDC must be the durvalumab vial administered (11-digit, qualifier N4).',
      });
    }
  }

  const first = lines.administered[0];
  if (doseMg !== null && first) {
    const expectedUnits = administeredUnits(doseMg);
    if (first.line.units !== expectedUnits) {
      out.push({
        field: `line ${first.index + 1} units`,
        from: String(first.line.units),
        to: String(expectedUnits),
        why: `${doseMg} mg at ${DURVALUMAB.unitMg} mg per unit of ${DURVALUMAB.hcpcs} is ${expectedUnits} units (${DURVALUMAB.unitsFormula}).`,
      });
    }
    const expectedWaste = expectedDiscardedUnits(claim, doseMg);
    const basis =
      claim.discardedMg !== undefined
        ? 'the waste log'
        : 'per the least-waste vial combination; confirm against the waste log';
    const otherMods = first.line.modifiers.filter((m) => m !== 'JW' && m !== 'JZ');
    const wantMods = expectedWaste === 0 ? [...otherMods, 'JZ'] : otherMods;
    if (wantMods.join(' ') !== first.line.modifiers.join(' ')) {
      out.push({
        field: `line ${first.index + 1} modifiers`,
        from: first.line.modifiers.join(' ') || '(none)',
        to: wantMods.join(' ') || '(none)',
        why:
          expectedWaste === 0
            ? `Nothing is discarded from the single-dose vials (${basis}), so the administered line carries JZ.`
            : `${expectedWaste} units are discarded (${basis}), so the administered line carries no JZ and the waste goes on its own JW line.`,
      });
    }
    const wasteUnits = lines.waste.reduce((sum, l) => sum + l.line.units, 0);
    const firstWaste = lines.waste[0];
    if (expectedWaste > 0 && !firstWaste) {
      out.push({
        field: 'JW line',
        from: '(none)',
        to: `${DURVALUMAB.hcpcs}-JW x ${expectedWaste} units${vialNdc ? `, NDC ${vialNdc}` : ''}`,
        why: `The discarded amount is billed on a separate line with JW (${basis}).`,
      });
    } else if (expectedWaste === 0 && firstWaste) {
      out.push({
        field: `line ${firstWaste.index + 1}`,
        from: `${firstWaste.line.hcpcs}-JW x ${wasteUnits} units`,
        to: '(remove the line)',
        why: `The dose uses whole vials with nothing discarded (${basis}); a JW line is not billed with JZ.`,
      });
    } else if (firstWaste && claim.discardedMg !== undefined && wasteUnits !== expectedWaste) {
      out.push({
        field: `line ${firstWaste.index + 1} units`,
        from: String(wasteUnits),
        to: String(expectedWaste),
        why: `The waste log shows ${claim.discardedMg} mg discarded; discarded units round down and exclude what the administered line already counts.`,
      });
    }
  }

  const authNumber = input.authorization?.number;
  if (authNumber && claim.authorizationNumber !== authNumber) {
    out.push({
      field: 'authorization number (REF*G1)',
      from: claim.authorizationNumber ?? '(none)',
      to: authNumber,
      why: 'The prior-authorization number goes in REF*G1 (loop 2300 for the claim, or 2400 for the line; CMS-1500 box 23).',
    });
  }

  const caseCodes = input.caseDiagnosisCodes ?? [];
  const indication = input.indicationIcd10 ?? [];
  const claimCovered =
    indication.length > 0
      ? claim.diagnosisCodes.some((c) => icd10InList(c, indication))
      : caseCodes.length === 0 || claim.diagnosisCodes.some((c) => caseCodes.includes(c));
  const rightCodes = indication.length > 0 ? caseCodes.filter((c) => icd10InList(c, indication)) : caseCodes;
  if (!claimCovered && rightCodes.length > 0) {
    const rest = claim.diagnosisCodes.filter((c) => !rightCodes.includes(c));
    out.push({
      field: 'diagnosis codes',
      from: claim.diagnosisCodes.join(', '),
      to: [...rightCodes, ...rest].join(', '),
      why: 'The primary cancer diagnosis of the indication is listed first and pointed to by the drug line.',
    });
  }
  return out;
}
