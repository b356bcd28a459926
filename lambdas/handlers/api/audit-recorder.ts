/**
 * The one place the API records its audit trail: a wrapper around the API handler. After the route
 * answers, the call is recorded (use-cases/audit-trail.ts decides through core/audit/record.ts):
 * the caller (principalOf), the route's action, the ids of the path and of a created resource in
 * the answer, allowed for 2xx/3xx, denied for a 403 and for another organization's resource (the
 * ForeignOrganizationError the route threw, which the handler notes with `noteRefusal`).
 *
 * The write is awaited before the answer goes out, and fails closed: an access that cannot be
 * recorded answers 503 (retry later) instead of its data, since HIPAA's audit controls
 * (45 CFR 164.312(b)) ask that every access to patient data be recorded. A write that already
 * happened (a case created) stays; its Idempotency-Key replay is recorded when retried.
 *
 * PA_AUDIT=off turns recording off: for `npm run bench` only (the run without the audit trail that
 * its cost is measured against), never for a deployment.
 */
import { type HttpEvent, type HttpResult, problem } from '#adapters/http.ts';
import { type AuditResource, RESOURCE_ID_NAMES, resourceIds } from '#core/audit/events.ts';
import type { RefusedResource } from '#core/identity/tenancy.ts';
import type { Ports } from '#core/ports.ts';
import { type AuditPorts, recordApiCall } from '#use-cases/audit-trail.ts';
import { ports } from '../composition-root.ts';
import { principalOf } from './identity-guard.ts';

type Handler = (event: HttpEvent) => Promise<HttpResult>;

interface Refusal {
  ownerOrganizationId: string;
  resource: RefusedResource;
}

const refusals = new WeakMap<HttpEvent, Refusal>();

function isRefusal(error: unknown): error is Refusal {
  const candidate = error as Partial<Refusal> | null;
  return (
    typeof candidate?.ownerOrganizationId === 'string' &&
    typeof candidate.resource === 'object' &&
    candidate.resource !== null
  );
}

/** Notes a refusal of another organization's resource for the recorder; answers the error unchanged. */
export function noteRefusal(event: HttpEvent, error: unknown): unknown {
  if (isRefusal(error)) refusals.set(event, error);
  return error;
}

/** The ids a created resource's answer names (a new case, claim, administration, remittance). */
function answeredIds(result: HttpResult): AuditResource {
  const type = String(result.headers?.['content-type'] ?? '');
  if (!type.startsWith('application/json') || typeof result.body !== 'string') return {};
  try {
    const body = JSON.parse(result.body) as Record<string, unknown>;
    return resourceIds(
      Object.fromEntries(
        RESOURCE_ID_NAMES.map((name) => [name, typeof body[name] === 'string' ? body[name] : undefined]),
      ),
    );
  } catch {
    return {};
  }
}

function idsOf(event: HttpEvent, result: HttpResult): AuditResource {
  const fromPath = resourceIds(event.pathParameters ?? {});
  const created = event.requestContext.http?.method === 'POST' && (result.statusCode ?? 0) < 300;
  return created ? { ...fromPath, ...answeredIds(result) } : fromPath;
}

export const auditOff = (): boolean => process.env.PA_AUDIT === 'off';

/** `handler` with every call recorded in the audit trail before its answer is given (through `portsOf()`). */
export function recordingAccess(
  handler: Handler,
  portsOf: () => AuditPorts & Pick<Ports, 'log'> = () => ports,
): Handler {
  return async (event) => {
    const result = await handler(event);
    if (auditOff()) return result;
    const status = result.statusCode ?? 200;
    const refusal = refusals.get(event);
    try {
      await recordApiCall(
        {
          routeKey: event.routeKey,
          status,
          principal: principalOf(event),
          ids: idsOf(event, result),
          ...(refusal ? { refusal } : {}),
          ...(event.queryStringParameters?.organizationId
            ? { listedOrganizationId: event.queryStringParameters.organizationId }
            : {}),
        },
        portsOf(),
      );
    } catch (error) {
      portsOf().log.error('audit event not recorded: access refused', {
        routeKey: event.routeKey,
        status,
        errorName: (error as Error).name,
      });
      return problem(503, 'the access could not be recorded in the audit trail; retry later', {
        type: 'audit-unavailable',
        headers: { 'retry-after': '1' },
      });
    }
    return result;
  };
}
