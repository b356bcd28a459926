/**
 * Pure validators for the identifiers a billing office types: NPI, ICD-10-CM, NDC, HCPCS.
 * The request schema (#schemas/prior-auth-request.ts) refines its fields with them, so each
 * bad value is refused with its field path.
 */

/** Human weight range the request accepts, in kg (a typo guard, not a clinical rule). */
export const WEIGHT_RANGE_KG = { min: 0.5, max: 400 } as const;

/**
 * NPI check digit: the Luhn formula over the 9-digit base prefixed with the card issuer
 * identifier 80840 (CMS NPI check-digit rule, ISO/IEC 7812).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    // from the right: the check digit counts once, every second digit before it doubles
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const ICD10CM_DOTTED = /^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$/;
const ICD10CM_UNDOTTED = /^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/;

/**
 * ICD-10-CM code format: a letter, a digit, a digit or letter (the category), then up to four
 * characters after the dot. The undotted claim form (C3412) is accepted too. Format only: it
 * does not say the code exists in the current tabular list.
 */
export function isIcd10CmFormat(code: string): boolean {
  return ICD10CM_DOTTED.test(code) || ICD10CM_UNDOTTED.test(code);
}

/** The dotted, upper-case form of an ICD-10-CM code (C3412 -> C34.12). */
export function canonicalIcd10(code: string): string {
  const upper = code.trim().toUpperCase();
  if (upper.includes('.') || upper.length <= 3) return upper;
  return `${upper.slice(0, 3)}.${upper.slice(3)}`;
}

/** HCPCS Level II code format: a letter and four digits (J9173). */
export function isHcpcsFormat(code: string): boolean {
  return /^[A-Z]\d{4}$/.test(code);
}

/**
 * The 11-digit 5-4-2 form of an NDC given as 5-4-2, 4-4-2, 5-3-2, 5-4-1 (with dashes) or as
 * 11 bare digits; null when it cannot be read unambiguously (10 bare digits, other shapes).
 */
export function normaliseNdc11(ndc: string): string | null {
  const value = ndc.trim();
  if (/^\d{11}$/.test(value)) return `${value.slice(0, 5)}-${value.slice(5, 9)}-${value.slice(9)}`;
  const parts = value.split('-');
  if (parts.length !== 3 || parts.some((part) => !/^\d+$/.test(part))) return null;
  const [labeler, product, pack] = parts as [string, string, string];
  const shape = `${labeler.length}-${product.length}-${pack.length}`;
  switch (shape) {
    case '5-4-2':
      return value;
    case '4-4-2':
      return `0${labeler}-${product}-${pack}`;
    case '5-3-2':
      return `${labeler}-0${product}-${pack}`;
    case '5-4-1':
      return `${labeler}-${product}-0${pack}`;
    default:
      return null;
  }
}

/** Whether an NDC can be read as an 11-digit NDC (see normaliseNdc11). */
export function isNdcFormat(ndc: string): boolean {
  return normaliseNdc11(ndc) !== null;
}
