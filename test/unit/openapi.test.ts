/**
 * The OpenAPI document is generated from the same zod schemas and route table the API runs on;
 * the copy in docs/ must match it (regenerate with `npm run openapi`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#adapters/openapi.ts';
import { ROUTES } from '#infra/routes.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';

const doc = openApiDocument() as any;

describe('the OpenAPI document', () => {
  it('matches the committed docs/openapi.json', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it.each(ROUTES.map((r) => [r.method, r.path, r.auth] as const))('describes %s %s', (method, path, auth) => {
    const operation = doc.paths[path]?.[method.toLowerCase()];
    expect(operation).toBeDefined();
    expect(operation.security).toEqual(auth ? [{ bearer: [] }] : []);
  });

  it('carries an example request that its own schema accepts', () => {
    const example = doc.paths['/v1/prior-auths'].post.requestBody.content['application/json'].example;
    expect(PriorAuthRequest.safeParse(example).success).toBe(true);
    expect(doc.components.schemas.PriorAuthRequest.properties.treatmentPlan).toBeDefined();
  });
});
