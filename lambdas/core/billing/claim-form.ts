/**
 * The claim's form: a professional claim (837P, CMS-1500) places its service by a place-of-service
 * code; an institutional claim (837I, UB-04) by its type of bill, with a revenue code on each line
 * (a drug billed by HCPCS under revenue code 0636, drugs requiring detailed coding). What each form
 * needs is data with its source; the 0636 convention is not in the project's reference yet, so it
 * is UNVERIFIED and says what would verify it.
 */
import type { ClaimInput } from '#schemas/claim.ts';
import type { Finding } from '../model.ts';
import { DURVALUMAB } from './coding.ts';

export const CLAIM_FORM_RULES = {
  /** CLM05-1 of the 837P is the place of service (005010X222A1, 2300 CLM05-1, qualifier B). */
  placeOfService: { source: 'ASC X12N 005010X222A1, loop 2300 CLM05-1 (Place of Service Code)' },
  /**
   * CLM05-1 of the 837I is the type of bill's first two digits and CLM05-3 its frequency
   * (005010X223A2, 2300 CLM05; NUBC UB-04 form locator 4).
   */
  typeOfBill: { source: 'ASC X12N 005010X223A2, loop 2300 CLM05-1 and CLM05-3 (NUBC type of bill)' },
  /** Every 837I line has a revenue code (005010X223A2, 2400 SV201, required). */
  revenueCode: { source: 'ASC X12N 005010X223A2, loop 2400 SV201 (Service Line Revenue Code, required)' },
  drugRevenueCode: {
    code: '0636',
    status: 'UNVERIFIED' as const,
    source: 'NUBC revenue code 0636, drugs requiring detailed coding (HCPCS on the line)',
    verifyWith: 'the NUBC UB-04 manual and the payer or MAC billing article for hospital outpatient drugs',
  },
} as const;

const finding = (severity: Finding['severity'], path: string, message: string): Finding => ({
  severity,
  code: 'CLAIM_FORM',
  path,
  message,
});

/** The form findings of a claim: what its 837 would lack or carry in vain. */
export function claimFormFindings(claim: ClaimInput): Finding[] {
  return claim.form === 'institutional' ? institutionalFindings(claim) : professionalFindings(claim);
}

function professionalFindings(claim: ClaimInput): Finding[] {
  const out: Finding[] = [];
  if (!claim.placeOfService) {
    out.push(
      finding(
        'error',
        'placeOfService',
        `A professional claim needs its place of service (e.g. 11 office, 22 hospital outpatient) for CLM05-1 (${CLAIM_FORM_RULES.placeOfService.source}).`,
      ),
    );
  }
  if (claim.typeOfBill) {
    out.push(
      finding(
        'warning',
        'typeOfBill',
        'A type of bill is for institutional claims; the 837P does not carry it.',
      ),
    );
  }
  claim.lines.forEach((line, index) => {
    if (line.revenueCode) {
      out.push(
        finding(
          'warning',
          `lines[${index}].revenueCode`,
          `Line ${index + 1}: a revenue code is for institutional claims; the 837P does not carry it.`,
        ),
      );
    }
  });
  return out;
}

function institutionalFindings(claim: ClaimInput): Finding[] {
  const out: Finding[] = [];
  const source = CLAIM_FORM_RULES.typeOfBill.source;
  if (!claim.typeOfBill) {
    out.push(
      finding('error', 'typeOfBill', `An institutional claim needs its type of bill, e.g. 131 (${source}).`),
    );
  } else if (claim.typeOfBill.slice(2) !== claim.frequencyCode) {
    out.push(
      finding(
        'error',
        'typeOfBill',
        `Type of bill ${claim.typeOfBill} ends in frequency ${claim.typeOfBill.slice(2)}, but the claim's frequency code is ${claim.frequencyCode}: bill ${claim.typeOfBill.slice(0, 2)}${claim.frequencyCode} (${source}).`,
      ),
    );
  }
  const drugCode = CLAIM_FORM_RULES.drugRevenueCode;
  claim.lines.forEach((line, index) => {
    const path = `lines[${index}].revenueCode`;
    if (!line.revenueCode) {
      out.push(
        finding(
          'error',
          path,
          `Line ${index + 1} has no revenue code (${CLAIM_FORM_RULES.revenueCode.source}).`,
        ),
      );
    } else if (line.hcpcs === DURVALUMAB.hcpcs && line.revenueCode !== drugCode.code) {
      out.push(
        finding(
          'warning',
          path,
          `Line ${index + 1} bills ${DURVALUMAB.hcpcs} under revenue code ${line.revenueCode}; a drug billed by HCPCS goes under ${drugCode.code} (${drugCode.status}: ${drugCode.source}; verify with ${drugCode.verifyWith}).`,
        ),
      );
    }
  });
  return out;
}
