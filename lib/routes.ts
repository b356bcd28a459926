/**
 * Every HTTP route of API.md, with the function that serves it. The CDK HTTP API and the local
 * HTTP server are both built from this table, so they cannot drift apart.
 */
import type { RouteAccess } from '#core/identity/roles.ts';

export type FunctionName = 'api' | 'webhook' | 'web';

export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  fn: FunctionName;
  /** true: the bearer-token authorizer guards it. */
  auth: boolean;
  /**
   * The role the caller needs (lambdas/core/identity/roles.ts), checked in one place for every route
   * (lambdas/handlers/api/identity-guard.ts): `public` needs no token, `webhook` a payer's signature.
   */
  role: RouteAccess;
  /** The local issuer's endpoints: on AWS the Cognito user pool serves them instead (not deployed). */
  localIssuer?: boolean;
}

/** A route of the api function behind the bearer-token authorizer, for callers with `role`. */
function api(method: RouteSpec['method'], path: string, role: RouteAccess): RouteSpec {
  return { method, path, fn: 'api', auth: true, role };
}

/** A public endpoint of the local issuer (no token). */
function localIssuer(method: RouteSpec['method'], path: string): RouteSpec {
  return { method, path, fn: 'api', auth: false, role: 'public', localIssuer: true };
}

export const ROUTES: readonly RouteSpec[] = [
  api('POST', '/v1/prior-auths', 'staff'),
  api('GET', '/v1/prior-auths', 'viewer'),
  api('GET', '/v1/prior-auths/{caseId}', 'viewer'),
  api('POST', '/v1/prior-auths/{caseId}/claims', 'billing'),
  api('GET', '/v1/claims/{claimId}/x12', 'billing'),
  api('POST', '/v1/prior-auths/{caseId}/administrations', 'staff'),
  api('POST', '/v1/prior-auths/{caseId}/administrations/{administrationId}/claim', 'billing'),
  api('POST', '/v1/prior-auths/{caseId}/continuations', 'staff'),
  api('POST', '/v1/assessments', 'staff'),
  api('GET', '/v1/documents/{documentId}', 'viewer'),
  api('POST', '/v1/uploads', 'staff'),
  api('POST', '/v1/remittances', 'billing'),
  api('GET', '/v1/remittances', 'billing'),
  api('GET', '/v1/remittances/{remittanceId}', 'billing'),
  api('POST', '/v1/organizations', 'admin'),
  api('POST', '/v1/clients', 'admin'),
  api('POST', '/v1/users', 'admin'),
  api('GET', '/v1/audit-events', 'admin'),
  api('GET', '/v1/audit-events/export', 'admin'),
  // The team worklist (issue 13): the organization's people, assignment, notes, the digest now.
  api('GET', '/v1/users', 'viewer'),
  api('POST', '/v1/prior-auths/{caseId}/assignee', 'staff'),
  api('POST', '/v1/prior-auths/{caseId}/notes', 'staff'),
  api('GET', '/v1/prior-auths/{caseId}/notes', 'viewer'),
  api('POST', '/v1/digests', 'admin'),
  api('GET', '/v1/me', 'viewer'),
  // No bearer token: a payer's webhook (its signature is checked instead) and the public endpoints.
  { method: 'POST', path: '/v1/webhooks/payers/{payerId}', fn: 'webhook', auth: false, role: 'webhook' },
  localIssuer('POST', '/oauth2/token'),
  localIssuer('GET', '/oauth2/authorize'),
  localIssuer('POST', '/oauth2/authorize'),
  localIssuer('GET', '/.well-known/openid-configuration'),
  localIssuer('GET', '/.well-known/jwks.json'),
  { method: 'GET', path: '/healthz', fn: 'api', auth: false, role: 'public' },
  { method: 'GET', path: '/openapi.json', fn: 'api', auth: false, role: 'public' },
  // The worklist web app: static files, no data; its API calls carry the token.
  { method: 'GET', path: '/app', fn: 'web', auth: false, role: 'public' },
  { method: 'GET', path: '/app/{proxy+}', fn: 'web', auth: false, role: 'public' },
];

/** Lambda entry points (relative to the repository root) and their exported handler. */
export const FUNCTION_ENTRIES = {
  api: 'lambdas/handlers/api/index.ts',
  webhook: 'lambdas/handlers/api/webhook.ts',
  authorizer: 'lambdas/handlers/api/authorizer.ts',
  sweep: 'lambdas/handlers/sweep.ts',
  web: 'lambdas/handlers/web.ts',
  /** An 835 put under remittances/inbox/ of the documents bucket (S3 Object Created via EventBridge). */
  remittanceInbox: 'lambdas/handlers/remittance-inbox.ts',
  /** Cognito's pre-token-generation trigger (V2_0): organization and roles into a person's access token. */
  preToken: 'lambdas/handlers/pre-token.ts',
  /** New payer-event receipts on the cases table's stream start HandlePayerEvent (lib/event-stream.ts). */
  eventStream: 'lambdas/handlers/event-stream.ts',
} as const;
