/**
 * Underpayment: the amount a payer allowed per unit against the rate the payer registry configures
 * for the code (a contracted or ASP-based rate, each with its source). No rate is ever assumed: a
 * payer without one, or a code without one, is not checked.
 */
import type { Finding } from '../model.ts';
import type { RemittanceClaim, RemittanceLine } from './model.ts';
import { REVERSAL_STATUS_CODE } from './status.ts';

/** A payer's configured rate for a HCPCS code (registry `rates`). */
export interface ConfiguredRate {
  allowedPerUnit: number;
  /** Where the rate comes from (the contract, the ASP quarter's file), for the person who checks. */
  source: string;
}

export type RateTable = Readonly<Record<string, ConfiguredRate>>;

/** What the payer allowed: AMT*B6, else what it paid plus what it put on the patient. */
export function allowedAmount(line: RemittanceLine): number {
  if (line.allowedAmount !== null) return line.allowedAmount;
  const patientShare = line.adjustments.filter((a) => a.group === 'PR').reduce((sum, a) => sum + a.amount, 0);
  return line.paidAmount + patientShare;
}

const money = (amount: number) => amount.toFixed(2);

/**
 * One UNDERPAID finding a line whose allowed amount is at least a cent under the configured rate
 * times its units. A line paid nothing is a denial, not an underpayment; a reversal is neither.
 */
export function underpayments(claim: RemittanceClaim, rates: RateTable | undefined): Finding[] {
  if (!rates || claim.statusCode === REVERSAL_STATUS_CODE) return [];
  const findings: Finding[] = [];
  claim.lines.forEach((line, index) => {
    const rate = line.hcpcs === null ? undefined : rates[line.hcpcs];
    if (!rate || Math.round(line.paidAmount * 100) <= 0 || line.units <= 0) return;
    const allowed = allowedAmount(line);
    const expectedCents = Math.round(rate.allowedPerUnit * line.units * 100);
    const shortCents = expectedCents - Math.round(allowed * 100);
    if (shortCents < 1) return;
    findings.push({
      severity: 'warning',
      code: 'UNDERPAID',
      message:
        `${line.hcpcs} allowed ${money(allowed)} for ${line.units} units (${money(allowed / line.units)} a unit), ` +
        `${money(shortCents / 100)} under the configured ${money(rate.allowedPerUnit)} a unit (${rate.source})`,
      path: `lines.${index}`,
    });
  });
  return findings;
}
