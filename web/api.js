// The /v1 API, with the bearer token the user typed once (kept in sessionStorage only, so it
// goes away with the tab). Paths are relative to the origin that serves the app.
const TOKEN_KEY = 'pa.apiToken';

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** A refusal or failure of the API, with its problem+json (RFC 9457) when it sent one. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * Calls the API (`body` as JSON, or `raw` as is). Resolves with the parsed JSON (or a Blob for documents); rejects with ApiError.
 * A 401 clears the token and tells the app to ask for it again.
 */
export async function api(method, path, { body, raw, headers = {}, as = 'json' } = {}) {
  const token = getToken();
  const init = { method, headers: { accept: 'application/json', ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  // A body sent as is (an X12 file), with the content type the caller gives in `headers`.
  if (raw !== undefined) init.body = raw;
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(
      0,
      undefined,
      'The service cannot be reached. Check that it is running, then try again.',
    );
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    const problem = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
    if (res.status === 401) {
      clearToken();
      window.dispatchEvent(new CustomEvent('pa:unauthorized'));
    }
    const detail = problem?.detail ?? problem?.title ?? res.statusText;
    throw new ApiError(res.status, problem, `${res.status} ${detail}`);
  }
  if (as === 'blob') return res.blob();
  return type.includes('json') ? res.json() : res.text();
}

export const listCases = (query) => api('GET', `/v1/prior-auths?${new URLSearchParams(query)}`);
export const getCase = (caseId) => api('GET', `/v1/prior-auths/${encodeURIComponent(caseId)}`);
export const submitRequest = (request, idempotencyKey) =>
  api('POST', '/v1/prior-auths', {
    body: request,
    headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
  });
export const assessRequest = (request) => api('POST', '/v1/assessments', { body: request });
export const getDocument = (documentId) =>
  api('GET', `/v1/documents/${encodeURIComponent(documentId)}`, {
    as: 'blob',
    headers: { accept: 'application/pdf' },
  });
