/**
 * The clinical vocabulary of reference/indications.json and the readers of a request's words
 * against it: ICD-10-CM spans, histology families, AJCC stage groups.
 */
import { type CodeSpan, INDICATIONS_REFERENCE, type Indication } from '../reference/index.ts';
import { canonicalIcd10 } from '../validation.ts';

export const INDICATIONS: readonly Indication[] = INDICATIONS_REFERENCE.indications;
export const WEIGHT_THRESHOLD_KG = INDICATIONS_REFERENCE.weightThresholdKg;
export const vocabulary = INDICATIONS_REFERENCE.vocabulary;

export function findIndication(id: string): Indication | undefined {
  return INDICATIONS.find((indication) => indication.id === id);
}

/** Whether an ICD-10-CM code falls in a span; a range's upper bound covers its subcodes (C68 covers C68.9). */
export function codeInSpan(code: string, span: CodeSpan): boolean {
  const value = canonicalIcd10(code);
  if ('code' in span) return value.startsWith(span.code);
  return value >= span.from && (value <= span.to || value.startsWith(span.to));
}

export function describeSpan(span: CodeSpan): string {
  return 'code' in span ? span.code : `${span.from}-${span.to}`;
}

export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/non[\s-]+small/g, 'nonsmall')
    .replace(/[_\s]+/g, ' ')
    .trim();
}

export function hasTerm(text: string, term: string): boolean {
  const escaped = normaliseText(term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text);
}

/** Whether a text equals one of the terms once both are normalised. */
export function isOneOf(text: string, terms: readonly string[]): boolean {
  const value = normaliseText(text);
  return terms.some((term) => normaliseText(term) === value);
}

/** Whether a histology text belongs to a family of reference vocabulary.histologyFamilies. */
export function histologyMatches(histology: string, family: string): boolean {
  const definition = vocabulary.histologyFamilies[family];
  if (definition === undefined) return false;
  const text = normaliseText(histology);
  return (
    definition.include.some((term) => hasTerm(text, term)) &&
    !definition.exclude.some((term) => hasTerm(text, term))
  );
}

const ARABIC_TO_ROMAN: Record<string, string> = { '1': 'I', '2': 'II', '3': 'III', '4': 'IV' };

/** An AJCC stage group in upper-case Roman form (IIIB, IVA, 0IS) or a lower-case word (limited). */
export function normaliseStage(stage: string): string {
  const text = stage
    .trim()
    .replace(/^stage\s*/i, '')
    .trim();
  const arabic = /^([1-4])([a-c]\d?)?$/i.exec(text);
  if (arabic) return `${ARABIC_TO_ROMAN[arabic[1] ?? ''] ?? ''}${(arabic[2] ?? '').toUpperCase()}`;
  if (/^[0IVX]+[A-C]?\d?$/i.test(text) || /^0(is|a)$/i.test(text)) return text.toUpperCase();
  return normaliseText(text.replace(/-/g, ' '));
}

/** Whether a stage falls in one of the allowed groups: "III" covers IIIA-IIIC2, never IV. */
export function stageMatches(stage: string, allowed: readonly string[]): boolean {
  const value = normaliseStage(stage);
  return allowed.some((group) => {
    if (/^[0IVX]/.test(group)) {
      if (value === group) return true;
      if (!value.startsWith(group)) return false;
      const next = value.charAt(group.length);
      return !(/[IVX]$/.test(group) && /[IVX]/.test(next));
    }
    return hasTerm(value, group);
  });
}

/** Nodal status as node-positive (true), node-negative (false) or unreadable (null). */
export function readNodes(nodalStatus: string): boolean | null {
  const text = nodalStatus.trim().toLowerCase();
  const n = /n([0-3])/.exec(text);
  if (n) return n[1] !== '0';
  if (/^(positive|node[\s-]?positive|n\+)$/.test(text)) return true;
  if (/^(negative|node[\s-]?negative)$/.test(text)) return false;
  return null;
}
