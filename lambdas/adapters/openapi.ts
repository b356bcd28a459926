/**
 * The OpenAPI 3 document, generated from the same zod schemas that validate the requests and
 * from the route table that both the CDK HTTP API and the local server use.
 */
import * as z from 'zod';
import { ROUTES } from '#infra/routes.ts';
import { AdministrationClaimRequest, AdministrationInput } from '#schemas/administration.ts';
import { ClaimInput } from '#schemas/claim.ts';
import { ContinuationInput } from '#schemas/continuation.ts';
import administrationExample from '#schemas/examples/administration.json' with { type: 'json' };
import claimExample from '#schemas/examples/claim.json' with { type: 'json' };
import requestExample from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import webhookExample from '#schemas/examples/webhook-denied.json' with { type: 'json' };
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { UploadRequest } from '#schemas/upload.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';
import { AUDIT_OPENAPI } from './openapi-audit.ts';
import { TEAM_OPENAPI } from './openapi-team.ts';

const schemaFor = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;

const REQUEST_BODIES: Record<string, { schema: string; example: unknown }> = {
  'POST /v1/prior-auths': { schema: 'PriorAuthRequest', example: requestExample },
  'POST /v1/assessments': { schema: 'PriorAuthRequest', example: requestExample },
  'POST /v1/prior-auths/{caseId}/claims': { schema: 'Claim', example: claimExample },
  'POST /v1/prior-auths/{caseId}/administrations': {
    schema: 'Administration',
    example: administrationExample,
  },
  'POST /v1/prior-auths/{caseId}/administrations/{administrationId}/claim': {
    schema: 'AdministrationClaim',
    example: {},
  },
  'POST /v1/prior-auths/{caseId}/continuations': {
    schema: 'Continuation',
    example: {
      progressNotes: [
        {
          date: '2027-01-18',
          response: 'partial_response',
          adverseEvents: 'Grade 1 fatigue',
          text: 'CT: target lesions smaller by 35%.',
        },
      ],
      treatmentPlan: { startDate: '2027-02-01', administrations: 6 },
    },
  },
  'POST /v1/webhooks/payers/{payerId}': { schema: 'PayerWebhook', example: webhookExample },
  'POST /v1/uploads': {
    schema: 'Upload',
    example: { contentType: 'application/pdf', title: 'CT chest 2026-02-20' },
  },
  ...TEAM_OPENAPI.requestBodies,
};

/** What each route does, in a line. */
const SUMMARIES: Record<string, string> = {
  'POST /v1/prior-auths': 'Submit a prior-auth request (Idempotency-Key honoured)',
  'GET /v1/prior-auths':
    'The worklist, most urgent deadline first (status, payerId, dueBefore, limit, nextToken)',
  'GET /v1/prior-auths/{caseId}':
    'A case: assessment, billing, findings, decision, deadlines, appeals, documents, history',
  'POST /v1/prior-auths/{caseId}/claims': 'Scrub a claim for the case before it goes out',
  'POST /v1/prior-auths/{caseId}/administrations':
    'Record one dose from the medication administration record, checked as recorded (stored with its findings)',
  'POST /v1/prior-auths/{caseId}/administrations/{administrationId}/claim':
    'The claim built from an administration, scrubbed as /claims is (the same administration gives the same claim)',
  'GET /v1/claims/{claimId}/x12': 'The claim as an 837P (005010X222A1) or 837I (005010X223A2) file',
  'POST /v1/prior-auths/{caseId}/continuations':
    'A continuation (re-authorization) of an approved case: a new case prefilled from it, with progress notes, assessed over the whole course',
  'POST /v1/assessments': 'Assess a request against the label and bill it; nothing is stored',
  'GET /v1/documents/{documentId}':
    'A generated document (packet, appeal or corrected-claim PDF); over 4 MB, a 303 to a short-lived presigned URL',
  'POST /v1/uploads':
    'A presigned URL to PUT one PDF to; an attachment then names its uploadId instead of carrying base64 data',
  'POST /v1/webhooks/payers/{payerId}': 'A payer status update, signed as Standard Webhooks say',
  'POST /v1/remittances':
    'An X12 835 remittance (application/edi-x12): claims matched by CLP01, denied durvalumab lines answered as a claim.denied webhook would be',
  'GET /v1/remittances/{remittanceId}':
    'A remittance: each claim with its match, status, payment, lines and findings; unmatched claims listed',
  'GET /v1/remittances':
    "The caller's organization's remittances, newest first (the operator: organizationId, default `default`)",
  'GET /healthz': 'Liveness, no token',
  'GET /openapi.json': 'This document',
  'GET /app': 'Redirects to /app/, the worklist web app',
  'GET /app/{proxy+}': 'The worklist web app: static files (no data; its API calls carry the token)',
  ...TEAM_OPENAPI.summaries,
  ...AUDIT_OPENAPI.summaries,
};

