/**
 * What a CARC/RARC code means and which denial category it signals, from
 * reference/denial-routing.json (derived from denials.json): the category's rule (title, letter
 * template, remedy), the code's description and the reference's appeal strategy for it.
 */
import type { Reason } from '../model.ts';
import {
  DENIALS_REFERENCE as denialsReference,
  DENIAL_ROUTING_REFERENCE as routing,
} from '../reference/index.ts';
import { DENIAL_CATEGORIES, type DenialCategory } from './denial-model.ts';

export interface CodeRoute {
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
export interface CategoryRule {
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
export const PRECEDENCE = routing.precedence as DenialCategory[];
/** Claim-scrub findings that explain a denial better than the payer's wording (a J9376 line is a coding error). */
export const FINDINGS_THAT_EXPLAIN = routing.findingsThatExplain;

const CARC_REFERENCE = new Map(denialsReference.carc.map((c) => [c.code, c]));
const RARC_REFERENCE = new Map(denialsReference.rarc.map((r) => [r.code, r]));

/** The category's title, template and the remedy its letter asks for. */
export function denialCategoryRule(category: DenialCategory): CategoryRule {
  return CATEGORY_RULES[category];
}

export function routeOf(reason: Reason): CodeRoute | undefined {
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

export function strategyOf(reason: Reason): string[] {
  if (reason.system === 'CARC') return CARC_REFERENCE.get(reason.code)?.appeal_evidence ?? [];
  if (reason.system === 'RARC') {
    const action = RARC_REFERENCE.get(reason.code)?.action;
    return action ? [action] : [];
  }
  return [];
}

export function isCategory(value: string | null | undefined): value is DenialCategory {
  return value != null && (DENIAL_CATEGORIES as readonly string[]).includes(value);
}
