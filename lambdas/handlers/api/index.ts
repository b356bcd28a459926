/**
 * The /v1 API (all routes but the payer webhook), /healthz and /openapi.json. Thin: parse with
 * the route's schema, call the use case, map the result. Routes are matched on API Gateway's
 * routeKey, which the local HTTP server sets the same way.
 */
import * as z from 'zod';
import { decodeToken } from '#adapters/case-keys.ts';
import {
  errorToProblem,
  type HttpEvent,
  type HttpResult,
  header,
  json,
  parseJsonBody,
  problem,
  rawBody,
  zodIssues,
} from '#adapters/http.ts';
import { openApiDocument } from '#adapters/openapi.ts';
import { build837 } from '#adapters/x12/claim-837.ts';
import { toCaseSummary } from '#core/case/case-record.ts';
import { assessmentOptions } from '#core/case/create-case.ts';
import { assessRequest } from '#core/clinical/assess-request.ts';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { CaseStatus } from '#core/model.ts';
import { AdministrationClaimRequest, AdministrationInput } from '#schemas/administration.ts';
import { ClaimInput } from '#schemas/claim.ts';
import { ContinuationInput } from '#schemas/continuation.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { UploadRequest } from '#schemas/upload.ts';
import { resolveOrganization } from '#use-cases/acting-organization.ts';
import { claimFromRecordedAdministration } from '#use-cases/claim-from-administration.ts';
import { createUpload } from '#use-cases/create-upload.ts';
import { readCase } from '#use-cases/read-case.ts';
import { readClaimFile } from '#use-cases/read-claim-file.ts';
import { readDocument } from '#use-cases/read-document.ts';
import { receivePriorAuth, requireKnownPayer } from '#use-cases/receive-prior-auth.ts';
import { recordAdministration } from '#use-cases/record-administration.ts';
import { requestContinuation } from '#use-cases/request-continuation.ts';
import { submitClaim } from '#use-cases/submit-claim.ts';
import { ports } from '../composition-root.ts';
import { auditEventRoutes } from './audit-events.ts';
import { noteRefusal, recordingAccess } from './audit-recorder.ts';
import { callerOf } from './caller.ts';
import { refuseWithoutRole } from './identity-guard.ts';
import { identityRoutes } from './identity-routes.ts';
import { remittanceRoutes } from './remittances.ts';
import { teamRoutes } from './team-routes.ts';

const WorklistQuery = z.object({
  organizationId: z.string().min(1).max(200).optional(),
  assigneeId: z.string().min(1).max(200).optional(),
  status: CaseStatus.optional(),
  payerId: z.string().min(1).max(64).optional(),
  dueBefore: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  nextToken: z
    .string()
    .max(2048)
    .refine(
      (t) => {
        try {
          decodeToken(t);
          return true;
        } catch {
          return false;
        }
      },
      { error: 'not a token this API gave out' },
    )
    .optional(),
});

const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, { error: 'printable ASCII, no spaces' });

function pathParam(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value || !/^[A-Za-z0-9_-]{1,128}$/.test(value))
    throw new NotFoundError(`no ${name} ${value ?? ''}`.trim());
  return value;
}

/** The Idempotency-Key header, when sent (a 400 names it when malformed). */
function idempotencyKeyOf(event: HttpEvent): string | undefined {
  const keyHeader = header(event, 'idempotency-key');
  if (keyHeader === undefined) return undefined;
  const parsedKey = IdempotencyKey.safeParse(keyHeader);
  if (!parsedKey.success)
    throw new ValidationError(
      'invalid Idempotency-Key header',
      zodIssues(parsedKey.error, 'Idempotency-Key'),
    );
  return parsedKey.data;
}

type Route = (event: HttpEvent) => Promise<HttpResult>;