/** Each route's success status and what it answers, as `<status> <description>`. */
const SUCCESS: Record<string, string> = {
  'POST /v1/prior-auths': '202 accepted: { caseId, status, links }',
  'GET /v1/prior-auths': '200 { items, nextToken }',
  'GET /v1/prior-auths/{caseId}': '200 the case',
  'POST /v1/prior-auths/{caseId}/claims': '201 { claimId, findings }',
  'POST /v1/prior-auths/{caseId}/administrations': '201 { administrationId, findings }',
  'POST /v1/prior-auths/{caseId}/administrations/{administrationId}/claim':
    '201 { claimId, findings, administrationFindings }',
  'GET /v1/claims/{claimId}/x12': '200 application/edi-x12; 422 naming what the 837 lacks',
  'POST /v1/prior-auths/{caseId}/continuations': '202 accepted: { caseId, previousCaseId, links }',
  'POST /v1/assessments': '200 { assessment, billing, findings }',
  'GET /v1/documents/{documentId}': '200 application/pdf (303 to a presigned URL when over 4 MB)',
  'POST /v1/uploads':
    '201 { uploadId, url, expiresAt }: PUT the PDF to url with content-type application/pdf',
  'POST /v1/webhooks/payers/{payerId}': '202 stored once; 200 { duplicate: true } for a redelivery',
  'POST /v1/remittances':
    '202 { remittanceId, claims, matched, duplicate: false }; 200 with duplicate: true for the same payer and trace; 400 naming the segment',
  'GET /v1/remittances/{remittanceId}':
    '200 { remittanceId, claims: [...], unmatched, providerAdjustments, nextToken? }: at most limit (1..500, default 500) claims a page',
  'GET /v1/remittances': '200 { items, nextToken }: at most limit (1..100, default 25) remittances a page',
  'GET /healthz': '200 { status: ok }',
  'GET /openapi.json': '200 OpenAPI 3',
  'GET /app': '308 Location: /app/',
  'GET /app/{proxy+}': '200 the file',
  ...TEAM_OPENAPI.success,
  ...AUDIT_OPENAPI.success,
};

type ParameterIn = 'path' | 'query' | 'header';
const parameter = (
  name: string,
  where: ParameterIn,
  required: boolean,
  schema: object = { type: 'string' },
) => ({
  name,
  in: where,
  required,
  schema,
});

/** Query and header parameters of the routes that have any (path parameters come from the path). */
const EXTRA_PARAMETERS: Record<string, Array<ReturnType<typeof parameter>>> = {
  'GET /v1/prior-auths': [
    'status',
    'payerId',
    'dueBefore',
    'limit',
    'nextToken',
    'organizationId',
    'assigneeId',
  ].map((name) => parameter(name, 'query', false)),
  'POST /v1/prior-auths': [parameter('Idempotency-Key', 'header', false, { type: 'string', maxLength: 255 })],
  'GET /v1/remittances/{remittanceId}': ['limit', 'nextToken'].map((name) => parameter(name, 'query', false)),
  // The operator acts for the organization it names (default `default`); anyone else for its own.
  'GET /v1/remittances': ['organizationId', 'limit', 'nextToken'].map((name) =>
    parameter(name, 'query', false),
  ),
  'POST /v1/remittances': [parameter('organizationId', 'query', false)],
  'POST /v1/uploads': [parameter('organizationId', 'query', false)],
  'POST /v1/webhooks/payers/{payerId}': ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) =>
    parameter(name, 'header', true),
  ),
  ...TEAM_OPENAPI.parameters,
  ...AUDIT_OPENAPI.parameters,
};

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    const params = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => parameter(m[1] ?? '', 'path', true));
    const body = REQUEST_BODIES[key];
    const summary = SUMMARIES[key];
    const success = SUCCESS[key];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
      ...(route.auth ? { security: [{ bearer: [] }] } : { security: [] }),
      ...(summary ? { summary } : {}),
      parameters: [...params, ...(EXTRA_PARAMETERS[key] ?? [])],
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
        ...(success ? { [success.slice(0, 3)]: { description: success.slice(4) } } : {}),
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
        Administration: schemaFor(AdministrationInput),
        AdministrationClaim: schemaFor(AdministrationClaimRequest),
        Continuation: schemaFor(ContinuationInput),
        PayerWebhook: schemaFor(PayerWebhookBody),
        Upload: schemaFor(UploadRequest),
        ...TEAM_OPENAPI.schemas,
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
