/**
 * What a remittance claim means: its status (paid, partially paid, denied, reversed), which of its
 * durvalumab lines were denied or short-paid, and why. An adjustment is a denial when its group is
 * CO, PR, OA or PI and its CARC names a denial route in reference/denial-routing.json: a routine
 * contractual write-off (CO-45), a deductible (PR-1) or a prior payer's payment (OA-23) is not.
 * Durvalumab's lines are J9173 and the codes billed in its place by mistake (J9376, the historic
 * C9492), both from reference/billing.json.
 */
import { DURVALUMAB } from '../billing/coding.ts';
import type { Reason } from '../model.ts';
import { routeOf } from '../remedies/denial-codes.ts';
import type { Adjustment, ClaimPaymentStatus, RemittanceClaim, RemittanceLine } from './model.ts';

/** CLP02 22: "Reversal of Previous Payment". */
export const REVERSAL_STATUS_CODE = '22';
/** CLP02 4: "Denied". */
export const DENIED_STATUS_CODE = '4';

const DENIAL_GROUPS = new Set(['CO', 'PR', 'OA', 'PI']);

/** Amounts are money: compared in cents. */
function cents(amount: number): number {
  return Math.round(amount * 100);
}

export function isDenialAdjustment(adjustment: Adjustment): boolean {
  if (!DENIAL_GROUPS.has(adjustment.group) || cents(adjustment.amount) <= 0) return false;
  // A generic code (CARC 16: claim lacks information) names no category but is still a denial.
  return routeOf({ system: 'CARC', code: adjustment.code }) !== undefined;
}

/** J9173, or a code billed in durvalumab's place by mistake (the reference's confused codes). */
export function isDurvalumabLine(line: Pick<RemittanceLine, 'hcpcs'>): boolean {
  if (line.hcpcs === null) return false;
  return line.hcpcs === DURVALUMAB.hcpcs || Object.hasOwn(DURVALUMAB.confusedCodes, line.hcpcs);
}

export type LineOutcome = 'paid' | 'short_paid' | 'denied';

/** Denied: nothing paid and a denial adjustment; short-paid: paid, less a denial adjustment. */
export function lineOutcome(line: RemittanceLine, claimDenied = false): LineOutcome {
  const denial = line.adjustments.some(isDenialAdjustment);
  if (cents(line.paidAmount) <= 0 && (denial || claimDenied)) return 'denied';
  return denial ? 'short_paid' : 'paid';
}

/**
 * The claim's status. Reversed: CLP02 22. Denied: CLP02 4, or nothing paid on a claim whose lines
 * (or, without lines, the claim itself) carry a denial. Partially paid: money paid while a line is
 * denied or short-paid, or a claim-level denial. Paid otherwise (a deductible or a contractual
 * write-off is not a denial).
 */
export function claimStatus(claim: RemittanceClaim): ClaimPaymentStatus {
  if (claim.statusCode === REVERSAL_STATUS_CODE) return 'reversed';
  const claimDenied = claim.statusCode === DENIED_STATUS_CODE;
  if (claimDenied) return 'denied';
  const outcomes = claim.lines.map((line) => lineOutcome(line));
  const claimLevelDenial = claim.adjustments.some(isDenialAdjustment);
  if (cents(claim.paidAmount) <= 0) {
    const lineDenials = outcomes.length > 0 && outcomes.every((o) => o === 'denied');
    if (lineDenials || claimLevelDenial) return 'denied';
  }
  if (outcomes.some((o) => o !== 'paid') || claimLevelDenial) return 'partially_paid';
  return 'paid';
}

/** A durvalumab line the payer denied or short-paid, with the reasons a remedy answers. */
export interface DurvalumabDenial {
  lineIndex: number;
  hcpcs: string;
  outcome: Exclude<LineOutcome, 'paid'>;
  reasons: Reason[];
}

/**
 * The denied or short-paid durvalumab lines of a claim (none on a reversal: a reversal takes back
 * a payment, it does not deny a service). Reasons: the line's denial CARCs with their group, then
 * the claim's, then the line's and the claim's remarks as RARCs, each once.
 */
export function durvalumabDenials(claim: RemittanceClaim): DurvalumabDenial[] {
  if (claim.statusCode === REVERSAL_STATUS_CODE) return [];
  const claimDenied = claim.statusCode === DENIED_STATUS_CODE;
  const denials: DurvalumabDenial[] = [];
  claim.lines.forEach((line, lineIndex) => {
    if (!isDurvalumabLine(line) || line.hcpcs === null) return;
    const outcome = lineOutcome(line, claimDenied);
    if (outcome === 'paid') return;
    denials.push({ lineIndex, hcpcs: line.hcpcs, outcome, reasons: denialReasons(claim, line) });
  });
  return denials;
}

function denialReasons(claim: RemittanceClaim, line: RemittanceLine): Reason[] {
  const seen = new Set<string>();
  const reasons: Reason[] = [];
  const add = (reason: Reason) => {
    const key = `${reason.system}:${reason.group ?? ''}:${reason.code}`;
    if (seen.has(key)) return;
    seen.add(key);
    reasons.push(reason);
  };
  for (const a of [...line.adjustments, ...claim.adjustments]) {
    if (isDenialAdjustment(a)) add({ system: 'CARC', code: a.code, group: a.group });
  }
  for (const code of [...line.remarks, ...claim.remarks]) add({ system: 'RARC', code });
  return reasons;
}
