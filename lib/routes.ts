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

export const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', path: '/v1/prior-auths', fn: 'api', auth: true, role: 'staff' },
  { method: 'GET', path: '/v1/prior-auths', fn: 'api', auth: true, role: 'viewer' },
  { method: 'GET', path: '/v1/prior-auths/{caseId}', fn: 'api', auth: true, role: 'viewer' },
  { method: 'POST', path: '/v1/prior-auths/{caseId}/claims', fn: 'api', auth: true, role: 'billing' },
  { method: 'GET', path: '/v1/claims/{claimId}/x12', fn: 'api', auth: true, role: 'billing' },
  { method: 'POST', path: '/v1/prior-auths/{caseId}/administrations', fn: 'api', auth: true, role: 'staff' },
  {
    method: 'POST',
    path: '/v1/prior-auths/{caseId}/administrations/{administrationId}/claim',
    fn: 'api',
    auth: true,
    role: 'billing',
  },
  { method: 'POST', path: '/v1/prior-auths/{caseId}/continuations', fn: 'api', auth: true, role: 'staff' },
  { method: 'POST', path: '/v1/assessments', fn: 'api', auth: true, role: 'staff' },
  { method: 'GET', path: '/v1/documents/{documentId}', fn: 'api', auth: true, role: 'viewer' },
  { method: 'POST', path: '/v1/uploads', fn: 'api', auth: true, role: 'staff' },
  { method: 'POST', path: '/v1/remittances', fn: 'api', auth: true, role: 'billing' },
  { method: 'GET', path: '/v1/remittances/{remittanceId}', fn: 'api', auth: true, role: 'billing' },
  { method: 'POST', path: '/v1/webhooks/payers/{payerId}', fn: 'webhook', auth: false, role: 'webhook' },
  { method: 'POST', path: '/v1/organizations', fn: 'api', auth: true, role: 'admin' },
  { method: 'POST', path: '/v1/clients', fn: 'api', auth: true, role: 'admin' },
  { method: 'POST', path: '/v1/users', fn: 'api', auth: true, role: 'admin' },
  { method: 'POST', path: '/oauth2/token', fn: 'api', auth: false, role: 'public', localIssuer: true },
  {
    method: 'GET',
    path: '/.well-known/openid-configuration',
    fn: 'api',
    auth: false,
    role: 'public',
    localIssuer: true,
  },
  {
    method: 'GET',
    path: '/.well-known/jwks.json',
    fn: 'api',
    auth: false,
    role: 'public',
    localIssuer: true,
  },
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
} as const;
