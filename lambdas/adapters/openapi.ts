/**
 * The OpenAPI 3 document, generated from the same zod schemas that validate the requests and
 * from the route table that both the CDK HTTP API and the local server use.
 */
import * as z from 'zod';
import { ROUTES } from '#infra/routes.ts';
import { ClaimInput } from '#schemas/claim.ts';
import claimExample from '#schemas/examples/claim.json' with { type: 'json' };
import requestExample from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import webhookExample from '#schemas/examples/webhook-denied.json' with { type: 'json' };
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';

const schemaFor = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;

const REQUEST_BODIES: Record<string, { schema: string; example: unknown }> = {
  'POST /v1/prior-auths': { schema: 'PriorAuthRequest', example: requestExample },
  'POST /v1/assessments': { schema: 'PriorAuthRequest', example: requestExample },
  'POST /v1/prior-auths/{caseId}/claims': { schema: 'Claim', example: claimExample },
  'POST /v1/webhooks/payers/{payerId}': { schema: 'PayerWebhook', example: webhookExample },
};

const SUMMARIES: Record<string, { summary: string; ok: [string, string] }> = {
  'POST /v1/prior-auths': {
    summary: 'Submit a prior-auth request (Idempotency-Key honoured)',
    ok: ['202', 'accepted: { caseId, status, links }'],
  },
  'GET /v1/prior-auths': {
    summary: 'The worklist, most urgent deadline first (status, payerId, dueBefore, limit, nextToken)',
    ok: ['200', '{ items, nextToken }'],
  },
  'GET /v1/prior-auths/{caseId}': {
    summary: 'A case: assessment, billing, findings, decision, deadlines, appeals, documents, history',
    ok: ['200', 'the case'],
  },
  'POST /v1/prior-auths/{caseId}/claims': {
    summary: 'Scrub a claim for the case before it goes out',
    ok: ['201', '{ claimId, findings }'],
  },
  'POST /v1/assessments': {
    summary: 'Assess a request against the label and bill it; nothing is stored',
    ok: ['200', '{ assessment, billing, findings }'],
  },
  'GET /v1/documents/{documentId}': {
    summary: 'A generated document (packet, appeal or corrected-claim PDF)',
    ok: ['200', 'application/pdf'],
  },
  'POST /v1/webhooks/payers/{payerId}': {
    summary: 'A payer status update, signed as Standard Webhooks say',
    ok: ['202', 'stored once; 200 { duplicate: true } for a redelivery'],
  },
  'GET /healthz': { summary: 'Liveness, no token', ok: ['200', '{ status: ok }'] },
  'GET /openapi.json': { summary: 'This document', ok: ['200', 'OpenAPI 3'] },
  'GET /app': { summary: 'Redirects to /app/, the worklist web app', ok: ['308', 'Location: /app/'] },
  'GET /app/{proxy+}': {
    summary: 'The worklist web app: static files (no data; its API calls carry the token)',
    ok: ['200', 'the file'],
  },
};

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    const params = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const body = REQUEST_BODIES[key];
    const about = SUMMARIES[key];
    const queryParams =
      key === 'GET /v1/prior-auths'
        ? ['status', 'payerId', 'dueBefore', 'limit', 'nextToken'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: { type: 'string' },
          }))
        : [];
    const headerParams =
      key === 'POST /v1/prior-auths'
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 255 },
            },
          ]
        : key.startsWith('POST /v1/webhooks')
          ? ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
              name,
              in: 'header',
              required: true,
              schema: { type: 'string' },
            }))
          : [];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
      ...(route.auth ? { security: [{ bearer: [] }] } : { security: [] }),
      ...(about ? { summary: about.summary } : {}),
      parameters: [...params, ...queryParams, ...headerParams],
      ...(body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { $ref: `#/components/schemas/${body.schema}` },
                  example: body.example,
                },
              },
            },
          }
        : {}),
      responses: {
        ...(about ? { [about.ok[0]]: { description: about.ok[1] } } : {}),
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
