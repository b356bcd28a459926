/**
 * The OpenAPI 3 document, generated from the same zod schemas that validate the requests and
 * from the route table that both the CDK HTTP API and the local server use.
 */
import * as z from 'zod';
import { ROUTES } from '#infra/routes.ts';
import { ClaimInput } from '#schemas/claim.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';

const schemaFor = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;

const REQUEST_BODIES: Record<string, string> = {
  'POST /v1/prior-auths': 'PriorAuthRequest',
  'POST /v1/assessments': 'PriorAuthRequest',
  'POST /v1/prior-auths/{caseId}/claims': 'Claim',
  'POST /v1/webhooks/payers/{payerId}': 'PayerWebhook',
};

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const body = REQUEST_BODIES[key];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
      ...(route.auth ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: params,
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${body}` } } },
            },
          }
        : {}),
      responses: {
        default: {
          description: 'error',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
  }
  cached = {
    openapi: '3.0.3',
    info: {
      title: 'Durvalumab prior authorization and appeals API',
      version: '1.0.0',
      description:
        'Prior authorization, payer webhooks, appeals and claim scrub for durvalumab (HCPCS J9173).',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        PriorAuthRequest: schemaFor(PriorAuthRequest),
        Claim: schemaFor(ClaimInput),
        PayerWebhook: schemaFor(PayerWebhookBody),
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    paths,
  };
  return cached;
}
