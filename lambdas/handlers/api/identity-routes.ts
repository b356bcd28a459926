/**
 * The identity routes of the API (index.ts spreads them into its table): the admin routes for
 * organizations, clients and users, GET /v1/me, and the local issuer's endpoints: token (client
 * credentials, and authorization codes: oauth-authorize.ts), sign-in form, discovery document and
 * JWKS. On AWS the Cognito user pool serves the issuer's endpoints (routes.ts: `localIssuer`).
 */
import { type HttpEvent, type HttpResult, header, json, parseJsonBody, rawBody } from '#adapters/http.ts';
import { discoveryDocument, issuerSettings, jwks, signingKey } from '#adapters/identity-tokens.ts';
import { accessTokenClaims } from '#core/identity/claims.ts';
import { ClientInput, OrganizationInput, UserInput } from '#core/identity/records.ts';
import { authenticateClient, createClient, createOrganization, createUser } from '#use-cases/identity.ts';
import { ports } from '../composition-root.ts';
import { principalOf } from './identity-guard.ts';
import { exchangeCode, showSignIn, submitSignIn, tokenResponse } from './oauth-authorize.ts';

/** An OAuth 2.0 error answer (RFC 6749 §5.2): JSON, never cached. */
function oauthError(statusCode: number, error: string, headers: Record<string, string> = {}): HttpResult {
  return json(statusCode, { error }, { pragma: 'no-cache', ...headers });
}

/** The client's id and secret: HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or the form's fields. */
function clientCredentials(event: HttpEvent, form: URLSearchParams) {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const part = (value: string) => {
      try {
        return decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        return value;
      }
    };
    return { id: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)), basic: true };
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret, basic: false } : undefined;
}

async function issueToken(event: HttpEvent): Promise<HttpResult> {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(header(event, 'content-type') ?? ''))
    return oauthError(400, 'invalid_request');
  const form = new URLSearchParams(rawBody(event));
  if (form.get('grant_type') === 'authorization_code') return exchangeCode(form);
  if (form.get('grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type');
  const credentials = clientCredentials(event, form);
  const subject = credentials && (await authenticateClient(credentials.id, credentials.secret, ports));
  if (!subject)
    return oauthError(401, 'invalid_client', credentials?.basic ? { 'www-authenticate': 'Basic' } : {});
  const now = ports.clock.now();
  return tokenResponse(accessTokenClaims(subject, { ...issuerSettings(), now }), now);
}

type Route = (event: HttpEvent) => Promise<HttpResult>;

export const identityRoutes: Record<string, Route> = {
  'POST /v1/organizations': async (event) => {
    const organization = await createOrganization(parseJsonBody(event, OrganizationInput), ports);
    return json(201, organization, { location: `/v1/organizations/${organization.id}` });
  },

  'POST /v1/clients': async (event) =>
    json(201, await createClient(parseJsonBody(event, ClientInput), ports)),

  'POST /v1/users': async (event) => json(201, await createUser(parseJsonBody(event, UserInput), ports)),

  'POST /oauth2/token': issueToken,

  'GET /oauth2/authorize': showSignIn,

  'POST /oauth2/authorize': submitSignIn,

  /** The caller as the API sees it: who, which organization, which roles. */
  'GET /v1/me': async (event) => {
    const principal = principalOf(event);
    return json(200, {
      actor: { type: principal?.actorType, id: principal?.actorId },
      organizationId: principal?.organizationId,
      roles: principal?.roles ?? [],
    });
  },

  'GET /.well-known/openid-configuration': async () => json(200, discoveryDocument(issuerSettings())),

  'GET /.well-known/jwks.json': async () =>
    json(200, jwks(await signingKey(ports.identity, ports.clock.now()))),
};
