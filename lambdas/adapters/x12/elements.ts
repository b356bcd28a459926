/** What the X12 writers (the 837 and the 278 request) share: element text, dates, the transaction type. */
import type { X12Interchange } from 'node-x12';

export type Transaction = ReturnType<ReturnType<X12Interchange['addFunctionalGroup']>['addTransaction']>;

/**
 * A value with the delimiters (* ~ : ^) and anything outside printable ASCII taken out, cut to
 * size; upper-cased unless `upper` is false (names are upper-cased as X12 receivers expect,
 * identifiers are kept as they are).
 */
export function x12Text(value: string, maxLength: number, upper = true): string {
  const kept = value
    .normalize('NFKD')
    .replace(/[^\x20-\x7E]/g, '')
    .replace(/[*~:^]/g, ' ')
    .trim()
    .slice(0, maxLength);
  return upper ? kept.toUpperCase() : kept;
}

/** An ISO date or date-time as X12 D8 (CCYYMMDD). */
export const x12Date = (isoDate: string) => isoDate.slice(0, 10).replaceAll('-', '');