const routes: Record<string, Route> = {
  'GET /healthz': async () => json(200, { status: 'ok' }),

  'GET /openapi.json': async () => json(200, openApiDocument()),

  'POST /v1/prior-auths': async (event) => {
    const request = parseJsonBody(event, PriorAuthRequest);
    const idempotencyKey = idempotencyKeyOf(event);
    const result = await receivePriorAuth(
      { caller: callerOf(event), request, rawBody: rawBody(event), idempotencyKey },
      ports,
    );
    const self = `/v1/prior-auths/${result.caseId}`;
    return json(202, { caseId: result.caseId, status: result.status, links: { self } }, { location: self });
  },

  'GET /v1/prior-auths': async (event) => {
    const parsed = WorklistQuery.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success) throw new ValidationError('invalid worklist query', zodIssues(parsed.error));
    const organizationId = await resolveOrganization(
      callerOf(event),
      parsed.data.organizationId,
      ports,
      (org) => new NotFoundError(`organization ${org} not found`),
    );
    // assigneeId=me: the caller's own cases (team worklist).
    const assigneeId = parsed.data.assigneeId === 'me' ? callerOf(event).actorId : parsed.data.assigneeId;
    const page = await ports.cases.queryWorklist({ ...parsed.data, assigneeId, organizationId });
    return json(200, { items: page.items.map(toCaseSummary), nextToken: page.nextToken });
  },

  'GET /v1/prior-auths/{caseId}': async (event) => {
    return json(200, await readCase(callerOf(event), pathParam(event, 'caseId'), ports));
  },

  'POST /v1/prior-auths/{caseId}/claims': async (event) => {
    const caseId = pathParam(event, 'caseId');
    const claim = parseJsonBody(event, ClaimInput);
    const result = await submitClaim(callerOf(event), caseId, claim, ports);
    return json(result.replayed ? 200 : 201, { claimId: result.claimId, findings: result.findings });
  },

  'GET /v1/claims/{claimId}/x12': async (event) => {
    const { view, envelope } = await readClaimFile(callerOf(event), pathParam(event, 'claimId'), ports);
    const headers = { 'content-type': 'application/edi-x12', 'cache-control': 'no-store' };
    return { statusCode: 200, headers, body: build837(view, envelope) };
  },

  'POST /v1/prior-auths/{caseId}/administrations': async (event) => {
    const caseId = pathParam(event, 'caseId');
    const input = parseJsonBody(event, AdministrationInput);
    const result = await recordAdministration(callerOf(event), caseId, input, ports);
    return json(result.replayed ? 200 : 201, {
      administrationId: result.administrationId,
      findings: result.findings,
    });
  },

  'POST /v1/prior-auths/{caseId}/administrations/{administrationId}/claim': async (event) => {
    const caseId = pathParam(event, 'caseId');
    const administrationId = pathParam(event, 'administrationId');
    const options = rawBody(event) ? parseJsonBody(event, AdministrationClaimRequest) : {};
    const { replayed, ...result } = await claimFromRecordedAdministration(
      callerOf(event),
      caseId,
      administrationId,
      options,
      ports,
    );
    return json(replayed ? 200 : 201, result);
  },

  'POST /v1/prior-auths/{caseId}/continuations': async (event) => {
    const continuation = parseJsonBody(event, ContinuationInput);
    const previousCaseId = pathParam(event, 'caseId');
    const idempotencyKey = idempotencyKeyOf(event);
    const result = await requestContinuation(
      {
        caller: callerOf(event),
        previousCaseId,
        continuation,
        rawBody: rawBody(event),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      },
      ports,
    );
    const self = `/v1/prior-auths/${result.caseId}`;
    return json(202, { caseId: result.caseId, previousCaseId, links: { self } }, { location: self });
  },

  'POST /v1/assessments': async (event) => {
    const request = parseJsonBody(event, PriorAuthRequest);
    const payer = await requireKnownPayer(ports.registry, request.coverage.payerId);
    const { assessment, billing, findings } = assessRequest(request, assessmentOptions(payer));
    return json(200, { assessment, billing, findings });
  },

  'GET /v1/documents/{documentId}': async (event) => {
    const answer = await readDocument(callerOf(event), pathParam(event, 'documentId'), ports);
    const { meta } = answer;
    const headers = { 'cache-control': 'no-store', ...(meta.sha256 ? { etag: `"${meta.sha256}"` } : {}) };
    // Over 4 MB: a redirect to a presigned URL, since Lambda answers at most 6 MB.
    if (answer.kind === 'redirect') return { statusCode: 303, headers: { ...headers, location: answer.url } };
    return {
      statusCode: 200,
      headers: {
        ...headers,
        'content-type': meta.contentType,
        'content-disposition': `inline; filename="${answer.filename}"`,
      },
      body: Buffer.from(answer.bytes).toString('base64'),
      isBase64Encoded: true,
    };
  },

  ...remittanceRoutes,

  ...identityRoutes,

  ...auditEventRoutes,

  ...teamRoutes,

  'POST /v1/uploads': async (event) => {
    const upload = await createUpload(
      callerOf(event),
      parseJsonBody(event, UploadRequest),
      ports,
      event.queryStringParameters?.organizationId,
    );
    return json(201, upload);
  },
};

// Every call is recorded in the audit trail before it is answered (audit-recorder.ts).
export const handler = recordingAccess(async (event: HttpEvent): Promise<HttpResult> => {
  const route = routes[event.routeKey];
  if (!route) return problem(404, `no route ${event.routeKey}`, { type: 'not-found' });
  // The route table's role for this route (identity-guard.ts): 401 without a caller, 403 without the role.
  const refused = refuseWithoutRole(event);
  if (refused) return refused;
  try {
    return await route(event);
  } catch (error) {
    return errorToProblem(noteRefusal(event, error), {
      routeKey: event.routeKey,
      requestId: event.requestContext?.requestId,
    });
  }
});
