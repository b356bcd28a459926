/**
 * One copy of each example: lambdas/schemas/examples/ (and the demo payer registry of the
 * adapters) is the home that the OpenAPI document, the web app's "Load the example request", the
 * CLI demo and the tests all read. The examples stay valid against their schemas, the OpenAPI
 * document carries them as they are, and they equal the project's shared examples where those
 * are present on the machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#adapters/openapi.ts';
import { ClaimInput } from '#schemas/claim.ts';
import { PayerRegistryFile } from '#schemas/payer-registry.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';

const HOME = new URL('../../lambdas/schemas/examples/', import.meta.url);
const DEMO_PAYERS = new URL('../../lambdas/adapters/demo-payers.json', import.meta.url);
const SHARED = '/work/shared/examples/';

const readJson = (url: URL | string) => JSON.parse(readFileSync(url, 'utf8'));

const EXAMPLES = [
  { file: 'prior-auth-request.json', schema: PriorAuthRequest, route: ['/v1/prior-auths', 'post'] },
  { file: 'claim.json', schema: ClaimInput, route: ['/v1/prior-auths/{caseId}/claims', 'post'] },
  { file: 'webhook-denied.json', schema: PayerWebhookBody, route: ['/v1/webhooks/payers/{payerId}', 'post'] },
] as const;

describe('the examples', () => {
  it.each(EXAMPLES)('$file is valid against its schema', ({ file, schema }) => {
    // Act
    const parsed = schema.safeParse(readJson(new URL(file, HOME)));
    // Assess
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('the demo payer registry is valid against its schema', () => {
    expect(PayerRegistryFile.safeParse(readJson(DEMO_PAYERS)).success).toBe(true);
  });

  it.each(EXAMPLES)('$file is the example of its route in the OpenAPI document', ({ file, route }) => {
    // Prepare
    const paths = openApiDocument().paths as Record<string, Record<string, any>>;
    // Act
    const example = paths[route[0]]?.[route[1]]?.requestBody.content['application/json'].example;
    // Assess
    expect(example).toEqual(readJson(new URL(file, HOME)));
  });

  it.skipIf(!existsSync(SHARED)).each([
    ['prior-auth-request.json', new URL('prior-auth-request.json', HOME)],
    ['claim.json', new URL('claim.json', HOME)],
    ['webhook-denied.json', new URL('webhook-denied.json', HOME)],
    ['payers.json', DEMO_PAYERS],
  ])('%s equals the shared example', (name, home) => {
    expect(readJson(home)).toEqual(readJson(`${SHARED}${name}`));
  });
});
