/**
 * Issue 11: no silent fallback to the demo registry (and its committed secrets) outside demo
 * mode; a missing or empty registry on AWS answers 503 problem+json that says so.
 */
import { describe, expect, it } from 'vitest';
import demoPayers from '#adapters/demo-payers.json' with { type: 'json' };
import { errorToProblem } from '#adapters/http.ts';
import { RegistryNotConfiguredError, registryFor, registryFromSecretText } from '#adapters/payer-registry.ts';

const ON_LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };
const demoPayerId = demoPayers[0]!.id;

describe('payer registry sources', () => {
  it('gives the demo registry in demo mode (the local stack, off the Lambda runtime)', async () => {
    // Act
    const payer = await registryFor({}).get(demoPayerId);
    // Assess
    expect(payer?.id).toBe(demoPayerId);
  });

  it.each([
    ['on Lambda without PAYERS_SECRET_ARN', () => registryFor(ON_LAMBDA), 'not configured'],
    ['from an empty payers secret', () => registryFromSecretText('[]'), 'empty'],
  ])('answers 503 problem+json %s, never the demo payers', async (_case, registry, says) => {
    // Act
    const error = await registry()
      .get(demoPayerId)
      .catch((e: unknown) => e);
    const answer = errorToProblem(error);
    // Assess
    expect(error).toBeInstanceOf(RegistryNotConfiguredError);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body as string)).toMatchObject({
      status: 503,
      type: 'https://durvalumab-pa.dev/problems/registry-not-configured',
      detail: expect.stringContaining(`the payer registry is ${says}`),
    });
    expect(await registry().list()).toEqual([]);
  });
});
