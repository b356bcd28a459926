/**
 * The product's examples (lambdas/schemas/examples/, the one home that the OpenAPI document, the
 * web app's "Load the example request" and the CLI demo read too) and the e2e payer registry,
 * for the tests, the bench and the scripts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const EXAMPLES = new URL('../../lambdas/schemas/examples/', import.meta.url);

/** The path of an example file, for a CLI that reads it from disk. */
export function examplePath(name: 'prior-auth-request.json' | 'claim.json' | 'webhook-denied.json'): string {
  return fileURLToPath(new URL(name, EXAMPLES));
}

function readJson(url: URL): any {
  return JSON.parse(readFileSync(url, 'utf8'));
}

export const exampleRequest: Record<string, any> = readJson(new URL('prior-auth-request.json', EXAMPLES));
export const exampleClaim: Record<string, any> = readJson(new URL('claim.json', EXAMPLES));

export interface E2ePayer {
  id: string;
  name: string;
  planType: string;
  transport: string;
  webhookSecret: string;
}

/** The payer registry the e2e stack runs with (manual payers, simulators, PAS and X12 stand-ins). */
export const E2E_PAYERS_FILE = fileURLToPath(new URL('../fixtures/e2e-payers.json', import.meta.url));
export const e2ePayers: E2ePayer[] = readJson(new URL('../fixtures/e2e-payers.json', import.meta.url));

export function e2eSecret(payerId: string): string | undefined {
  return e2ePayers.find((p) => p.id === payerId)?.webhookSecret;
}

/** A copy of the example request for a payer (its plan type from `planType` or the e2e registry), with changes. */
export function requestFor(
  payerId: string,
  change: ((r: Record<string, any>) => void) | string = () => {},
): Record<string, any> {
  const r = structuredClone(exampleRequest);
  r.coverage.payerId = payerId;
  if (typeof change === 'string') r.coverage.planType = change;
  else {
    const planType = e2ePayers.find((p) => p.id === payerId)?.planType;
    if (planType) r.coverage.planType = planType;
    change(r);
  }
  return r;
}
