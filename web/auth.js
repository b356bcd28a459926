// Signing in: the authorization-code flow with PKCE (RFC 6749 §4.1, RFC 7636) against the issuer
// that config.json names (the local issuer, or Cognito's hosted UI on AWS). The access token is
// kept in sessionStorage (api.js) while the person is signed in, and nowhere else; signing out
// clears it. The verifier and state live in sessionStorage only between the redirect and its return.
import { clearToken, getToken, setToken } from './api.js';

const PENDING_KEY = 'pa.signIn';

let config;
async function loadConfig() {
  if (!config) {
    const res = await fetch('config.json', { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error('The sign-in settings could not be loaded. Reload the page to try again.');
    config = await res.json();
  }
  return config;
}

function base64url(bytes) {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const randomText = (size) => base64url(crypto.getRandomValues(new Uint8Array(size)));

async function challengeOf(verifier) {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** The app's own address, where the issuer sends the person back (registered with the issuer). */
function redirectUri() {
  const url = new URL('./', location.href);
  return url.origin + url.pathname;
}

/** Goes to the issuer's sign-in page; the page the person was on is restored on return. */
export async function beginSignIn() {
  const { authorizationEndpoint, clientId, scope } = await loadConfig();
  const verifier = randomText(32);
  const state = randomText(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo: location.hash }));
  const url = new URL(authorizationEndpoint, location.href);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri(),
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    state,
    scope,
  }).toString();
  location.assign(url.href);
}

/**
 * On the return from the issuer (`?code=...&state=...` or `?error=...`): exchanges the code for the
 * access token. Resolves with undefined when there was nothing to finish or it succeeded, and with a
 * message when the sign-in failed. The query leaves the address bar either way.
 */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', location.pathname + (pending?.returnTo ?? ''));
  if (params.has('error')) return `The sign-in did not finish (${params.get('error')}). Try again.`;
  if (!pending || params.get('state') !== pending.state)
    return 'This sign-in was not started from this tab. Sign in again.';
  const { tokenEndpoint, clientId } = await loadConfig();
  let res;
  try {
    res = await fetch(new URL(tokenEndpoint, location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code') ?? '',
        redirect_uri: redirectUri(),
        client_id: clientId,
        code_verifier: pending.verifier,
      }).toString(),
    });
  } catch {
    return 'The sign-in service cannot be reached. Try again.';
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok || typeof body.access_token !== 'string') return 'The sign-in did not finish. Sign in again.';
  setToken(body.access_token);
  return undefined;
}

export const signedIn = () => Boolean(getToken());

export function signOut() {
  clearToken();
}

/**
 * Who is signed in, read from the access token's claims (for display only: the API checks the
 * token itself): name or e-mail, organization and roles.
 */
export function currentUser() {
  const token = getToken();
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(
      decodeURIComponent(
        Array.from(
          atob(payload.replace(/-/g, '+').replace(/_/g, '/')),
          (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
        ).join(''),
      ),
    );
    const roles = Array.isArray(claims.roles)
      ? claims.roles
      : String(claims.scope ?? '')
          .split(' ')
          .filter((s) => s.startsWith('pa-api/'))
          .map((s) => s.slice('pa-api/'.length));
    return {
      name: claims.name ?? claims.email ?? claims.username ?? claims.sub,
      email: claims.email,
      organizationId: claims.organizationId ?? claims['custom:organizationId'],
      roles,
    };
  } catch {
    return undefined;
  }
}
