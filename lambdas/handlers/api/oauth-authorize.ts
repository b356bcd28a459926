/**
 * The local issuer's authorization-code flow with PKCE (API.md: "People sign in to the web app
 * with the authorization-code flow and PKCE"): GET /oauth2/authorize shows the sign-in form for a
 * valid request of the registered web client, POST /oauth2/authorize checks the password and
 * redirects with a single-use code, and POST /oauth2/token (grant_type=authorization_code)
 * exchanges it for the person's access token. On AWS Cognito's hosted UI serves all three.
 */
import { type HttpEvent, type HttpResult, header, json, problem, rawBody } from '#adapters/http.ts';
import {
  issuerSettings,
  signAccessToken,
  signingKey,
  signPendingRequest,
  verifyPendingRequest,
  webClientSettings,
} from '#adapters/identity-tokens.ts';
import { ACCESS_TOKEN_SECONDS } from '#core/identity/claims.ts';
import {
  authorizationCode,
  checkAuthorizeRequest,
  codeHashOf,
  newAuthorizationCode,
  redemptionAllowed,
  userAccessTokenClaims,
} from '#core/identity/sign-in.ts';
import { authenticateUser } from '#use-cases/identity.ts';
import { ports } from '../composition-root.ts';
import { redirectTo, signInErrorPage, signInPage } from './sign-in-page.ts';

const WRONG = 'The e-mail or password is not right. Check them and try again.';
const LOCKED = 'Too many tries with a wrong password. Wait 15 minutes, then try again.';
const STALE = 'This sign-in page is no longer valid. Go back to the application and sign in again.';

const issuerNow = () => ({ issuer: issuerSettings().issuer, now: ports.clock.now() });
const originOf = (uri: string) => new URL(uri).origin;

/**
 * A request that cannot go on: the error page for a browser (Accept: text/html), problem+json for
 * any other caller, like every other refusal of the API.
 */
function refuse(event: HttpEvent, message: string): HttpResult {
  if (/\btext\/html\b/i.test(header(event, 'accept') ?? '')) return signInErrorPage(message);
  return problem(400, message, { type: 'validation' });
}

export async function showSignIn(event: HttpEvent): Promise<HttpResult> {
  const check = checkAuthorizeRequest(event.queryStringParameters ?? {}, webClientSettings());
  if (!check.ok) {
    if (!check.redirect) return refuse(event, check.reason);
    return redirectTo(check.redirectUri, { error: check.error, state: check.state });
  }
  const settings = issuerNow();
  const pending = await signPendingRequest(
    check.request,
    await signingKey(ports.identity, settings.now),
    settings,
  );
  return signInPage({ pending, redirectOrigin: originOf(check.request.redirect_uri) });
}

const isForm = (event: HttpEvent) =>
  /^application\/x-www-form-urlencoded\s*(;|$)/i.test(header(event, 'content-type') ?? '');

export async function submitSignIn(event: HttpEvent): Promise<HttpResult> {
  const form = new URLSearchParams(isForm(event) ? rawBody(event) : '');
  const settings = issuerNow();
  const key = await signingKey(ports.identity, settings.now);
  const pending = form.get('pending') ?? '';
  const request = pending ? await verifyPendingRequest(pending, key, settings) : undefined;
  // Signed by this issuer for its web client; checked again in case the registration changed since.
  if (!request || !checkAuthorizeRequest(request, webClientSettings()).ok) return refuse(event, STALE);
  const email = (form.get('email') ?? '').trim().slice(0, 200);
  const redirectOrigin = originOf(request.redirect_uri);
  const signedIn = await authenticateUser(email, form.get('password') ?? '', ports);
  if (signedIn === 'invalid' || signedIn === 'locked')
    return signInPage({ pending, email, redirectOrigin, error: signedIn === 'locked' ? LOCKED : WRONG }, 401);
  const { code, codeHash } = newAuthorizationCode();
  await ports.identity.putAuthorizationCode(authorizationCode(codeHash, request, signedIn, settings.now));
  return redirectTo(request.redirect_uri, { code, state: request.state });
}

const grantError = (statusCode: number, error: string) => json(statusCode, { error }, { pragma: 'no-cache' });

/** POST /oauth2/token with grant_type=authorization_code: the person's access token, once per code. */
export async function exchangeCode(form: URLSearchParams): Promise<HttpResult> {
  const [code, redirectUri, clientId, codeVerifier] = [
    'code',
    'redirect_uri',
    'client_id',
    'code_verifier',
  ].map((name) => form.get(name) ?? '');
  if (!code || !redirectUri || !clientId || !codeVerifier) return grantError(400, 'invalid_request');
  const client = webClientSettings();
  if (clientId !== client.clientId) return grantError(401, 'invalid_client');
  const now = ports.clock.now();
  const stored =
    code.length <= 200 ? await ports.identity.redeemAuthorizationCode(codeHashOf(code)) : undefined;
  if (!stored || !redemptionAllowed(stored, { clientId, redirectUri, codeVerifier, now }))
    return grantError(400, 'invalid_grant');
  return tokenResponse(userAccessTokenClaims(stored.user, clientId, { ...issuerSettings(), now }), now);
}

/** The token endpoint's answer (RFC 6749 §5.1): the claims signed with the issuer's key, never cached. */
export async function tokenResponse(claims: { scope: string }, now: Date): Promise<HttpResult> {
  const accessToken = await signAccessToken(claims, await signingKey(ports.identity, now));
  const body = { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS };
  return json(200, { ...body, scope: claims.scope }, { pragma: 'no-cache' });
}
